package cli

import (
	"bytes"
	"testing"

	"github.com/belay-sh/belay/internal/policy"
)

// FuzzCheck runs whole checks, line and dialect, through the analyzer, the
// built-in rules and the decision: never a panic, never a hang, and a line
// that cannot be understood is never silently allowed.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"rm -rf /", "sudo mv /usr/sbin{,.bak}", "echo 'rm -rf /' | sh", "reboot",
		"cat <<EOF | bash\nrm -rf /\nEOF", "git push -f origin main", "$(", "a=(", "dd of=/dev/sda",
		"begin; rm -rf (echo /); end", ":(){ :|:& };:", "find / -exec rm -rf {} +",
	} {
		f.Add(s, uint8(0))
	}
	shells := []string{"bash", "sh", "zsh", "fish"}
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" },
		environ: func() []string { return []string{"HOME=/home/u"} }, cwd: "/home/u"}
	a.out = newOutput(a.stderr, a.getenv, "never")
	f.Fuzz(func(t *testing.T, line string, d uint8) {
		o := &checkOpts{root: t.TempDir(), shell: shells[int(d)%len(shells)], color: "never"}
		v, err := a.judge(o, line, nil)
		if err != nil {
			t.Fatal(err)
		}
		an := v.analysis
		if (an.ParseError != nil || len(an.Problems) > 0) && v.decision.Action < policy.Confirm && len(v.decision.Acknowledged) == 0 {
			t.Fatalf("%q: not understood (%v %v) but decided %s", line, an.ParseError, an.Problems, v.decision.Action)
		}
		for _, f := range v.decision.Findings {
			if f.RuleID == policy.AnalysisID && len(f.Message) > 0 && bytes.Contains([]byte(f.Message), []byte("internal error")) {
				t.Fatalf("%q: %s", line, f.Message)
			}
		}
	})
}
