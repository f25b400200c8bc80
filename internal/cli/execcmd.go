package cli

import (
	"errors"
	"os/exec"
	"syscall"
)

// execCmd is `belay exec [flags] [--] ARGV…`: judge one argv as given (no
// shell parsing of it; a bash -c string inside it is still parsed) and,
// when allowed, replace belay with it. An acknowledgement is part of the
// argv: belay exec -- env BELAY_ACK=id cmd…; BELAY_ACK in belay's own
// environment is not one. Otherwise belay's exit status: 1
// blocked, 3 needs confirmation; 127 when the program is not found, 126
// when it cannot be run.
func (a *app) execCmd(args []string) error {
	var o checkOpts
	argv, err := a.checkArgs("exec", args, &o, "no command to run", "belay exec -- COMMAND ARGS...")
	if err != nil {
		return err
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
		msg := quote(argv[0]) + ": command not found"
		if !errors.Is(err, exec.ErrNotFound) {
			msg = err.Error()
		}
		return &exitError{code: 127, msg: msg}
	}
	err = syscall.Exec(prog, argv, a.environ())
	return &exitError{code: 126, msg: "cannot run " + quote(prog) + ": " + err.Error()}
}
