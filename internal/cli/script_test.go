package cli

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"belay": func() { os.Exit(Main(os.Args)) },
	})
}

// TestScripts runs the CLI scripts in testdata/script: each is a txtar
// file of belay commands and the output and exit status they must give.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// Hermetic: no user packs, a fixed HOME, no colour.
			env.Setenv("HOME", env.WorkDir+"/home")
			env.Setenv("XDG_CONFIG_HOME", env.WorkDir+"/config")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("ESCAPE", "rm -rf /\x1b[2J\x1b]0;pwned\x07")
			env.Setenv("HEREDOC", "cat > /tmp/notes.txt <<'EOF'\nrm -rf /\nEOF")
			return nil
		},
	})
}
