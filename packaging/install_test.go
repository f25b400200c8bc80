package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMakeInstall runs make install into a temporary DESTDIR, as a person
// installing from source does, and checks each file it promises.
func TestMakeInstall(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("make is needed in CI (.ci/run installs it)")
		}
		t.Skip("no make")
	}
	dest := t.TempDir()
	cmd := exec.Command("make", "-C", "..", "install", "DESTDIR="+dest, "PREFIX=/usr")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}
	for file, want := range map[string]string{
		"usr/bin/belay":                                  "",
		"usr/share/man/man1/belay.1":                     ".TH",
		"usr/share/bash-completion/completions/belay":    "complete",
		"usr/share/zsh/site-functions/_belay":            "#compdef belay",
		"usr/share/fish/vendor_completions.d/belay.fish": "complete -c belay",
	} {
		data, err := os.ReadFile(filepath.Join(dest, file))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if !strings.Contains(string(data), want) {
			t.Errorf("%s does not hold %q", file, want)
		}
	}
	out, err := exec.Command(filepath.Join(dest, "usr/bin/belay"), "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "belay ") {
		t.Errorf("installed belay --version: %q %v", out, err)
	}
}
