package policy

import "fmt"

// Action is what belay does about a command. Actions are ordered: the
// decision for a line is the strongest action among its findings.
type Action int

// The actions, weakest first.
const (
	Allow   Action = iota // let it run
	Warn                  // let it run, with a message
	Confirm               // ask the person at the terminal
	Block                 // refuse
)

var actionNames = [...]string{Allow: "allow", Warn: "warn", Confirm: "confirm", Block: "block"}

// String returns the action's name as written in rule packs.
func (a Action) String() string {
	if a >= 0 && int(a) < len(actionNames) {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// ParseAction turns "allow", "warn", "confirm" or "block" into an Action.
func ParseAction(s string) (Action, error) {
	for i, n := range actionNames {
		if s == n {
			return Action(i), nil
		}
	}
	return 0, fmt.Errorf("bad action %q: want allow, warn, confirm or block", s)
}

// MarshalText encodes the action as its name (for JSON output).
func (a Action) MarshalText() ([]byte, error) {
	if a < 0 || int(a) >= len(actionNames) {
		return nil, fmt.Errorf("bad action %d", int(a))
	}
	return []byte(actionNames[a]), nil
}

// UnmarshalText decodes an action name.
func (a *Action) UnmarshalText(b []byte) error {
	v, err := ParseAction(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
