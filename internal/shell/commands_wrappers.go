package shell

// Grammars shared by several wrappers.
const (
	// POSIX shells and bash: -o and -O take an option name; -c makes the
	// first operand the line.
	shellShort = "abefhkmnptuvxBCEHPTcilrsDo:O:"
	shellLong  = "rcfile: init-file: login noprofile norc posix debugger dump-po-strings dump-strings help verbose version noediting restricted pretty-print"
	suShort    = "c:fg:G:lmps:Pw:"
	suLong     = "command: session-command: fast group: supp-group: login preserve-environment shell: pty whitelist-environment: help version"
	sudoShort  = "+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv"
	sudoLong   = "askpass auth-type: background bell close-from: login-class: chdir: preserve-env:: edit group: set-home help host: login " +
		"remove-timestamp reset-timestamp list no-update non-interactive preserve-groups prompt: chroot: role: stdin shell type: " +
		"command-timeout: other-user: user: validate version"
)

// Wrapper kinds shared by several names.
var (
	argvWrap   = &wrap{}
	suWrap     = &wrap{kind: runNone, permute: true, lineOpts: []string{"-c", "--command", "--session-command"}, dialect: Bash}
	sudoWrap   = &wrap{special: specialSudo}
	atWrap     = &wrap{kind: runNone, stdin: stdinAlways, dialect: POSIX, stops: []string{"-l", "-d", "-r", "-c", "-f", "-V"}}
	bashWrap   = &wrap{special: specialShell, dialect: Bash}
	posixWrap  = &wrap{special: specialShell, dialect: POSIX}
	chrtStops  = []string{"-p", "--pid", "-m", "--max"}
	ioniceStop = []string{"-p", "-P", "-u", "--pid", "--pgid", "--uid"}
)

// findNarrowing are find's tests that pick files by name, age, size or
// owner, so that -delete or -exec reaches only some of the files below the
// start (-type alone does not: find / -type f -delete is every file).
var findNarrowing = []string{
	"-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-lname", "-ilname",
	"-samefile", "-inum", "-newer", "-anewer", "-cnewer", "-mmin", "-mtime", "-amin", "-atime", "-cmin", "-ctime", "-used",
	"-size", "-empty", "-user", "-group", "-uid", "-gid", "-nouser", "-nogroup", "-perm", "-links",
}

