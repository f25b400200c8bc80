package policy

import (
	"fmt"
	"strings"

	"github.com/belay-sh/belay/internal/shell"
)

// TestResult is the outcome of one rule test case.
type TestResult struct {
	Rule   *Rule
	Test   Test
	Passed bool
	Got    string // when it failed: what was found instead
}

// String describes the result as "FILE:LINE: rule: ok" or the failure.
func (r TestResult) String() string {
	want := "match"
	if !r.Test.Match {
		want = "no match"
	}
	if r.Passed {
		return fmt.Sprintf("%s: %s: ok: %s", r.Test.Pos, r.Rule.ID, want)
	}
	return fmt.Sprintf("%s: %s: want %s for %s, got %s", r.Test.Pos, r.Rule.ID, want, r.Test.Line, r.Got)
}

// Analyze analyses the test's line the way every rule test is run: bash,
// in /home/tester with HOME=/home/tester unless the case says otherwise,
// and nothing else from the environment.
func (t Test) Analyze() *shell.Analysis {
	env := map[string]string{"HOME": "/home/tester", "USER": "tester", "PATH": "/usr/local/bin:/usr/bin:/bin"}
	for k, v := range t.Env {
		env[k] = v
	}
	cwd := t.Cwd
	if cwd == "" {
		cwd = "/home/tester"
	}
	return shell.Analyze(t.Line, shell.Options{Dialect: shell.Bash, Env: env, Cwd: cwd})
}

// RunTests runs the test cases of every rule in the Set. analyze turns a
// test's line into an Analysis (the caller applies Cwd and Env, and their
// defaults); facts are answered from Test.Facts, and facts not named there
// do not hold. A test passes when a finding of its rule appears (Match) or
// does not (!Match); a line that does not parse fails either way.
func (s *Set) RunTests(analyze func(t Test) *shell.Analysis) []TestResult {
	return s.RunTestsOf(nil, analyze)
}

// RunTestsOf runs the test cases of the rules keep accepts (all when keep
// is nil), matched against the whole Set.
func (s *Set) RunTestsOf(keep func(*Rule) bool, analyze func(t Test) *shell.Analysis) []TestResult {
	var out []TestResult
	for _, r := range s.rules {
		if keep != nil && !keep(r) {
			continue
		}
		for _, t := range r.Tests {
			out = append(out, s.runTest(r, t, analyze))
		}
	}
	return out
}

func (s *Set) runTest(r *Rule, t Test, analyze func(Test) *shell.Analysis) (res TestResult) {
	res = TestResult{Rule: r, Test: t}
	defer func() {
		if p := recover(); p != nil {
			res.Passed, res.Got = false, fmt.Sprintf("internal error: %v", p)
		}
	}()
	a := analyze(t)
	switch {
	case a == nil:
		res.Got = "no analysis"
		return res
	case a.ParseError != nil:
		res.Got = "a line that does not parse: " + a.ParseError.Error()
		return res
	}
	d := s.Decide(a, factsAsker(t.Facts))
	matched := false
	for _, f := range d.Findings {
		if f.RuleID == r.ID {
			matched = true
		}
	}
	res.Passed = matched == t.Match
	if !res.Passed {
		res.Got = describeFindings(d.Findings)
	}
	return res
}

// factsAsker answers from a test's facts table.
func factsAsker(facts map[string]string) Asker {
	return AskerFunc(func(name, _ string) (Answer, error) {
		d, ok := facts[name]
		return Answer{Holds: ok, Detail: d}, nil
	})
}

func describeFindings(fs []Finding) string {
	if len(fs) == 0 {
		return "no findings"
	}
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s (%s)", f.RuleID, f.Action)
		if f.Invocation != nil {
			fmt.Fprintf(&b, " on %q", f.Invocation.Text)
		}
		if f.Target != "" {
			fmt.Fprintf(&b, " target %q", f.Target)
		}
	}
	return b.String()
}
