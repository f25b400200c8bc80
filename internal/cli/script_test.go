package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(hermeticM{m}, map[string]func(){
		"belay": func() { os.Exit(Main(os.Args)) },
	})
}

// hermeticM runs the tests with the decision log in a temporary file and
// syslog off, for every belay they run in-process or as a process: run as
// root, belay would otherwise make and write the host's /var/log/belay.
// (belay approve ignores both: the sudo plugin test mounts over /var/log.)
type hermeticM struct{ m *testing.M }

func (h hermeticM) Run() int {
	dir, err := os.MkdirTemp("", "belay-cli-test-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	if os.Getenv("BELAY_AUDIT_FILE") == "" {
		os.Setenv("BELAY_AUDIT_FILE", filepath.Join(dir, "audit.jsonl"))
	}
	os.Setenv("BELAY_AUDIT_SYSLOG", "off")
	return h.m.Run()
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
			env.Setenv("BELAY_AUDIT_FILE", env.WorkDir+"/audit.jsonl")
			env.Setenv("BELAY_AUDIT_SYSLOG", "off")
			env.Setenv("ESCAPE", "rm -rf /\x1b[2J\x1b]0;pwned\x07")
			env.Setenv("HEREDOC", "cat > /tmp/notes.txt <<'EOF'\nrm -rf /\nEOF")
			return nil
		},
	})
}
