package shell

// Option lists shared by the power commands.
var (
	// rebootRO are the options with which reboot, poweroff and halt only
	// print or write a record (-w): the machine stays up.
	rebootRO = []string{"--help", "--version", "-w", "--wtmp-only"}
	// powerUnits are the systemctl units whose start takes the machine down.
	powerUnits = []string{"reboot.target", "poweroff.target", "halt.target", "kexec.target", "soft-reboot.target",
		"reboot", "poweroff", "halt", "kexec", "soft-reboot"}
)

const (
	rebootLong    = "help version halt poweroff reboot force wtmp-only no-wtmp no-sync no-wall"
	iptablesShort = "t:A:I:D:R:P:N:X:F:Z:L:S:j:g:i:o:s:d:p:m:"
	iptablesLong  = "table: append: insert: delete: replace: policy: new-chain: jump: goto: in-interface: out-interface: " +
		"source: destination: protocol: match: dport: sport: wait::"
)

// systemCommands run, stop and signal the system: power, services,
// processes, firewalls, links. Sorted by name.
var systemCommands = []command{
	{name: "crontab", short: "u:T:"},
	{name: "halt", short: "dfinpw", long: rebootLong, role: roleSelf, effect: Power, readOnly: rebootRO},
	{name: "init", role: roleSelf, effect: Power, when: []string{"0", "6"}},
	// ip netns exec NAME CMD… runs CMD in a network namespace.
	{name: "ip", short: "n:b:f:", long: "netns: batch: family:", dashLong: true,
		subs: []command{{name: "netns", subs: []command{{name: "exec", run: &wrap{skip: 1}}}}}},
	{name: "ip6tables", short: iptablesShort, long: iptablesLong},
	{name: "iptables", short: iptablesShort, long: iptablesLong},
	// kexec KERNEL loads it and reboots into it (through shutdown), as do
	// -e and -f; -l, -p and -u only load or unload one.
	{name: "kexec", short: "efhlpsSuvxy", long: "exec force help load load-panic unload version status type: append: initrd: command-line: " +
		"load-preserve-context load-jump-back-helper kexec-syscall kexec-file-syscall reuse-cmdline",
		role: roleSelf, effect: Power,
		readOnly: []string{"-l", "--load", "-p", "--load-panic", "-u", "--unload", "-h", "--help", "-v", "--version", "-S", "--status",
			"--load-preserve-context", "--load-jump-back-helper"}},
	{name: "kill", short: "s:n:", long: "signal: queue: timeout:", numeric: true},
	{name: "lvremove", short: "S:", long: "select: config: commandprofile:"},
	{name: "poweroff", short: "dfinpw", long: rebootLong, role: roleSelf, effect: Power, readOnly: rebootRO},
	{name: "reboot", short: "dfinpw", long: rebootLong, role: roleSelf, effect: Power, readOnly: rebootRO},
	{name: "service"},
	{name: "shutdown", short: "HPrhkct:", long: "help halt poweroff reboot no-wall show", role: roleSelf, effect: Power, readOnly: []string{"-c", "-k", "--help", "--show"}},
	// systemctl: -H and -M act on another machine, not this one.
	{name: "systemctl", short: "H:M:t:p:s:n:o:", long: "host: machine: type: property: signal: root: lines: output: state: " +
		"kill-whom: kill-value: job-mode: message: when: timestamp: image: drop-in: reboot-argument: boot-loader-entry: " +
		"boot-loader-menu: what: preset-mode: check-inhibitors: help version dry-run",
		inherit: true, readOnly: []string{"-H", "--host", "-M", "--machine", "--help", "--version"}, dryRun: []string{"--dry-run"},
		subs: []command{
			{name: "halt", role: roleSelf, effect: Power},
			{name: "isolate", role: roleSelf, effect: Power, when: powerUnits},
			{name: "kexec", role: roleSelf, effect: Power},
			{name: "poweroff", role: roleSelf, effect: Power},
			{name: "reboot", role: roleSelf, effect: Power},
			{name: "restart", role: roleSelf, effect: Power, when: powerUnits},
			{name: "soft-reboot", role: roleSelf, effect: Power},
			{name: "start", role: roleSelf, effect: Power, when: powerUnits},
		}},
	{name: "telinit", role: roleSelf, effect: Power, when: []string{"0", "6"}},
}
