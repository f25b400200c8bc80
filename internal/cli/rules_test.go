package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocsWorkedExample keeps the worked example in docs/rules.md true: it
// must lint clean and pass its own tests.
func TestDocsWorkedExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i := strings.Index(s, "## A worked example")
	if i < 0 {
		t.Fatal("docs/rules.md has no worked example")
	}
	s = s[i:]
	start := strings.Index(s, "```toml\n")
	end := strings.Index(s[start+8:], "\n```")
	if start < 0 || end < 0 {
		t.Fatal("no toml block in the worked example")
	}
	f := filepath.Join(t.TempDir(), "50-dbteam.toml")
	if err := os.WriteFile(f, []byte(s[start+8:start+8+end+1]), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := runApp(t, "rules", "lint", f); code != 0 {
		t.Fatalf("belay rules lint on the worked example: exit %d\n%s", code, out)
	}
}
