package cli

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/belay-sh/belay/internal/audit"
	"github.com/belay-sh/belay/internal/facts"
	"github.com/belay-sh/belay/internal/lazy"
	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
)

// What a stop puts at stake, measured on the host (facts.Host.Impact):
// asked only when a line is confirmed or blocked, within one budget for
// the whole stop, shown under the stop message, in belay explain, in
// --json and in the decision log.

// maxImpactRequests bounds the measurements of one stop.
const maxImpactRequests = 8

// impactRequests maps the findings that stop a line (confirm or block,
// not acknowledged) to what the host is asked to measure: the targets of
// deletes, overwrites and device writes by kind, a reboot, a stop of the
// way in, a package removal, a unit stop. Requests of one kind are merged.
func impactRequests(d policy.Decision) []facts.ImpactRequest {
	var out []facts.ImpactRequest
	add := func(r facts.ImpactRequest) {
		for i := range out {
			o := &out[i]
			if o.Kind != r.Kind || o.Manager != r.Manager || o.Verb != r.Verb {
				continue
			}
			for _, t := range r.Targets {
				if !slices.Contains(o.Targets, t) {
					o.Targets = append(o.Targets, t)
				}
			}
			for _, p := range r.Packages {
				if !slices.Contains(o.Packages, p) {
					o.Packages = append(o.Packages, p)
				}
			}
			for _, u := range r.Units {
				if !slices.Contains(o.Units, u) {
					o.Units = append(o.Units, u)
				}
			}
			return
		}
		if len(out) < maxImpactRequests {
			out = append(out, r)
		}
	}
	for _, f := range d.Findings {
		if f.Acknowledged || f.Action < policy.Confirm || f.Invocation == nil || f.Invocation.Remote != "" {
			continue // another host's state is not this one's
		}
		for _, r := range findingImpact(f) {
			add(r)
		}
	}
	return out
}

// findingImpact maps one finding: by the effect on its target (with the
// invocation's other effects of that kind: if the person says yes, they
// go too), else by what the command is.
func findingImpact(f policy.Finding) []facts.ImpactRequest {
	inv := f.Invocation
	for _, e := range inv.Effects {
		if e.Path == "" || e.Path != f.Target && f.Target != "" || e.Dynamic && !e.Glob {
			continue
		}
		if e.Kind == shell.Power {
			return []facts.ImpactRequest{{Kind: facts.ImpactPower, Verb: inv.Name}}
		}
		kind, ok := effectImpact(e)
		if !ok {
			continue
		}
		r := facts.ImpactRequest{Kind: kind}
		for _, o := range inv.Effects {
			if k, ok := effectImpact(o); ok && k == kind && o.Path != "" && (!o.Dynamic || o.Glob) && len(r.Targets) < 16 {
				r.Targets = append(r.Targets, impactTarget(o))
			}
		}
		return []facts.ImpactRequest{r}
	}
	for _, e := range inv.Effects {
		if e.Kind == shell.Power {
			return []facts.ImpactRequest{{Kind: facts.ImpactPower, Verb: inv.Name}}
		}
	}
	return commandImpact(inv)
}

// effectImpact is the kind of impact of an effect on a path.
func effectImpact(e shell.Effect) (facts.ImpactKind, bool) {
	switch e.Kind {
	case shell.Delete, shell.Rename, shell.LinkOver:
		return facts.ImpactDelete, true
	case shell.Format:
		return facts.ImpactDevice, true
	case shell.Write:
		if strings.HasPrefix(e.Path, "/dev/") {
			return facts.ImpactDevice, true
		}
		return facts.ImpactOverwrite, true
	case shell.Chmod, shell.Chown:
		return facts.ImpactOverwrite, true
	}
	return "", false
}

// impactTarget is an effect's path as a target: a rename or a link over
// a path takes what lives there from view, the whole tree of it.
func impactTarget(e shell.Effect) facts.ImpactTarget {
	t := facts.ImpactTarget{Path: e.Path, Recursive: e.Recursive, Glob: e.Glob}
	if e.Kind == shell.Rename || e.Kind == shell.LinkOver {
		t.Recursive = true
	}
	return t
}

// Commands whose impact is the way in to the host, and package managers.
var accessCommands = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"iptables": true, "ip6tables": true, "iptables-legacy": true, "iptables-nft": true,
		"nft": true, "ufw": true, "firewall-cmd": true, "ip": true, "ifdown": true, "ifconfig": true, "nmcli": true}
}}
var accessUnits = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"ssh": true, "sshd": true, "ssh.socket": true, "sshd.socket": true, "networking": true,
		"network": true, "NetworkManager": true, "systemd-networkd": true, "network.target": true}
}}
var removeVerbs = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"remove": true, "purge": true, "autoremove": true, "autopurge": true, "erase": true, "rm": true, "del": true}
}}

