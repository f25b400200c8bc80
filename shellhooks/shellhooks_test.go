package shellhooks

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/testtool"
)

// TestHook checks that each hook names the binary it is given, quoted so
// that its shell reads the path back exactly, and that the shell parses
// the whole hook.
func TestHook(t *testing.T) {
	const bin = `/opt/it's a "test" \dir $HOME/belay`
	assign := map[string]*regexp.Regexp{
		"bash": regexp.MustCompile(`(?m)^__belay_default_bin=.*$`),
		"zsh":  regexp.MustCompile(`(?m)^typeset -g __belay_default_bin=.*$`),
		"fish": regexp.MustCompile(`(?m)^set -g __belay_default_bin .*$`),
	}
	for _, sh := range Shells {
		t.Run(sh, func(t *testing.T) {
			hook, ok := Hook(sh, bin)
			if !ok {
				t.Fatalf("no hook for %s", sh)
			}
			line := assign[sh].FindString(hook)
			if line == "" {
				t.Fatalf("the hook does not set __belay_default_bin:\n%s", hook)
			}
			path := testtool.Need(t, sh)
			if out, err := exec.Command(path, "-n", "-c", hook).CombinedOutput(); err != nil {
				t.Fatalf("%s -n: %v\n%s", sh, err, out)
			}
			out, err := exec.Command(path, "-c", line+"; printf %s \"$__belay_default_bin\"").CombinedOutput()
			if err != nil || string(out) != bin {
				t.Fatalf("%s reads the path back as %q (%v), want %q", sh, out, err, bin)
			}
		})
	}
	if _, ok := Hook("tcsh", bin); ok {
		t.Error("a hook for tcsh")
	}
}

// TestLongLineKeptOff checks that a line too long to hand to belay as one
// argument is kept off by the hook itself: with /bin/true standing in for
// belay, which would allow anything, the hook must still refuse it.
func TestLongLineKeptOff(t *testing.T) {
	long := strings.Repeat("x", 40000)
	calls := map[string]string{
		"bash": `__belay_check bash "$LONG"; echo "rc=$?"`,
		"zsh":  `__belay_check "$LONG"; echo "rc=$?"`,
		"fish": `__belay_check "$LONG"; echo "rc=$status"`,
	}
	for _, sh := range Shells {
		t.Run(sh, func(t *testing.T) {
			path := testtool.Need(t, sh)
			hook, _ := Hook(sh, "/bin/true")
			// The hooks load only in interactive shells.
			args := map[string][]string{"bash": {"--norc", "-i"}, "zsh": {"-f", "-i"}, "fish": {"--no-config", "-i"}}[sh]
			cmd := exec.Command(path, append(args, "-c", hook+"\n"+calls[sh])...)
			cmd.Env = append(os.Environ(), "LONG="+long, "HOME="+t.TempDir())
			out, _ := cmd.CombinedOutput()
			if !strings.Contains(string(out), "belay: blocked: the line is too long to check (40000 characters)") || !strings.Contains(string(out), "rc=1") {
				t.Fatalf("a 40000-character line:\n%s", out)
			}
		})
	}
}

