package cli

// Exit statuses of belay. Scripts and shell hooks depend on them.
const (
	// ExitAllow: the command may run (allowed, warned, confirmed or acknowledged).
	ExitAllow = 0
	// ExitBlock: a rule blocks the command, or the person at the prompt declined.
	ExitBlock = 1
	// ExitUsage: a usage error in belay's own arguments (an unknown
	// command or flag, a bad flag value, a missing operand); nothing was
	// judged. A config or pack file that cannot be used, even one named
	// by --config, is never one: it is named on stderr (and in --json's
	// refused_packs), and the line is judged without it, since a hook or
	// an agent takes 2 for "belay is broken" and may run the line.
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
