package shell

// PowersOff reports whether the invocation reboots, halts, powers off or
// kexecs the machine, in any of the usual spellings: reboot, shutdown
// (but not shutdown -c or -k), systemctl reboot, init 6, telinit 0.
// Facts use it to judge cron lines with the same analyzer as check.
func (inv *Invocation) PowersOff() bool {
	p := splitArgs(lookup(inv.Name), argsOf(inv))
	switch inv.Name {
	case "reboot", "poweroff", "halt", "kexec":
		return !p.has("--help", "--version", "-w", "--wtmp-only")
	case "shutdown":
		return !p.has("-c", "-k", "--help")
	case "systemctl":
		if len(p.operands) == 0 {
			return false
		}
		switch p.operands[0] {
		case "reboot", "poweroff", "halt", "kexec", "soft-reboot":
			return true
		case "start", "isolate":
			for _, u := range p.operands[1:] {
				switch u {
				case "reboot.target", "poweroff.target", "halt.target", "kexec.target", "reboot", "poweroff", "halt":
					return true
				}
			}
		}
	case "init", "telinit":
		return len(p.operands) > 0 && (p.operands[0] == "0" || p.operands[0] == "6")
	}
	return false
}

// Reboots reports whether any invocation of the analysis powers the
// machine off or reboots it.
func (a *Analysis) Reboots() bool {
	for _, inv := range a.Invocations {
		if inv.PowersOff() {
			return true
		}
	}
	return false
}

func argsOf(inv *Invocation) []Arg {
	if len(inv.Argv) < 2 {
		return nil
	}
	return inv.Argv[1:]
}