// TestContract runs each hook's __belay_check against fake belays that
// answer with each exit status, die of a signal or are missing, and checks
// the contract of shellhooks.go: what runs, what is kept off, what is
// said, and the record the hook writes when belay could not.
func TestContract(t *testing.T) {
	calls := map[string]string{
		"bash": `__belay_check bash "$LINE"; echo "rc=$?"`,
		"zsh":  `__belay_check "$LINE"; echo "rc=$?"`,
		"fish": `__belay_check "$LINE"; echo "rc=$status"`,
	}
	for _, tt := range []struct {
		name   string
		script string // the fake belay; "" for a missing one
		run    bool   // __belay_check returns 0
		say    string
		record string // the record's outcome, "" for none
		env    []string
	}{
		{name: "allow", script: "exit 0", run: true},
		{name: "block", script: "exit 1"},
		{name: "confirm-no-tty", script: "exit 3"},
		{name: "interrupted", script: "kill -INT $$"},
		{name: "usage-error", script: "echo 'belay: error: nonsense' >&2; exit 2", say: "belay: error: belay failed with status 2: the line was not run", record: "not run"},
		{name: "garbage", script: "head -c 300 /dev/urandom; exit 9", say: "belay failed with status 9: the line was not run", record: "not run"},
		{name: "killed", script: "kill -KILL $$", run: true, say: "belay: warning: guard unavailable (belay was killed by SIGKILL); running unchecked", record: "fallback"},
		// A belay that hangs before its own watchdog starts is ended by
		// the hook's hard limit (5 s) and counts as killed.
		{name: "hang", script: "exec sleep 60", run: true, say: "running unchecked", record: "fallback", env: []string{"BELAY_HOOK_HARD_TIMEOUT=1"}},
		{name: "missing", run: true, say: "no such program); running unchecked", record: "fallback"},
	} {
		for _, sh := range Shells {
			t.Run(tt.name+"/"+sh, func(t *testing.T) {
				t.Parallel()
				path := testtool.Need(t, sh)
				dir := t.TempDir()
				bin := filepath.Join(dir, "no-belay")
				if tt.script != "" {
					bin = filepath.Join(dir, "belay")
					if err := os.WriteFile(bin, []byte("#!/bin/sh\n"+tt.script+"\n"), 0o755); err != nil {
						t.Fatal(err)
					}
				}
				hook, _ := Hook(sh, bin)
				args := map[string][]string{"bash": {"--norc", "-i"}, "zsh": {"-f", "-i"}, "fish": {"--no-config", "-i"}}[sh]
				cmd := exec.Command(path, append(args, "-c", hook+"\n"+calls[sh])...)
				log := filepath.Join(dir, "audit.jsonl")
				line := "rm -rf /srv/x # \xe9t\xe9"
				cmd.Env = append(os.Environ(), "LINE="+line, "HOME="+dir, "BELAY_AUDIT_FILE="+log, "BELAY_AUDIT_SYSLOG=off")
				cmd.Env = append(cmd.Env, tt.env...)
				out, _ := cmd.CombinedOutput()
				wantRC := "rc=0"
				if !tt.run {
					wantRC = "rc=[1-9][0-9]*"
				}
				if !regexp.MustCompile(wantRC + `\n`).Match(out) {
					t.Errorf("want %s:\n%s", wantRC, out)
				}
				if tt.say != "" && !strings.Contains(string(out), tt.say) {
					t.Errorf("want %q:\n%s", tt.say, out)
				}
				if tt.say == "" && strings.Contains(string(out), "belay: ") {
					t.Errorf("the hook spoke:\n%s", out)
				}
				var rec struct {
					Time       string `json:"time"`
					LineBase64 string `json:"line_base64"`
					Decision   string `json:"decision"`
					Outcome    string `json:"outcome"`
					Reason     string `json:"reason"`
					Shell      string `json:"shell"`
				}
				// The hook records in the background.
				var data []byte
				for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
					data, _ = os.ReadFile(log)
					if tt.record == "" && time.Until(deadline) < 9700*time.Millisecond || bytes.HasSuffix(data, []byte("}\n")) {
						break
					}
				}
				if tt.record == "" {
					if len(data) > 0 {
						t.Errorf("a record: %s", data)
					}
					return
				}
				if err := json.Unmarshal(data, &rec); err != nil || !strings.HasSuffix(string(data), "}\n") {
					t.Fatalf("record %q: %v", data, err)
				}
				raw, _ := base64.StdEncoding.DecodeString(rec.LineBase64)
				if string(raw) != line || rec.Decision != "unchecked" || rec.Outcome != tt.record || rec.Shell != sh || rec.Reason == "" || rec.Time == "" {
					t.Errorf("record %s (line %q)", data, raw)
				}
			})
		}
	}
}

