package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/belay-sh/belay/internal/shell"
)

// TestAtFileRead checks that the job file of at -f is read on the host
// under --root and judged by its text, that one that cannot be read
// there is code belay cannot see, and that one that is not there queues
// nothing.
func TestAtFileRead(t *testing.T) {
	root := healthyRoot(t)
	home := t.TempDir()
	dir := filepath.Join(root, "home/u")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"ok.sh": "date\n", "bad.sh": "echo cleaning\nrm -rf /\n", "reboot.sh": "reboot\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ line, want, says string }{
		{"at -f ok.sh now + 1 hour", "allow", ""},
		{"at -f /home/u/ok.sh now", "allow", ""},
		{"at -f bad.sh now", "block", "rm -rf /"},
		{"batch -f /home/u/reboot.sh", "confirm", "reboot takes this machine down"},
		{"sudo at -f /home/u/bad.sh now", "block", "rm -rf /"},
		{"at -f missing.sh now", "allow", ""}, // at cannot open it either: nothing is queued
		{"at -f fifo now", "confirm", "fifo that belay cannot see"},
		{"at -f /home/u now", "confirm", "that belay cannot see"},
		{"at -f \"$F\" now", "confirm", `"$F" that belay cannot see`},
	}
	for _, tt := range tests {
		got, msg := corpusVerdict(root, home, corpusCase{line: tt.line, shell: "bash", cwd: "/home/u"})
		if got != tt.want || !strings.Contains(msg, tt.says) {
			t.Errorf("%q: got %s, want %s saying %q\n%s", tt.line, got, tt.want, tt.says, msg)
		}
	}
}

func TestCodeFileReader(t *testing.T) {
	root := t.TempDir()
	write := func(name string, n int) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(strings.Repeat("x", n)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("small", 10)
	write("large", shell.DefaultMaxBytes+1)
	write("private", 10)
	if err := os.Chmod(filepath.Join(root, "private"), 0o600); err != nil {
		t.Fatal(err)
	}
	read := codeFileReader(root)
	if s, err := read("/small"); err != nil || len(s) != 10 {
		t.Errorf("small: %d bytes, %v", len(s), err)
	}
	if _, err := read("/private"); (err == nil) == (os.Geteuid() == 0) {
		t.Errorf("private file as uid %d: %v", os.Geteuid(), err)
	}
	for _, p := range []string{"/large", "/", "/missing", "small"} {
		if _, err := read(p); err == nil {
			t.Errorf("%s: read, want an error", p)
		}
	}
}
