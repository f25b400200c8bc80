package agent

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 12, 1, 10, 15, 0, 0, time.UTC)

// TestConfig: what belay init prints for each agent, exactly.
func TestConfig(t *testing.T) {
	for _, f := range Formats {
		got := string(Config(f, HookCommand("/usr/bin/belay", f)))
		t.Logf("%s:\n%s", f, got)
		if !strings.Contains(got, `"/usr/bin/belay agent-hook --format `+string(f)+`"`) {
			t.Errorf("%s: no hook command in\n%s", f, got)
		}
	}
	want := `{
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash|Write|Edit|MultiEdit|NotebookEdit",
        "hooks": [
          {
            "type": "command",
            "command": "/usr/bin/belay agent-hook --format claude",
            "timeout": 30
          }
        ]
      }
    ]
  }
}
`
	if got := string(Config(Claude, HookCommand("/usr/bin/belay", Claude))); got != want {
		t.Errorf("claude config:\n%s\nwant:\n%s", got, want)
	}
}

// TestInstall: the hook goes at the end of what is there, which is kept
// in its order; a backup is made first; a second install changes
// nothing; links and files that are not JSON objects are refused.
func TestInstall(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "settings.json")
	old := `{
  "model": "opus",
  "hooks": {
    "PostToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": "fmt.sh"}]}],
    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "audit.sh"}]}]
  },
  "env": {"A": "1"}
}
`
	if err := os.WriteFile(file, []byte(old), 0o640); err != nil {
		t.Fatal(err)
	}
	cmd := HookCommand("/usr/bin/belay", Claude)
	res, err := Install(Claude, file, cmd, testNow)
	if err != nil || !res.Changed || res.Created || res.Backup != file+".belay-backup-20261201-101500" {
		t.Fatalf("Install: %+v, %v", res, err)
	}
	if b, _ := os.ReadFile(res.Backup); string(b) != old {
		t.Errorf("backup holds\n%s", b)
	}
	got, _ := os.ReadFile(file)
	want := `{
  "model": "opus",
  "hooks": {
    "PostToolUse": [
      {
        "matcher": "Write",
        "hooks": [
          {
            "type": "command",
            "command": "fmt.sh"
          }
        ]
      }
    ],
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          {
            "type": "command",
            "command": "audit.sh"
          }
        ]
      },
      {
        "matcher": "Bash|Write|Edit|MultiEdit|NotebookEdit",
        "hooks": [
          {
            "type": "command",
            "command": "/usr/bin/belay agent-hook --format claude",
            "timeout": 30
          }
        ]
      }
    ]
  },
  "env": {
    "A": "1"
  }
}
`
	if string(got) != want {
		t.Errorf("merged:\n%s\nwant:\n%s", got, want)
	}
	if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the old file's 0640", fi.Mode().Perm())
	}
	res, err = Install(Claude, file, cmd, testNow.Add(time.Minute))
	if err != nil || res.Changed || res.Backup != "" {
		t.Errorf("second install: %+v, %v; want no change", res, err)
	}
	if again, _ := os.ReadFile(file); string(again) != want {
		t.Errorf("second install changed the file")
	}

	// A new file, in a new directory.
	fresh := filepath.Join(dir, "new", ".codex", "hooks.json")
	res, err = Install(Codex, fresh, HookCommand("/usr/bin/belay", Codex), testNow)
	if err != nil || !res.Changed || !res.Created || res.Backup != "" {
		t.Fatalf("fresh install: %+v, %v", res, err)
	}
	if b, _ := os.ReadFile(fresh); string(b) != string(Config(Codex, HookCommand("/usr/bin/belay", Codex))) {
		t.Errorf("fresh file:\n%s", b)
	}

	// Refused, and left alone.
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"comments.json": "{\n  // a comment\n  \"a\": 1\n}\n",
		"array.json":    "[]\n",
		"dup.json":      `{"a": 1, "a": 2}`,
		"hooks.json":    `{"hooks": []}`,
		"event.json":    `{"hooks": {"PreToolUse": {}}}`,
		"trailing.json": `{} {}`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if res, err := Install(Claude, p, cmd, testNow); err == nil || res.Changed {
			t.Errorf("%s: %+v, %v; want refused", name, res, err)
		}
		if b, _ := os.ReadFile(p); string(b) != content {
			t.Errorf("%s changed", name)
		}
	}
	if _, err := Install(Claude, link, cmd, testNow); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("through a link: %v", err)
	}
}

// TestSettingsFile: where each agent's hook goes.
func TestSettingsFile(t *testing.T) {
	env := map[string]string{"HOME": "/home/u"}
	getenv := func(k string) string { return env[k] }
	for f, want := range map[Format]string{
		Claude: "/home/u/.claude/settings.json", Codex: "/home/u/.codex/hooks.json", Gemini: "/home/u/.gemini/settings.json",
		Cursor: "/home/u/.cursor/hooks.json", Copilot: "/home/u/.copilot/hooks/belay.json",
	} {
		if got, err := SettingsFile(f, getenv, false, ""); got != want || err != nil {
			t.Errorf("%s: %q, %v; want %q", f, got, err, want)
		}
	}
	for f, want := range map[Format]string{
		Claude: "/p/.claude/settings.json", Codex: "/p/.codex/hooks.json", Gemini: "/p/.gemini/settings.json",
		Cursor: "/p/.cursor/hooks.json", Copilot: "/p/.github/hooks/belay.json",
	} {
		if got, err := SettingsFile(f, getenv, true, "/p"); got != want || err != nil {
			t.Errorf("%s --project: %q, %v; want %q", f, got, err, want)
		}
	}
	env["CODEX_HOME"] = "/opt/codex"
	if got, _ := SettingsFile(Codex, getenv, false, ""); got != "/opt/codex/hooks.json" {
		t.Errorf("CODEX_HOME: %q", got)
	}
	env["HOME"] = ""
	if _, err := SettingsFile(Gemini, getenv, false, ""); err == nil {
		t.Errorf("no HOME: no error")
	}
}
