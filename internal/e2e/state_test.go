package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestHooksSessionState checks that what a session holds reaches belay
// through the hook: a variable set at one prompt (not exported), an alias
// and a function defined at one prompt and used at the next, all aimed at
// the protected directory, are stopped, the message naming the value; an
// ordinary use of a variable, aimed elsewhere, runs.
func TestHooksSessionState(t *testing.T) {
	set := map[string]string{"bash": "D=%s", "zsh": "D=%s", "fish": "set D %s"}
	alias := map[string]string{"bash": "alias x='rm -rf'", "zsh": "alias x='rm -rf'", "fish": "abbr -a x 'rm -rf'"}
	function := map[string]string{"bash": `f() { "$@"; }`, "zsh": `f() { "$@"; }`, "fish": "function f; command $argv; end"}
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			t.Run("variable", func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				s := sh.start(t, f)
				s.line(fmt.Sprintf(set[sh.name], f.dir))
				runOK(s, 60)
				s.line(`rm -rf "$D"/*`)
				s.expect("belay: blocked:")
				kept(s, "D is "+f.dir+" here (set in this shell)", "/*")
				f.assertIntact(t)
				// An ordinary use: a build directory elsewhere goes.
				build := filepath.Join(f.home, "build")
				if err := os.MkdirAll(filepath.Join(build, "out"), 0o755); err != nil {
					t.Fatal(err)
				}
				s.line(fmt.Sprintf(set[sh.name], build))
				runOK(s, 61)
				s.line(`rm -rf "$D"`)
				runOK(s, 62)
				if _, err := os.Stat(build); !os.IsNotExist(err) {
					t.Fatalf("rm -rf \"$D\" of %s did not run: %v\n%s", build, err, s.clean())
				}
			})
			t.Run("alias", func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				s := sh.start(t, f)
				s.line(alias[sh.name])
				runOK(s, 63)
				s.line("x " + f.dir)
				kept(s, "belay: blocked:", f.dir)
				f.assertIntact(t)
				runOK(s, 64)
			})
			t.Run("function", func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				s := sh.start(t, f)
				s.line(function[sh.name])
				runOK(s, 65)
				s.line("f rm -rf " + f.dir)
				kept(s, "belay: blocked:", f.dir)
				f.assertIntact(t)
				runOK(s, 66)
			})
		})
	}
}
