package cli

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(hermeticM{m}, map[string]func(){
		// a stop's impact is measured without a time limit that a loaded
		// machine could hit: the scripts compare what it says
		"belay": func() { defaultImpactBudget = 30 * time.Second; os.Exit(Main(os.Args)) },
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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"utmp":      cmdUtmp,
			"ago":       cmdAgo,
			"staticelf": cmdStaticELF,
		},
	})
}

// cmdUtmp writes a utmp file of logged-in users:
//
//	utmp FILE USER TTY HOST [USER TTY HOST...]
func cmdUtmp(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || (len(args)-1)%3 != 0 {
		ts.Fatalf("usage: utmp FILE [USER TTY HOST]...")
	}
	var b []byte
	for i := 1; i < len(args); i += 3 {
		rec := make([]byte, 384)
		binary.NativeEndian.PutUint16(rec[0:], 7) // USER_PROCESS
		copy(rec[8:40], args[i+1])
		copy(rec[44:76], args[i])
		copy(rec[76:332], args[i+2])
		b = append(b, rec...)
	}
	file := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(file), 0o755))
	ts.Check(os.WriteFile(file, b, 0o644))
}

// cmdAgo sets files' modification and access times to a while ago:
//
//	ago DURATION FILE...
func cmdAgo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: ago DURATION FILE...")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	t := time.Now().Add(-d)
	for _, f := range args[1:] {
		ts.Check(os.Chtimes(ts.MkAbs(f), t, t))
	}
}

// cmdStaticELF writes a minimal static ELF executable (a header, no
// interpreter, no libraries): an init that can start, for a fake root.
//
//	staticelf FILE
func cmdStaticELF(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: staticelf FILE")
	}
	file := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(file), 0o755))
	ts.Check(os.WriteFile(file, staticELF(), 0o755))
}

// staticELF is a 64-bit little-endian ELF header of an executable with no
// program headers: what belay's init check reads of a static binary.
func staticELF() []byte {
	h := make([]byte, 64)
	copy(h, "\x7fELF")
	h[4], h[5], h[6] = 2, 1, 1                // 64-bit, little-endian, version 1
	binary.LittleEndian.PutUint16(h[16:], 2)  // ET_EXEC
	binary.LittleEndian.PutUint16(h[18:], 62) // x86-64
	binary.LittleEndian.PutUint32(h[20:], 1)
	binary.LittleEndian.PutUint64(h[32:], 64) // e_phoff
	binary.LittleEndian.PutUint16(h[52:], 64) // e_ehsize
	binary.LittleEndian.PutUint16(h[54:], 56) // e_phentsize
	return h
}