// TestState checks what each hook passes of its session (belay hook
// --state): the variables, aliases and functions the line names, and only
// those; nothing for a line that names none; and over the cap, no state
// but --state-dropped. A fake belay writes its arguments to a file.
func TestState(t *testing.T) {
	setup := map[string]string{
		"bash": `D=/srv/app; a=(rm -rf "/x y"); U=unused; alias x='rm -rf /' s='sudo '; f() { rm -rf "$E"; }; g() { h; }; h() { f; }; E=/e; BIG=$(printf '%020000d' 0); text=/usr/text; w=/usr/w`,
		"zsh":  `D=/srv/app; a=(rm -rf "/x y"); U=unused; alias x='rm -rf /' s='sudo '; alias -g G=/; f() { rm -rf "$E"; }; g() { h; }; h() { f; }; E=/e; BIG=$(printf '%020000d' 0); text=/usr/text; w=/usr/w`,
		"fish": `set D /srv/app; set a rm -rf "/x y"; set U unused; abbr -a x 'rm -rf /'; function f; rm -rf $E; end; function g; h; end; function h; f; end; set E /e; set BIG (printf '%020000d' 0); set text /usr/text; set w /usr/w`,
	}
	check := map[string]string{
		"bash": `__belay_check bash "$LINE"`,
		"zsh":  `__belay_check "$LINE"`,
		"fish": `__belay_check "$LINE"`,
	}
	for _, tt := range []struct {
		line       string
		want, not  []string
		noState    bool
		dropped    bool
		onlyShells string
	}{
		{line: `rm -rf "$D"/* $a`, want: []string{"/srv/app", "/x y"}, not: []string{"unused", "rm -rf /"}},
		{line: `s x`, want: []string{"rm -rf /"}, not: []string{"/srv/app"}, onlyShells: "bash zsh"},
		{line: `x`, want: []string{"rm -rf /"}, not: []string{"/srv/app"}},
		{line: `f; echo ok`, want: []string{`rm -rf`, "E", "/e"}, not: []string{"/srv/app"}},
		{line: `rm -rf G`, want: []string{"alias -g", "G=/"}, onlyShells: "zsh"},
		// A function called through another two, by \f (no alias, still
		// the function) and by a variable's value.
		{line: `g`, want: []string{`rm -rf`, "/e"}},
		{line: `\f`, want: []string{`rm -rf`, "/e"}, onlyShells: "bash zsh"},
		{line: `c=f; $c`, want: []string{`rm -rf`, "/e"}, onlyShells: "bash zsh"},
		// Past the first 64 words and $s; past what it looks up, dropped.
		{line: strings.Repeat("true; ", 70) + "f", want: []string{`rm -rf`, "/e"}},
		{line: strings.Repeat("echo $D; ", 70) + "rm -rf $a", want: []string{"/x y"}},
		{line: strings.Repeat("$U ", 300), noState: true, dropped: true},
		{line: `ls -la /tmp && git status`, noState: true},
		// The session's variables, not the hook's own of the same name.
		{line: `rm -rf $text $w $_`, want: []string{"/usr/text", "/usr/w"}, not: []string{"__belay"}},
		{line: `echo $BIG`, noState: true, dropped: true},
	} {
		for _, sh := range Shells {
			if tt.onlyShells != "" && !strings.Contains(tt.onlyShells, sh) {
				continue
			}
			t.Run(sh+"/"+tt.line, func(t *testing.T) {
				t.Parallel()
				path := testtool.Need(t, sh)
				dir := t.TempDir()
				bin := filepath.Join(dir, "belay")
				args := bin + ".args"
				if err := os.WriteFile(bin, []byte("#!/bin/sh\nfor a; do printf '%s\\n--next--\\n' \"$a\"; done > \"$0.args\"\n"), 0o755); err != nil {
					t.Fatal(err)
				}
				hook, _ := Hook(sh, bin)
				flags := map[string][]string{"bash": {"--norc", "-i"}, "zsh": {"-f", "-i"}, "fish": {"--no-config", "-i"}}[sh]
				cmd := exec.Command(path, append(flags, "-c", hook+"\n"+setup[sh]+"\n"+check[sh])...)
				cmd.Env = append(os.Environ(), "LINE="+tt.line, "HOME="+dir)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				b, err := os.ReadFile(args)
				if err != nil {
					t.Fatal(err)
				}
				got := string(b)
				state := ""
				for _, a := range strings.Split(got, "\n--next--\n") {
					if s, ok := strings.CutPrefix(a, "--state="); ok {
						state = s
					}
				}
				if tt.noState != (state == "") {
					t.Errorf("state %q", state)
				}
				if tt.dropped != strings.Contains(got, "--state-dropped\n") {
					t.Errorf("--state-dropped: %v, want %v:\n%s", !tt.dropped, tt.dropped, got)
				}
				for _, w := range tt.want {
					if !strings.Contains(state, w) {
						t.Errorf("the state lacks %q:\n%s", w, state)
					}
				}
				for _, w := range tt.not {
					if strings.Contains(state, w) {
						t.Errorf("the state holds %q:\n%s", w, state)
					}
				}
			})
		}
	}
}
