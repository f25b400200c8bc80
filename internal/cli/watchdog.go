package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/belay-sh/belay/internal/audit"
	"github.com/belay-sh/belay/internal/policy"
)

// Time limits of the watchdog, per subcommand. A check is meant to take
// milliseconds; these are the backstop for one that does not.
const (
	// defaultHookTimeout is how long belay hook may judge when
	// BELAY_HOOK_TIMEOUT does not say.
	defaultHookTimeout = 2 * time.Second
	// defaultCheckTimeout is how long check may judge.
	defaultCheckTimeout = 10 * time.Second
	// defaultApproveTimeout is how long belay approve may judge when the
	// sudo plugin does not pass its own timeout (--timeout).
	defaultApproveTimeout = 3 * time.Second
	// defaultAgentTimeout is how long belay agent-hook may judge when its
	// --timeout does not say: well inside the agents' own hook time
	// limits, past which they run the tool.
	defaultAgentTimeout = 5 * time.Second
)

// TimeoutID is the rule id, in the log, of a line belay answered for
// without judging it: the watchdog fired. (Rules always load: a pack or
// config that cannot be used is left out and named; see internal/packs.)
const TimeoutID = "belay.timeout"

// Watch states.
const (
	watching = iota // judging; the watchdog may still fire
	claimed         // judged in time: the main goroutine reports and asks
	fired           // the watchdog answers: the main goroutine must stay silent
)

// watchdog bounds the time belay takes to judge a line. It starts before
// anything else (flags, configuration, packs, analysis), and when it
// fires before the verdict, belay answers confirm with the reason: the
// person is asked (y/N, on the terminal), and without a terminal the
// answer is "confirmation needed" (exit 3), which the hooks and the sudo
// plugin never run. A slow belay is never an unchecked line.
//
// Exactly one side speaks: the main goroutine claims the watch when it
// has its verdict, before it writes anything; the watchdog fires only if
// nothing was claimed. The loser stays silent (the main goroutine parks
// until the watchdog's answer ends the process).
type watchdog struct {
	mu       sync.Mutex
	state    int
	limit    time.Duration
	started  time.Time
	timer    *time.Timer
	doing    string
	line     string
	shell    string
	noPrompt bool
	out      io.Writer               // where the answer is written
	finish   func()                  // called before exiting (zsh and fish padding)
	answer   func(reason string) int // answers instead of asking (belay agent-hook), and returns the exit status
	a        *app
}

// watchLimit is the time limit of subcommand sub, and whether it has a
// watchdog at all: those whose answer others act on do. (exec and sudo
// run the command themselves after a yes, which the watchdog's answer,
// given from its own goroutine, cannot do: they have none, and a slow
// judgement there only keeps the person waiting.)
func (a *app) watchLimit(sub string) (time.Duration, bool) {
	switch sub {
	case "hook":
		return hookTimeout(a.getenv("BELAY_HOOK_TIMEOUT")), true
	case "check":
		return defaultCheckTimeout, true
	case "approve":
		return defaultApproveTimeout, true
	case "agent-hook":
		return defaultAgentTimeout, true
	}
	return 0, false
}

// startWatch starts the watchdog of subcommand sub, when it has one and
// belay runs as a process (a.exit is set): after its limit, unless the
// verdict was claimed, it answers confirm. A limit of 0 means no limit.
func (a *app) startWatch(sub string) {
	limit, ok := a.watchLimit(sub)
	if !ok || a.exit == nil || a.wd != nil {
		return
	}
	w := &watchdog{limit: limit, started: time.Now(), doing: "starting", out: a.stderr, a: a}
	if limit > 0 {
		w.timer = time.AfterFunc(limit, w.fire)
	}
	a.wd = w
}

// setLimit changes the limit, counted from the start (belay approve
// learns its limit from its flags).
func (w *watchdog) setLimit(limit time.Duration) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.state != watching {
		return
	}
	w.limit = limit
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
	if limit > 0 {
		w.timer = time.AfterFunc(max(0, limit-time.Since(w.started)), w.fire)
	}
}

// phase records what belay is doing, for the reason it gives if it fires.
func (w *watchdog) phase(doing string) {
	if w == nil {
		return
	}
	w.mu.Lock()
	w.doing = doing
	w.mu.Unlock()
}

// about records the line being judged, its shell, whether a prompt is
// allowed, and where the answer goes.
func (w *watchdog) about(line, shell string, noPrompt bool, out io.Writer, finish func()) {
	if w == nil {
		return
	}
	w.mu.Lock()
	w.line, w.shell, w.noPrompt = line, shell, noPrompt
	if out != nil {
		w.out = out
	}
	if finish != nil {
		w.finish = finish
	}
	w.mu.Unlock()
}

