package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/policy"
)

// hintedFrom returns the line the ack hint in stderr tells to type, and
// whether there is one (the fallback hint names the ids instead).
func hintedFrom(stderr string) (string, bool) {
	const lead = "to run it anyway"
	i := strings.Index(stderr, lead)
	if i < 0 {
		return "", false
	}
	rest := stderr[i+len(lead):]
	if line, ok := strings.CutPrefix(rest, ": "); ok {
		line, _, _ = strings.Cut(line, "\n")
		return line, true
	}
	// " (N lines):\n" then the N lines.
	if !strings.HasPrefix(rest, " (") {
		return "", false
	}
	head, body, ok := strings.Cut(rest[2:], " lines):\n")
	n, err := strconv.Atoi(head)
	if !ok || err != nil {
		return "", false
	}
	lines := strings.SplitN(body, "\n", n+1)
	if len(lines) < n {
		return "", false
	}
	return strings.Join(lines[:n], "\n"), true
}

// TestAckHintsRejudged takes the way forward belay prints for every stop
// of the corpus and of the built-in rules' own tests, types it, and checks
// that it goes through, acknowledged: every hint is valid shell for the
// line as typed, with each ack on the command its rule matched.
func TestAckHintsRejudged(t *testing.T) {
	if testing.Short() {
		t.Skip("judges the corpus twice")
	}
	root := healthyRoot(t)
	home := t.TempDir()
	cases := readCorpus(t)
	pks, err := policy.BuiltinWithTests()
	if err != nil {
		t.Fatal(err)
	}
	for _, pk := range pks {
		for _, r := range pk.Rules {
			for _, tc := range r.Tests {
				if tc.Match && len(tc.Facts) == 0 {
					cases = append(cases, corpusCase{file: "rule " + r.ID, line: tc.Line, expect: "stop", shell: "bash", cwd: tc.Cwd, env: tc.Env})
				}
			}
		}
	}
	stops, hinted, fallback := 0, 0, 0
	for _, c := range cases {
		if c.gap || c.expect == "pass" || c.expect == "warn" || c.expect == "allow" {
			continue
		}
		if c.cwd == "" {
			c.cwd = "/home/u"
		}
		if c.shell == "" {
			c.shell = "bash"
		}
		got, stderr := corpusVerdict(root, home, c)
		if !verdictMatches("stop", got) {
			continue
		}
		stops++
		line, ok := hintedFrom(stderr)
		if !ok {
			fallback++
			t.Logf("%s:%d: %.80q: no line to type", c.file, c.lineNo, c.line)
			if !strings.Contains(stderr, "put BELAY_ACK=") {
				t.Errorf("%s:%d: %q: no way forward printed:\n%s", c.file, c.lineNo, c.line, stderr)
			}
			continue
		}
		hinted++
		c2 := c
		c2.line = line
		got2, stderr2 := corpusVerdict(root, home, c2)
		if !verdictMatches("pass", got2) || !strings.Contains(stderr2, "acknowledged") {
			t.Errorf("%s:%d: %q: the hint %q gets %s:\n%s", c.file, c.lineNo, c.line, line, got2, stderr2)
		}
	}
	t.Logf("%d stops: %d hinted lines re-judged, %d named the ids only", stops, hinted, fallback)
	if stops == 0 || fallback*20 > stops {
		t.Errorf("%d of %d stops got no line to type", fallback, stops)
	}
}

// TestDynamicWhy: a stop on a target made from a word belay could not
// read says which variable or substitution made it so, and what it is
// judged as; a dynamic word that is not the target says nothing.
func TestDynamicWhy(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{`rm -rf "$DEPLOY_DIR/"*`, `DEPLOY_DIR is not in belay's environment (unset, or set in the shell without export), so "$DEPLOY_DIR/"* is judged as /*`},
		{`rm -rf $(cat dirs)`, `$(cat dirs) is only known when it runs, so it is judged at its worst`},
		{`echo "$X" > /etc/passwd`, ``},
	} {
		_, v := judged(t, tt.line)
		got := ""
		for _, f := range v.decision.Findings {
			if w := dynamicWhy(f, v.opt.Env); w != "" {
				got = w
				break
			}
		}
		if got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.line, got, tt.want)
		}
	}
}
