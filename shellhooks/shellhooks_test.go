package shellhooks

import (
	"os"
	"os/exec"
	"regexp"
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
			path, err := exec.LookPath(sh)
			if err != nil {
				if os.Getenv("CI") != "" {
					t.Fatalf("%s is not installed", sh)
				}
				t.Skipf("%s is not installed", sh)
			}
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
