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
	rebootLong = "help version halt poweroff reboot force wtmp-only no-wtmp no-sync no-wall"
	// -F, -X, -Z, -L and -S take a chain only when one follows: read as
	// an operand, so that iptables -F -X is two options.
	iptablesShort = "t:A:I:D:R:P:N:E:F::X::Z::L::S::j:g:i:o:s:d:p:m:w::"
	iptablesLong  = "table: append: insert: delete: replace: policy: new-chain: rename-chain: flush:: delete-chain:: zero:: list:: " +
		"list-rules:: jump: goto: in-interface: out-interface: source: src: destination: dst: protocol: match: dport: sport: " +
		"destination-port: source-port: dports: sports: state: ctstate: icmp-type: to-destination: to-source: to-ports: " +
		"comment: set-counters: wait:: numeric verbose line-numbers exact check: ipv4 ipv6"
	// The account tools of shadow-utils.
	userRoot = "root: prefix:"
)

// systemCommands run, stop and signal the system: power, services,
// processes, firewalls, links. Sorted by name.
// The commands of ip link, ip address and ip route that rules name, with
// the prefixes ip reads as them. ip link change is ip link set.
var (
	ipLinkVerbs = []command{
		{name: "delete", alias: []string{"d", "de", "del", "dele", "delet"}},
		{name: "set", alias: []string{"s", "se", "c", "ch", "cha", "chan", "chang", "change"}},
	}
	ipAddrVerbs = []command{
		{name: "delete", alias: []string{"d", "de", "del", "dele", "delet"}},
		{name: "flush", alias: []string{"f", "fl", "flu", "flus"}},
	}
)

