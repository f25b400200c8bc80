package packs

import (
	"testing"

	"github.com/belay-sh/belay/internal/policy"
)

// TestBuiltinRules runs every test case of every built-in pack through the
// real analyzer and matcher: a line marked match must make its rule match,
// a line marked no match must not.
func TestBuiltinRules(t *testing.T) {
	packs, err := policy.BuiltinWithTests()
	if err != nil {
		t.Fatal(err)
	}
	set, err := policy.Compile(packs, policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	results := set.RunTests(AnalyzeTest)
	if len(results) < 100 {
		t.Fatalf("only %d rule tests ran", len(results))
	}
	for _, r := range results {
		if !r.Passed {
			t.Error(r.String())
		}
	}
	for _, msg := range Lint(set, nil) {
		t.Error(msg)
	}
}
