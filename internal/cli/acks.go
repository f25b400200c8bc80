package cli

import (
	"os"
	"slices"
	"strings"

	"github.com/belay-sh/belay/internal/packs"
	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/internal/ticket"
)

// An acknowledgement (BELAY_ACK=rule.id) lets one rule through for one
// command. belay takes it only where it cannot have been left over from
// something else:
//
//   - the line's own prefix on the command: BELAY_ACK=id cmd, or
//     env BELAY_ACK=id cmd (the analyzer reads it; for belay exec, whose
//     argv has no shell syntax, the env form is the way);
//   - sudo's own command line: sudo BELAY_ACK=id cmd (belay sudo, and the
//     approval plugin, which passes sudo's arguments to belay approve);
//   - a ticket (package ticket), left by the belay that saw
//     `BELAY_ACK=id sudo cmd` at a hooked prompt or heard the person
//     confirm a sudo command, for the belay that judges it next.
//
// Never the environment: an exported BELAY_ACK would reach every later
// command, and under sudo the command's environment may be the invoking
// user's (sudo -E, env_keep).

// ackIDs returns the rule ids acknowledged by BELAY_ACK=… assignments
// among env (sudo's VAR=value operands).
func ackIDs(env []string) []string {
	var ids []string
	for _, kv := range env {
		v, ok := strings.CutPrefix(kv, "BELAY_ACK=")
		if !ok {
			continue
		}
		for _, id := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// issueTickets leaves a ticket for each sudo command of the line whose
// findings the person acknowledged or confirmed, so that the approval
// plugin's belay, which cannot see the line, does not stop or ask again.
// Only a command sudo runs directly (sudo [options] cmd args, every word
// known) gets one: its words are what the plugin sees.
//
// Tickets are left only when /etc/sudo.conf names the plugin: without it
// nothing would take them, and a ticket left lying could answer for the
// same command typed again within its lifetime. (One is left lying, for
// as long, when sudo never asks its plugin: a refused password.)
func (a *app) issueTickets(v *verdict) {
	if v.rules != nil && v.rules.Config.Mode == "observe" {
		return
	}
	type command struct {
		argv  []string
		rules []string
	}
	var cmds []*command
	byInv := map[*shell.Invocation]*command{}
	for _, f := range v.decision.Findings {
		inv := f.Invocation
		if inv == nil || !(f.Acknowledged || f.Action == policy.Confirm) || !sudoDirect(inv) {
			continue
		}
		c := byInv[inv]
		if c == nil {
			c = &command{}
			for _, w := range inv.Argv {
				c.argv = append(c.argv, w.Value)
			}
			byInv[inv] = c
			cmds = append(cmds, c)
		}
		if !slices.Contains(c.rules, f.RuleID) {
			c.rules = append(c.rules, f.RuleID)
		}
	}
	if len(cmds) == 0 || !pluginConfigured(sudoConf) {
		return
	}
	store := ticketStore()
	for _, c := range cmds {
		if err := store.Issue(c.rules, c.argv); err != nil {
			a.out.warnf("%v", err)
			a.out.hint("sudo's belay may ask again, or stop it: sudo BELAY_ACK=" + strings.Join(c.rules, ",") + " … acknowledges on sudo's command line")
		}
	}
}

// ticketStore is where this user's acknowledgement tickets live; tests
// move it.
var ticketStore = func() *ticket.Store { return ticket.For(os.Getuid()) }

// sudoConf is sudo's front-end configuration, which names its plugins.
var sudoConf = "/etc/sudo.conf"

// pluginConfigured says whether the sudo configuration conf loads belay's
// approval plugin: a line "Plugin belay_approval PATH …".
func pluginConfigured(conf string) bool {
	data, err := packs.ReadRegular(conf, 1<<20)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "Plugin" && f[1] == "belay_approval" {
			return true
		}
	}
	return false
}

// sudoDirect says whether inv is run by sudo directly, with every word
// known: the command sudo's approval plugin will be asked about.
func sudoDirect(inv *shell.Invocation) bool {
	if len(inv.Wrappers) != 1 || inv.Remote != "" || len(inv.Argv) == 0 || inv.Name == "sudoedit" {
		return false
	}
	w := inv.Wrappers[0]
	if w != "sudo" && !strings.HasPrefix(w, "sudo ") {
		return false
	}
	for _, arg := range inv.Argv {
		if arg.Dynamic || arg.Glob {
			return false
		}
	}
	return true
}

// ackHint tells how to run the line anyway, deliberately: the ack goes
// before the command, or, when what stops it runs through sudo and the
// line starts with sudo, on sudo's command line, where the sudo plugin
// also finds it.
func ackHint(v *verdict) string {
	line := v.line
	if len(line) > 200 {
		line = line[:200] + "…"
	}
	ids := strings.Join(findingIDs(v.decision, policy.Confirm), ",")
	if rest, ok := strings.CutPrefix(strings.TrimLeft(line, " \t"), "sudo "); ok && throughSudo(v.decision) {
		return "to run it anyway: sudo BELAY_ACK=" + ids + " " + safe(strings.TrimLeft(rest, " \t"))
	}
	return "to run it anyway: BELAY_ACK=" + ids + " " + safe(line)
}

// throughSudo says whether every finding that stops the line runs
// through sudo.
func throughSudo(d policy.Decision) bool {
	n := 0
	for _, f := range d.Findings {
		if f.Acknowledged || f.Action < policy.Confirm {
			continue
		}
		if f.Invocation == nil || len(f.Invocation.Wrappers) == 0 || !strings.HasPrefix(f.Invocation.Wrappers[0], "sudo") {
			return false
		}
		n++
	}
	return n > 0
}