// answerWith makes the watchdog answer with answer when it fires, instead
// of asking: an agent's hook has no one to ask, and reads its own format.
func (w *watchdog) answerWith(answer func(reason string) int) {
	if w == nil {
		return
	}
	w.mu.Lock()
	w.answer = answer
	w.mu.Unlock()
}

// claim is called by the main goroutine when it has its verdict (or its
// error), before it writes anything. It returns false when the watchdog
// fired first: the caller must then say nothing and wait to be ended.
func (w *watchdog) claim() bool {
	if w == nil {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch w.state {
	case watching:
		w.state = claimed
		if w.timer != nil {
			w.timer.Stop()
		}
		return true
	case claimed:
		return true
	}
	return false
}

// speak runs say (which writes to the terminal) unless the watchdog has
// fired: warnings written while judging must not mix with its answer.
func (w *watchdog) speak(say func()) {
	if w == nil {
		say()
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.state != fired {
		say()
	}
}

// claimOrPark claims the watch, or parks the calling goroutine for good
// when the watchdog has the floor: its answer ends the process.
func (w *watchdog) claimOrPark() {
	if !w.claim() {
		for {
			time.Sleep(time.Hour)
		}
	}
}

// fire answers for a line belay could not judge within the limit.
func (w *watchdog) fire() {
	w.mu.Lock()
	if w.state != watching {
		w.mu.Unlock()
		return
	}
	w.state = fired
	reason := fmt.Sprintf("belay could not finish judging this line in %s: still %s", w.limit, w.doing)
	line, sh, noPrompt, out, finish, answer := w.line, w.shell, w.noPrompt, w.out, w.finish, w.answer
	w.mu.Unlock()
	if answer != nil {
		w.a.exit(answer(reason))
		return
	}
	code := w.a.unjudged(line, sh, TimeoutID, reason, noPrompt, out)
	if finish != nil {
		finish()
	}
	w.a.exit(code)
}

// unjudged answers confirm for a line belay could not judge (the
// watchdog fired, or judging failed): it says why, asks the person when
// it can, records the outcome and returns the exit status (0 confirmed,
// 1 declined, 3 no prompt). It must not touch state the main goroutine
// may be using: it makes its own output on out.
func (a *app) unjudged(line, sh, id, reason string, noPrompt bool, out io.Writer) (code int) {
	o := newOutput(out, a.getenv, "auto")
	rec := &audit.Record{Decision: policy.Confirm.String(), Shell: sh, Rules: []string{id}, Reason: reason}
	rec.SetLine(line)
	defer func() {
		if r := recover(); r != nil {
			code = ExitConfirm
			rec.Outcome = "internal error"
		}
		a.writeAuditTo(rec, nil, o)
	}()
	o.line(o.yellow, "confirm", safe(reason)+" "+o.dim.Sprint("["+id+"]"))
	if noPrompt {
		rec.Outcome = "confirmation needed"
		o.hint("no prompt: not run; simplify the line, or put it in a script and run belay scan on it")
		return ExitConfirm
	}
	answer, err := promptTTY("Run it? [y/N] ", promptTimeout)
	switch {
	case err == errNoTerminal:
		rec.Outcome = "confirmation needed"
		o.hint("no terminal to ask on: not run; simplify the line, or put it in a script and run belay scan on it")
		return ExitConfirm
	case err != nil:
		rec.Outcome, rec.Reason = "declined", reason+"; "+err.Error()
		o.line(o.red, "declined", safe(err.Error()))
		flushTerminal()
		return ExitBlock
	case isYes(answer):
		rec.Outcome = "confirmed"
		return ExitAllow
	}
	rec.Outcome = "declined"
	o.line(o.red, "declined", "not run")
	flushTerminal()
	return ExitBlock
}

// isYes says whether an answer to "Run it? [y/N]" is yes.
func isYes(answer string) bool {
	answer = strings.TrimSpace(answer)
	return answer == "y" || answer == "Y" || strings.EqualFold(answer, "yes")
}

// statusFD is where belay approve tells the sudo plugin that it is
// asking the person ("asking SECONDS\n"), so that the plugin's own time
// limit gives way to the prompt's. nil when not run by the plugin.
var statusFD *os.File

// tellAsking writes the status line for a prompt of timeout, once.
func tellAsking(timeout time.Duration) {
	if statusFD == nil {
		return
	}
	secs := int(timeout/time.Second) + 1
	_, _ = statusFD.WriteString("asking " + strconv.Itoa(secs) + "\n")
	_ = statusFD.Close()
	statusFD = nil
}
