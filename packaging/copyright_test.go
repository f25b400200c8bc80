package packaging

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCopyright: /usr/share/doc/belay/copyright names every module linked
// into belay, each with its licence text, and the Go standard library: a
// new dependency fails here until scripts/gen-copyright is run.
func TestCopyright(t *testing.T) {
	data, err := os.ReadFile("copyright")
	if err != nil {
		t.Fatal(err)
	}
	stanzas := map[string]string{}
	for _, st := range strings.Split(string(data), "\n\n") {
		first, rest, _ := strings.Cut(st, "\n")
		if name, ok := strings.CutPrefix(first, "Files: "); ok {
			stanzas[name] = rest
		}
	}
	cmd := exec.Command("go", "-C", "..", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}{{end}}{{end}}", "./cmd/belay")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	want := map[string]bool{"go-stdlib": true}
	for _, m := range strings.Fields(string(out)) {
		want[m] = true
	}
	for m := range want {
		st, ok := stanzas[m]
		if !ok {
			t.Errorf("copyright has no stanza for %s: run scripts/gen-copyright > packaging/copyright", m)
			continue
		}
		if !strings.Contains(st, "\nLicense: ") && !strings.HasPrefix(st, "License: ") || !strings.Contains(strings.ToLower(st), "copyright") {
			t.Errorf("copyright: the stanza for %s has no licence text:\n%s", m, st)
		}
	}
	for m := range stanzas {
		if !want[m] {
			t.Errorf("copyright names %s, which belay no longer links: run scripts/gen-copyright", m)
		}
	}
}
