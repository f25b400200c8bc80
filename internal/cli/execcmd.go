package cli

import (
	"os"
	"os/exec"
	"syscall"
)

// execCmd checks one argv as given and, when allowed, replaces belay with it.
func (a *app) execCmd(args []string) error {
	var o checkOpts
	fs := a.checkFlags("exec", &o)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return usageErr("no command to run", "belay exec -- COMMAND ARGS...")
	}
	v, err := a.judge(&o, "", argv)
	if err != nil {
		return err
	}
	if code := a.conclude(&o, v); code != ExitAllow {
		return &exitError{code: code}
	}
	prog, err := exec.LookPath(argv[0])
	if err != nil {
		return &exitError{code: 127, msg: err.Error()}
	}
	err = syscall.Exec(prog, argv, os.Environ())
	return &exitError{code: 126, msg: "cannot run " + quote(prog) + ": " + err.Error()}
}
