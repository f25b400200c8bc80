package cli

// Exit statuses of belay. Scripts and shell hooks depend on them.
const (
	// ExitAllow: the command may run (allowed, warned, confirmed or acknowledged).
	ExitAllow = 0
	// ExitBlock: a rule blocks the command, or the person at the prompt declined.
	ExitBlock = 1
	// ExitUsage: a usage or configuration error; nothing was judged.
	ExitUsage = 2
	// ExitConfirm: a rule asks for confirmation but no prompt is possible
	// (--no-prompt, or no terminal).
	ExitConfirm = 3
)

// exitError carries an exit status up to Main, with a message for stderr.
type exitError struct {
	code int
	msg  string
	hint string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(msg string, hint string) error {
	return &exitError{code: ExitUsage, msg: msg, hint: hint}
}
