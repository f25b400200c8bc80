package facts

import (
	"os"
	"strings"
	"testing"
)

// factsDoc is the list of facts in docs/rules.md, between its markers.
func factsDoc() string {
	var b strings.Builder
	b.WriteString("| fact | about | holds when |\n|---|---|---|\n")
	for _, n := range Names() {
		about := "the host"
		if TakesTarget(n) {
			about = "the matched path"
		}
		if n == AccountOwn {
			about = "the matched operand"
		}
		b.WriteString("| `" + n + "` | " + about + " | " + strings.ReplaceAll(Describe(n), "|", "\\|") + " |\n")
	}
	return b.String()
}

// TestFactsDocumented: docs/rules.md lists every fact a rule's when can
// name, with its meaning. BELAY_UPDATE_DOCS=1 rewrites the list.
func TestFactsDocumented(t *testing.T) {
	const file = "../../docs/rules.md"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	const begin, end = "<!-- facts:begin -->\n", "<!-- facts:end -->"
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s: no %q … %q markers", file, begin, end)
	}
	want := factsDoc()
	if doc[i+len(begin):j] == want {
		return
	}
	if os.Getenv("BELAY_UPDATE_DOCS") == "1" {
		if err := os.WriteFile(file, []byte(doc[:i+len(begin)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s does not list the facts as belay has them (BELAY_UPDATE_DOCS=1 rewrites it):\n%s", file, want)
}
