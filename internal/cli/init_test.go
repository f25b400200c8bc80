package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/shell"
)

// TestUnfinished: the lines after which the shell reads another line
// before running anything; the hook adds a newline to them and waits.
func TestUnfinished(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"echo hi", false},
		{`echo "open`, true},
		{"echo 'open", true},
		{"for i in 1 2; do", true},
		{"for i in 1 2; do\necho $i\ndone", false},
		{"cat <<EOF", true},
		{"cat <<EOF\nhi\nEOF", false},
		{`rm -rf \`, true},
		{`echo \\`, false},
		{`echo \\\`, true},
		{"ls &&", true},
		{"ls |", true},
		{"if true; then", true},
		{"echo $(", true},
		{"echo )", false}, // an error, not unfinished: judged as it is
	} {
		for _, d := range []shell.Dialect{shell.Bash, shell.Zsh} {
			if got := unfinished(c.line, d); got != c.want {
				t.Errorf("unfinished(%q, %s) = %v, want %v", c.line, d, got, c.want)
			}
		}
	}
}

// TestHookTimeout: BELAY_HOOK_TIMEOUT in seconds, fractions allowed; 0
// turns the limit off; nonsense is the default.
func TestHookTimeout(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"":     defaultHookTimeout,
		"5":    5 * time.Second,
		"0.25": 250 * time.Millisecond,
		"0":    0,
		"-1":   defaultHookTimeout,
		"soon": defaultHookTimeout,
	} {
		if got := hookTimeout(in); got != want {
			t.Errorf("hookTimeout(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestPadded: blank lines around what is written, none when nothing is.
func TestPadded(t *testing.T) {
	var b bytes.Buffer
	p := &padded{w: &b, before: 2, after: 1}
	p.finish()
	if b.Len() != 0 {
		t.Fatalf("padding with nothing written: %q", b.String())
	}
	_, _ = p.Write([]byte("belay: blocked: x\n"))
	_, _ = p.Write([]byte("belay: hint: y\n"))
	p.finish()
	if want := "\n\nbelay: blocked: x\nbelay: hint: y\n\n"; b.String() != want {
		t.Errorf("padded wrote %q, want %q", b.String(), want)
	}
}

// TestInit: belay init prints each hook with this binary's path in it,
// and refuses a shell it has no hook for.
func TestInit(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out := runApp(t, "init", sh)
		if code != 0 || !strings.Contains(out, "__belay_default_bin") || strings.Contains(out, "@BELAY_BIN@") {
			t.Errorf("belay init %s: exit %d\n%.300s", sh, code, out)
		}
	}
	if code, out := runApp(t, "init", "tcsh"); code != ExitUsage || !strings.Contains(out, "no hook for") {
		t.Errorf("belay init tcsh: exit %d\n%s", code, out)
	}
	if code, _ := runApp(t, "init"); code != ExitUsage {
		t.Errorf("belay init: exit %d, want %d", code, ExitUsage)
	}
}
