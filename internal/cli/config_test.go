package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBrokenConfigStillChecks: a belay.toml that cannot be used, the
// fleet's or the user's, never switches the guard off: rm -rf / is still
// blocked (exit 1, not 2), the warning names the file on stderr and in
// --json's refused_packs, and an ordinary line still runs (exit 0).
func TestBrokenConfigStillChecks(t *testing.T) {
	for _, tt := range []struct {
		name string
		make func(t *testing.T, path string)
		want string // in the warning, after the file's name
	}{
		{"typo in a key", func(t *testing.T, p string) { writeFile(t, p, "prompt_timout = 5\n") }, ":1:1: unknown key prompt_timout (did you mean prompt_timeout?): ignored"},
		{"bad value", func(t *testing.T, p string) { writeFile(t, p, "mode = \"obsreve\"\n") }, `:1:1: mode must be "enforce" or "observe", not "obsreve": ignored`},
		{"invalid TOML", func(t *testing.T, p string) { writeFile(t, p, "[actions\n") }, ":2:9: expected '.' or ']' to end table name"},
		{"too large", func(t *testing.T, p string) { writeFile(t, p, "# "+strings.Repeat("x", 1<<20)+"\n") }, ": refused: 1048579 bytes, more than 65536"},
		{"nested too deeply", func(t *testing.T, p string) { writeFile(t, p, pathologicalConfig) }, ":1:"},
		{"a directory", func(t *testing.T, p string) { os.MkdirAll(p, 0o755) }, ": refused: not a regular file"},
		{"a FIFO", func(t *testing.T, p string) {
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip(err)
			}
		}, ": refused: not a regular file"},
		{"a link loop", func(t *testing.T, p string) {
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.Symlink(filepath.Base(p), p)
		}, ": too many levels of symbolic links"},
		{"unreadable", func(t *testing.T, p string) {
			if os.Getuid() == 0 {
				t.Skip("root reads any file")
			}
			writeFile(t, p, "mode = \"enforce\"\n")
			os.Chmod(p, 0)
		}, ": permission denied"},
		{"wrong owner", func(t *testing.T, p string) {
			if os.Getuid() != 0 {
				t.Skip("needs root to give the file away")
			}
			writeFile(t, p, "mode = \"observe\"\n")
			os.Chown(p, 1000, 1000)
		}, ": refused: fleet files must be owned by root (owner uid 1000): the whole file is ignored"},
	} {
		for _, layer := range []string{"fleet", "user"} {
			t.Run(layer+"/"+tt.name, func(t *testing.T) {
				env := auditEnv(t)
				path := filepath.Join(env["BELAY_ETC"], "belay.toml")
				switch {
				case layer == "user" && tt.name == "wrong owner":
					t.Skip("the user's file need not be root's")
				case layer == "user":
					path = filepath.Join(env["XDG_CONFIG_HOME"], "belay", "belay.toml")
				case os.Getuid() != 0:
					t.Skip("the fleet's files must be owned by root")
				}
				tt.make(t, path)
				var stdout strings.Builder
				code, stderr := runEnv(env, &stdout, "check", "--json", "--no-prompt", "--", "rm -rf /")
				if code != ExitBlock || !strings.Contains(stderr, "blocked: ") || !strings.Contains(stderr, "[filesystem.delete-root]") {
					t.Fatalf("exit %d, want %d\n%s", code, ExitBlock, stderr)
				}
				if !strings.Contains(stderr, "belay: warning: config: "+path+tt.want) {
					t.Errorf("stderr does not name %s%s:\n%s", path, tt.want, stderr)
				}
				var out struct {
					Refused []string `json:"refused_packs"`
				}
				if err := json.Unmarshal([]byte(stdout.String()), &out); err != nil || len(out.Refused) != 1 || !strings.HasPrefix(out.Refused[0], path) {
					t.Errorf("refused_packs %q (%v)", out.Refused, err)
				}
				if code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", "ls"); code != ExitAllow {
					t.Errorf("ls: exit %d\n%s", code, stderr)
				}
			})
		}
	}
}

// pathologicalConfig is a belay.toml built to be slow to decode.
var pathologicalConfig = "a = " + strings.Repeat("{b=", 10000) + "1" + strings.Repeat("}", 10000)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestConfigTooDeepIsIgnored: a pathological belay.toml is named, like
// any broken config, and the line is judged without it.
func TestConfigTooDeepIsIgnored(t *testing.T) {
	env := auditEnv(t)
	cfg := filepath.Join(t.TempDir(), "belay.toml")
	os.WriteFile(cfg, []byte(pathologicalConfig), 0o644)
	env["BELAY_CONFIG"] = cfg
	code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", "ls")
	if code != ExitAllow || !strings.Contains(stderr, cfg+":1:") || !strings.Contains(stderr, "nested too deeply") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// TestConfigActionsLayers: [actions] in the fleet's belay.toml may set
// any action; in the user's they may only tighten, against the built-in
// rules as well as against the fleet's settings.
func TestConfigActionsLayers(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("the fleet's config must be owned by root")
	}
	for _, tt := range []struct {
		name, fleet, user, line string
		code                    int
		stderr                  string
	}{
		{name: "user loosens a built-in rule", user: `"filesystem.delete-root" = "allow"`, line: "rm -rf /", code: ExitBlock,
			stderr: "a personal pack cannot loosen filesystem.delete-root from block to allow"},
		{name: "user tightens", user: `"filesystem.delete-system-tree" = "block"`, line: "rm -rf /var/www/*", code: ExitBlock},
		{name: "fleet loosens", fleet: `"filesystem.delete-root" = "confirm"`, line: "rm -rf /", code: ExitConfirm},
		{name: "user loosens the fleet's", fleet: `"filesystem.delete-system-tree" = "block"`, user: `"filesystem.delete-system-tree" = "warn"`,
			line: "rm -rf /var/www/*", code: ExitBlock, stderr: "would loosen the fleet's"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := auditEnv(t)
			for dir, actions := range map[string]string{env["BELAY_ETC"]: tt.fleet, filepath.Join(env["XDG_CONFIG_HOME"], "belay"): tt.user} {
				if actions == "" {
					continue
				}
				os.MkdirAll(dir, 0o755)
				if err := os.WriteFile(filepath.Join(dir, "belay.toml"), []byte("[actions]\n"+actions+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", tt.line)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
		})
	}
}
