package shellhooks

import (
	"github.com/belay-sh/belay/internal/testtool"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestHook checks that each hook names the binary it is given, quoted so
// that its shell reads the path back exactly, and that the shell parses
// the whole hook.
func TestHook(t *testing.T) {
	const bin = `/opt/it's a "test" \dir $HOME/belay`
	assign := map[string]*regexp.Regexp{
		"bash": regexp.MustCompile(`(?m)^__belay_default_bin=.*$`),
		"zsh":  regexp.MustCompile(`(?m)^typeset -g __belay_default_bin=.*$`),
		"fish": regexp.MustCompile(`(?m)^set -g __belay_default_bin .*$`),
	}
	for _, sh := range Shells {
		t.Run(sh, func(t *testing.T) {
			hook, ok := Hook(sh, bin)
			if !ok {
				t.Fatalf("no hook for %s", sh)
			}
			line := assign[sh].FindString(hook)
			if line == "" {
				t.Fatalf("the hook does not set __belay_default_bin:\n%s", hook)
			}
			path := testtool.Need(t, sh)
			if out, err := exec.Command(path, "-n", "-c", hook).CombinedOutput(); err != nil {
				t.Fatalf("%s -n: %v\n%s", sh, err, out)
			}
			out, err := exec.Command(path, "-c", line+"; printf %s \"$__belay_default_bin\"").CombinedOutput()
			if err != nil || string(out) != bin {
				t.Fatalf("%s reads the path back as %q (%v), want %q", sh, out, err, bin)
			}
		})
	}
	if _, ok := Hook("tcsh", bin); ok {
		t.Error("a hook for tcsh")
	}
}

// TestLongLineKeptOff checks that a line too long to hand to belay as one
// argument is kept off by the hook itself: with /bin/true standing in for
// belay, which would allow anything, the hook must still refuse it.
func TestLongLineKeptOff(t *testing.T) {
	long := strings.Repeat("x", 40000)
	calls := map[string]string{
		"bash": `__belay_check bash "$LONG"; echo "rc=$?"`,
		"zsh":  `__belay_check "$LONG"; echo "rc=$?"`,
		"fish": `__belay_check "$LONG"; echo "rc=$status"`,
	}
	for _, sh := range Shells {
		t.Run(sh, func(t *testing.T) {
			path := testtool.Need(t, sh)
			hook, _ := Hook(sh, "/bin/true")
			// The hooks load only in interactive shells.
			args := map[string][]string{"bash": {"--norc", "-i"}, "zsh": {"-f", "-i"}, "fish": {"--no-config", "-i"}}[sh]
			cmd := exec.Command(path, append(args, "-c", hook+"\n"+calls[sh])...)
			cmd.Env = append(os.Environ(), "LONG="+long, "HOME="+t.TempDir())
			out, _ := cmd.CombinedOutput()
			if !strings.Contains(string(out), "belay: blocked: the line is too long to check (40000 characters)") || !strings.Contains(string(out), "rc=1") {
				t.Fatalf("a 40000-character line:\n%s", out)
			}
		})
	}
}