var systemCommands = []command{
	{name: "chage", short: "d:E:hiI:lm:M:R:P:W:", long: "lastday: expiredate: help iso8601 inactive: list mindays: maxdays: warndays: " + userRoot},
	{name: "chsh", short: "s:R:hlu", long: "shell: root: help list-shells"},
	{name: "crontab", short: "u:T:n:x:lreisc"},
	// deluser [--remove-home] USER [GROUP]: with GROUP, only leaves it.
	// date -s/--set sets the clock; -d only prints another date.
	{name: "date", short: "d:f:I::r:Rs:u", long: "date: file: iso-8601:: rfc-3339: rfc-email reference: set: universal utc debug resolution help version"},
	{name: "deluser", long: "system backup backup-to: remove-home remove-all-files quiet conf: group help debug version force only-if-empty verbose no-preserve-root"},
	// firewall-cmd: most options carry their value after "=", some
	// after a space.
	{name: "firewall-cmd", long: "zone: add-service: remove-service: query-service: add-port: remove-port: query-port: set-default-zone: " +
		"add-source: remove-source: add-interface: remove-interface: change-interface: change-zone: add-rich-rule: remove-rich-rule: " +
		"add-masquerade remove-masquerade add-forward-port: remove-forward-port: add-protocol: remove-protocol: policy: timeout: " +
		"set-target: new-zone: delete-zone: permanent reload complete-reload runtime-to-permanent panic-on panic-off query-panic " +
		"state list-all list-all-zones list-services list-ports get-default-zone get-active-zones get-zones get-services help version quiet"},
	{name: "gpasswd", short: "a:d:rRA:M:Q:h", long: "add: delete: remove-password restrict administrators: members: root: help"},
	{name: "groupdel", short: "fhR:P:", long: "force help " + userRoot},
	{name: "halt", short: "dfinpw", long: rebootLong, role: roleSelf, effect: Power, readOnly: rebootRO},
	// ifdown IFACE… or -a; -n only says what it would do.
	{name: "ifdown", short: "ai:X:o:nvfV", long: "all interfaces: exclude: option: no-act verbose force ignore-errors no-loopback no-scripts state-dir: allow: help version",
		dryRun: []string{"-n", "--no-act"}},
	{name: "init", role: roleSelf, effect: Power, when: []string{"0", "6"}},
	// ip netns exec NAME CMD… runs CMD in a network namespace. ip reads
	// any prefix of an object or a command, the first in its own order
	// winning (ip.c, iplink.c, ipaddress.c, iproute.c): ip l s is ip link
	// set, ip a f ip address flush, ip r d ip route delete.
	{name: "ip", short: "n:b:f:", long: "netns: batch: family:", dashLong: true,
		subs: []command{
			{name: "address", alias: []string{"a", "ad", "add", "addr", "addre", "addres"}, subs: ipAddrVerbs},
			{name: "link", alias: []string{"l", "li", "lin"}, subs: ipLinkVerbs},
			{name: "netns", subs: []command{{name: "exec", run: &wrap{skip: 1}}}},
			{name: "route", alias: []string{"r", "ro", "rou", "rout"}, subs: ipAddrVerbs},
		}},
	{name: "ip6tables", short: iptablesShort, long: iptablesLong},
	{name: "iptables", short: iptablesShort, long: iptablesLong},
	// kexec KERNEL loads it and reboots into it (through shutdown), as do
	// -e and -f; -l, -p and -u only load or unload one.
	// journalctl: --vacuum-* delete archived journal files
	// (rules/system.toml); everything else reads.
	{name: "journalctl", short: "ab::c:D:eE:fF:g:hi:I:kmM:n::No:p:qrS:t:T:u:U:xl", long: "vacuum-time: vacuum-size: vacuum-files: " +
		"since: until: unit: user-unit: identifier: exclude-identifier: output: output-fields: lines:: priority: facility: grep: " +
		"case-sensitive:: directory: file: root: image: image-policy: machine: boot:: cursor: after-cursor: cursor-file: " +
		"namespace: field: fields: interval: verify-key: list-boots list-namespaces follow reverse no-pager pager-end all quiet " +
		"merge system user dmesg catalog disk-usage rotate sync flush relinquish-var smart-relinquish-var header verify " +
		"update-catalog setup-keys force utc no-hostname no-full full show-cursor truncate-newline help version",
		abbrev: true},
	{name: "kexec", short: "efhlpsSuvxy", long: "exec force help load load-panic unload version status type: append: initrd: command-line: " +
		"load-preserve-context load-jump-back-helper kexec-syscall kexec-file-syscall reuse-cmdline",
		role: roleSelf, effect: Power,
		readOnly: []string{"-l", "--load", "-p", "--load-panic", "-u", "--unload", "-h", "--help", "-v", "--version", "-S", "--status",
			"--load-preserve-context", "--load-jump-back-helper"}},
	{name: "kill", short: "s:n:", long: "signal: queue: timeout:", numeric: true},
	// killall NAME…: -s SIGNAL or -SIGNAL; -u USER without a name is every
	// process of USER; -r reads names as regular expressions.
	{name: "killall", short: "eIgiqrvwZ:o:y:u:s:n:", long: "exact ignore-case process-group interactive quiet regexp verbose wait " +
		"context: older-than: younger-than: user: signal: ns: help version", numeric: true},
	// loginctl: -H and -M act on another machine, not this one.
	{name: "loginctl", short: "H:M:p:an:o:s:li", long: "host: machine: property: value all lines: output: signal: kill-whom: full " +
		"no-pager no-legend no-ask-password ignore-inhibitors help version",
		inherit: true, readOnly: []string{"-H", "--host", "-M", "--machine", "--help", "--version"},
		subs: []command{
			{name: "halt", role: roleSelf, effect: Power},
			{name: "poweroff", role: roleSelf, effect: Power},
			{name: "reboot", role: roleSelf, effect: Power},
		}},
	// nft [OPTIONS] COMMAND…: -c only checks.
	{name: "nft", short: "f:I:d:cnNsaejSyt", long: "file: includepath: debug: check numeric reversedns stateless handle echo json service guid " +
		"terse interactive optimize help version", dryRun: []string{"-c", "--check"}},
	{name: "nmcli", short: "t:p:m:c:f:e:g:w:a", long: "terse pretty mode: colors: fields: escape: get-values: wait: ask show-secrets help version"},
	{name: "passwd", short: "adehi:kln:qr:R:P:Suw:x:", long: "all delete expire help inactive: keep-tokens lock mindays: quiet repository: " +
		"status unlock warndays: maxdays: stdin " + userRoot},
	// pkill PATTERN: -SIGNAL or --signal; -u/-U USER… with no pattern is
	// every process of those users; -f matches whole command lines.
	{name: "pkill", short: "c:d:efg:G:ilnoO:P:s:t:u:U:vwxF:Lr:AHq:", long: "signal: count delimiter: full pgroup: group: ignore-case " +
		"list-name newest oldest older: parent: session: terminal: euid: uid: inverse lightweight exact pidfile: logpidfile " +
		"runstates: ignore-ancestors cgroup: ns: nslist: require-handler queue: echo help version", numeric: true},
	{name: "poweroff", short: "dfinpw", long: rebootLong, role: roleSelf, effect: Power, readOnly: rebootRO},
	{name: "reboot", short: "dfinpw", long: rebootLong, role: roleSelf, effect: Power, readOnly: rebootRO},
	{name: "service"},
	{name: "shutdown", short: "HPrhkct:", long: "help halt poweroff reboot no-wall show", role: roleSelf, effect: Power, readOnly: []string{"-c", "-k", "--help", "--show"}},
	// systemctl: -H and -M act on another machine, not this one.
	// sysctl [-w] NAME=VALUE…: with = a write, without a read; -p loads files.
	{name: "sysctl", short: "abeNnp::qrwAXo", long: "all binary ignore names values load:: pattern: quiet write system deprecated help version"},
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
	{name: "ufw", long: "dry-run force version help", dryRun: []string{"--dry-run"}},
	{name: "userdel", short: "fhrZR:P:", long: "force help remove selinux-user " + userRoot},
	{name: "usermod", short: "abc:d:e:f:g:G:hl:LmMop:R:P:s:u:Uv:V:w:W:Z:", long: "append badname comment: home: expiredate: inactive: gid: " +
		"groups: help login: lock move-home non-unique password: shell: uid: unlock add-subuids: del-subuids: add-subgids: del-subgids: " +
		"selinux-user: selinux-range: remove " + userRoot},
}