// commandImpact maps a command without a path effect.
func commandImpact(inv *shell.Invocation) []facts.ImpactRequest {
	ops := inv.Operands
	switch name := inv.Name; {
	case name == "systemctl" && len(ops) >= 2 && (ops[0] == "stop" || ops[0] == "disable" || ops[0] == "mask" || ops[0] == "kill"):
		verb := ops[0]
		if verb == "kill" {
			verb = "stop"
		}
		units := ops[1:min(len(ops), 9)]
		out := []facts.ImpactRequest{{Kind: facts.ImpactService, Verb: verb, Units: units}}
		for _, u := range units {
			if accessUnits.Get()[strings.TrimSuffix(u, ".service")] {
				out = append(out, facts.ImpactRequest{Kind: facts.ImpactAccess, Verb: "systemctl " + verb})
				break
			}
		}
		return out
	case (name == "service" || name == "invoke-rc.d") && len(ops) >= 2 && ops[1] == "stop":
		out := []facts.ImpactRequest{{Kind: facts.ImpactService, Verb: "stop", Units: ops[:1]}}
		if accessUnits.Get()[ops[0]] {
			out = append(out, facts.ImpactRequest{Kind: facts.ImpactAccess, Verb: name + " stop"})
		}
		return out
	case accessCommands.Get()[name]:
		return []facts.ImpactRequest{{Kind: facts.ImpactAccess, Verb: name}}
	case name == "apt" || name == "apt-get" || name == "aptitude" || name == "nala" || name == "yum" || name == "dnf" || name == "dnf5" ||
		name == "tdnf" || name == "zypper" || name == "microdnf" || name == "apk":
		if len(ops) >= 2 && removeVerbs.Get()[ops[0]] {
			return packages(name, ops[1:])
		}
	case name == "dpkg" || name == "rpm" || name == "pacman" || name == "yay" || name == "paru" || name == "emerge":
		for _, a := range inv.Args() {
			if a == "-r" || a == "-P" || a == "--remove" || a == "--purge" || a == "-e" || a == "--erase" ||
				a == "--unmerge" || a == "-C" || a == "--depclean" || a == "--rage-clean" || name != "dpkg" && name != "rpm" && name != "emerge" && strings.HasPrefix(a, "-R") {
				return packages(name, ops)
			}
		}
	case name == "lvremove" || name == "wipefs" || name == "blkdiscard":
		var ts []facts.ImpactTarget
		for _, o := range ops {
			if strings.HasPrefix(o, "/dev/") {
				ts = append(ts, facts.ImpactTarget{Path: path.Clean(o)})
			}
		}
		if len(ts) > 0 {
			return []facts.ImpactRequest{{Kind: facts.ImpactDevice, Targets: ts}}
		}
	case name == "kill" || name == "pkill" || name == "killall":
		return []facts.ImpactRequest{{Kind: facts.ImpactPower, Verb: name}}
	}
	return nil
}

// packages is a removal of the named packages (options and files skipped).
func packages(manager string, ops []string) []facts.ImpactRequest {
	var names []string
	for _, o := range ops {
		if o != "" && !strings.HasPrefix(o, "-") && !strings.HasSuffix(o, ".deb") && !strings.HasSuffix(o, ".rpm") && len(names) < 32 {
			names = append(names, o)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return []facts.ImpactRequest{{Kind: facts.ImpactPackages, Manager: manager, Packages: names}}
}

// defaultImpactBudget is the time a stop spends measuring its impact when
// the app does not say (the in-process scripts raise it).
var defaultImpactBudget = facts.ImpactBudget

// measureImpact measures what the line's stop puts at stake, once.
func (a *app) measureImpact(v *verdict) {
	if v.impactDone || v.host == nil {
		return
	}
	v.impactDone = true
	reqs := impactRequests(v.decision)
	if len(reqs) == 0 {
		return
	}
	budget := a.impactBudget
	if budget <= 0 {
		budget = defaultImpactBudget
	}
	v.impact = v.host.Impacts(reqs, budget)
}

// impactLines are the lines a stop shows of its impact.
func (v *verdict) impactLines() []facts.ImpactItem {
	return facts.Lines(v.impact, facts.MaxImpactLines)
}

// writeImpact renders impact lines under a stop message, indented, with
// dim labels; every text is host-derived and goes through safe.
func writeImpact(w io.Writer, out *output, items []facts.ImpactItem) {
	clean := make([]facts.ImpactItem, len(items))
	for i, it := range items {
		clean[i] = facts.ImpactItem{Label: safe(it.Label), Text: safe(it.Text), Certainty: it.Certainty}
	}
	text := facts.RenderLines(clean, func(l string) string { return "  " + out.dim.Sprint(l) })
	io.WriteString(w, text)
}

// auditImpact is what the decision log keeps of an impact: the lines shown.
func auditImpact(items []facts.ImpactItem) []audit.ImpactItem {
	var out []audit.ImpactItem
	for _, it := range items {
		out = append(out, audit.ImpactItem{Label: it.Label, Text: it.Text, Certainty: string(it.Certainty)})
	}
	return out
}

// writeExplainImpact lists every measured item of every impact, with the
// subject it is about and how far it can be trusted.
func writeExplainImpact(w io.Writer, ims []facts.Impact) {
	for _, im := range ims {
		fmt.Fprintf(w, "\nat stake (%s): %s\n", im.Kind, safe(im.Subject))
		for _, it := range im.Items {
			fmt.Fprintf(w, "  %-8s %s [%s]\n", safe(it.Label), safe(it.Text), it.Certainty)
		}
	}
}