// wrapperCommands run other commands: as an argv after their own options
// (nice, timeout DURATION, chroot DIR), from an option's value (su -c,
// flock -c), as a line made of their operands (eval, watch), from their
// standard input (at), or with logic of their own (sudo, shells, ssh,
// xargs, find). Sorted by name.
var wrapperCommands = []command{
	{name: "ash", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	{name: "at", short: "q:f:t:mMlvdrbcV", run: atWrap},
	{name: "bash", short: shellShort, long: shellLong, plus: true, run: bashWrap},
	{name: "batch", short: "q:f:t:mMlvdrbcV", run: atWrap},
	{name: "builtin", run: argvWrap},
	{name: "busybox", run: argvWrap},
	{name: "chronic", short: "ev", run: argvWrap},
	{name: "chroot", long: "userspec: groups: skip-chdir help version", run: &wrap{skip: 1}},
	{name: "chrt", short: "abdfiomprRvT:P:D:e", long: "all-tasks batch deadline fifo idle other pid rr reset-on-fork verbose " +
		"max sched-runtime: sched-period: sched-deadline: help version", run: &wrap{skip: 1, stops: chrtStops}},
	{name: "command", short: "pvV", run: &wrap{stops: []string{"-v", "-V"}}},
	{name: "dash", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	{name: "doas", short: "a:C:Lnsu:", run: &wrap{stops: []string{"-C", "-L"}, labelOpts: []string{"-u"}}},
	{name: "env", short: "a:0iu:C:S:v", long: "argv0: ignore-environment null unset: chdir: split-string: block-signal:: " +
		"default-signal:: ignore-signal:: list-signal-handling debug help version",
		run: &wrap{assigns: true, cwdOpts: []string{"-C", "--chdir"}, splitOpts: []string{"-S", "--split-string"}}},
	{name: "eval", run: &wrap{kind: runLine, dialect: bashOrFish}},
	{name: "exec", short: "a:cl", run: argvWrap},
	// find's options, then its expression: the primaries that take one
	// argument (":"), read by its handler.
	{name: "find", short: "HLPD:O::", long: "name: iname: path: ipath: wholename: iwholename: regex: iregex: lname: ilname: " +
		"type: xtype: mtime: mmin: atime: amin: ctime: cmin: size: user: group: uid: gid: perm: newer: anewer: cnewer: " +
		"maxdepth: mindepth: inum: links: fstype: samefile: printf: fprint: fprint0: fls: used: context: regextype: files0-from: " +
		"delete exec execdir ok okdir print print0 prune quit empty nouser nogroup",
		run: &wrap{special: specialFind}},
	{name: "fish", short: "c:C:d:o:p:f:ilnNPv", long: "command: init-command: debug: debug-output: profile: profile-startup: " +
		"interactive login no-execute no-config private print-rusage-self features: help version",
		run: &wrap{special: specialShell, dialect: Fish}},
	// flock FILE CMD…, flock FILE -c LINE.
	{name: "flock", short: "sexnouFw:E:c:hV", long: "shared exclusive nonblock nb close unlock timeout: wait: conflict-exit-code: " +
		"command: no-fork verbose help version",
		run: &wrap{skip: 1, lineOpts: []string{"-c", "--command"}, dialect: POSIX}},
	{name: "ionice", short: "c:n:p:P:tu:", long: "class: classdata: pid: pgid: ignore uid: help version", run: &wrap{stops: ioniceStop}},
	{name: "ksh", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	{name: "mksh", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	{name: "nice", short: "n:", long: "adjustment: help version", numeric: true, run: argvWrap},
	{name: "nohup", run: argvWrap},
	// nsenter [OPTIONS] CMD…: its namespace options take a file only
	// attached (-m/proc/1/ns/mnt), so CMD is never taken for one.
	{name: "nsenter", short: "at:m::u::i::n::p::C::U::T::G:S:r::w::W:eFZhV", long: "all target: mount:: uts:: ipc:: net:: pid:: " +
		"cgroup:: user:: time:: setgid: setuid: root:: wd:: wdns: env no-fork follow-context preserve-credentials keep-caps " +
		"user-parent help version", run: argvWrap},
	{name: "pkexec", long: "user: disable-internal-agent keep-cwd help version", run: argvWrap},
	{name: "runuser", short: suShort + "u:", long: suLong + " user:",
		run: &wrap{kind: runNone, permute: true, lineOpts: []string{"-c", "--command", "--session-command"}, argvOpts: []string{"-u", "--user"}, dialect: Bash}},
	{name: "setsid", short: "cfw", long: "ctty fork wait help version", run: argvWrap},
	{name: "sh", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	// ssh HOST CMD…: CMD runs on HOST; -o ProxyCommand= runs here.
	{name: "ssh", short: "46AaCfGgKkMNnqsTtVvXxYyB:b:c:D:E:e:F:I:i:J:L:l:m:O:o:P:p:Q:R:S:W:w:",
		run: &wrap{special: specialSSH, lineOpts: sshLines}},
	{name: "stdbuf", short: "i:o:e:", long: "input: output: error: help version", run: argvWrap},
	{name: "su", short: suShort, long: suLong, run: suWrap},
	{name: "sudo", short: sudoShort, long: sudoLong, abbrev: true, run: sudoWrap},
	{name: "sudoedit", short: sudoShort, long: sudoLong, abbrev: true, run: sudoWrap},
	{name: "systemd-run", short: "u:p:E:M:H:s:", long: "unit: property: setenv: description: slice: machine: host: uid: gid: " +
		"working-directory: on-active: on-boot: on-startup: on-unit-active: on-unit-inactive: on-calendar: timer-property: " +
		"path-property: socket-property: nice: service-type:", run: argvWrap},
	{name: "taskset", short: "acp", long: "all-tasks cpu-list pid help version", run: &wrap{skip: 1, stops: []string{"-p", "--pid"}}},
	{name: "time", short: "f:o:apqv", long: "format: output: append portability quiet verbose help version", run: argvWrap},
	{name: "timeout", short: "k:s:v", long: "kill-after: signal: preserve-status foreground verbose help version", run: &wrap{skip: 1}},
	{name: "unbuffer", short: "p", run: argvWrap},
	// watch CMD…: a line for sh -c, unless -x makes it an argv.
	{name: "watch", short: "bcCd::egn:pq:rtwxhv", long: "beep color no-color differences:: errexit chgexit interval: precise " +
		"equexit: no-rerun no-title no-wrap no-linewrap exec help version",
		run: &wrap{kind: runLine, argvOpts: []string{"-x", "--exec"}, dialect: POSIX}},
	{name: "xargs", short: "0a:d:E:e::I:i::L:l::n:oP:prs:tx", long: "null arg-file: delimiter: eof:: replace:: max-lines:: " +
		"max-args: interactive max-procs: process-slot-var: no-run-if-empty max-chars: show-limits verbose exit open-tty help version",
		run: &wrap{special: specialXargs}},
	{name: "zsh", short: shellShort, long: shellLong, plus: true, run: &wrap{special: specialShell, dialect: Zsh}},
}
