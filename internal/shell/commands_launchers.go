package shell

// launcherCommands start a command under some setting of their own (a
// proxy, a fake clock, a NUMA policy, a D-Bus or X session, another user
// or capability set, a machine): as far as the command goes they are
// wrappers like nice, found by a fresh pass on issue #15's disguises.
// From their manuals. Sorted by name.
var launcherCommands = []command{
	// capsh [OPTIONS] -- ARGS…: ARGS are bash's (or --shell's) arguments.
	{name: "capsh", long: "addamb: caps: chroot: current decode: delamb: drop: explain: forkfor: gid: groups: has-a: has-ambient " +
		"has-b: has-i: has-no-new-privs has-p: iab: inh: inmode: keep: killit: license mode: modes noamb noenv no-new-privs " +
		"print quiet secbits: shell: strict supports: uid: user:",
		run: &wrap{program: "bash", progOpts: []string{"--shell"},
			stops: []string{"--print", "--current", "--decode", "--supports", "--explain", "--license", "--modes"}}},
	{name: "cpulimit", short: "p:e:P:l:c:zivkrqh", long: "pid: exe: path: limit: cpu: lazy include-children verbose kill restore quiet help",
		run: &wrap{stops: []string{"-p", "--pid", "-e", "--exe", "-P", "--path"}}},
	{name: "dbus-launch", long: "sh-syntax csh-syntax auto-syntax binary-syntax close-stderr exit-with-session exit-with-x11 " +
		"autolaunch: config-file: version help", run: argvWrap},
	{name: "dbus-run-session", long: "config-file: dbus-daemon: version help", run: argvWrap},
	{name: "dumb-init", short: "r:cvV", long: "rewrite: single-child verbose version help", run: argvWrap},
	{name: "eatmydata", run: argvWrap},
	// zsh's emulate MODE -c LINE runs LINE in MODE's emulation.
	{name: "emulate", short: "lLRc:o:", plus: true, run: &wrap{kind: runNone, permute: true, lineOpts: []string{"-c"}, dialect: Zsh}},
	{name: "envdir", run: &wrap{skip: 1}},
	{name: "envuidgid", run: &wrap{skip: 1}},
	{name: "faketime", short: "mfp:", run: &wrap{skip: 1}},
	{name: "gosu", run: &wrap{skip: 1}},
	// machinectl shell [USER@]MACHINE [PATH ARGS…]: .host is this machine.
	{name: "machinectl", short: "hH:M:pqlo:n:sE:", long: "help version no-pager no-legend no-ask-password property: all value full " +
		"host: machine: uid: setenv: quiet kill-whom: signal: read-only mkdir verify: force format: max-addresses: output:",
		inherit: true,
		subs:    []command{{name: "shell", run: &wrap{skip: 1}}}},
	{name: "nocache", run: argvWrap},
	{name: "numactl", short: "a:bC:c:D:d:HI:i:lm:N:op:P:sSt:Vw:", long: "all balancing cpubind: cpunodebind: physcpubind: membind: " +
		"interleave: weighted-interleave: preferred: preferred-many: localalloc show hardware huge touch strict verify dump " +
		"dump-nodes length: offset: shm: shmmode: shmid: file: version help",
		run: &wrap{stops: []string{"-s", "--show", "-H", "--hardware"}}},
	{name: "proxychains", short: "qf:", run: argvWrap},
	{name: "proxychains4", short: "qf:", run: argvWrap},
	{name: "setuidgid", run: &wrap{skip: 1}},
	{name: "softlimit", short: "a:c:d:f:l:m:o:p:r:s:t:", run: argvWrap},
	{name: "ssh-agent", short: "a:cDdE:kO:P:st:", run: &wrap{stops: []string{"-k"}}},
	{name: "su-exec", run: &wrap{skip: 1}},
	{name: "tini", short: "svgp:e:lwV", run: argvWrap},
	{name: "torsocks", short: "u:p:a:P:iqdh", long: "user: pass: address: port: isolate quiet debug shell version help", run: argvWrap},
	{name: "trickle", short: "hvVsw:t:l:n:d:u:", run: argvWrap},
	{name: "tsocks", run: argvWrap},
	{name: "xvfb-run", short: "ae:f:hln:p:s:w:", long: "auto-servernum auto-display error-file: auth-file: help listen-tcp server-num: " +
		"xauth-protocol: server-args: wait:", run: argvWrap},
	{name: "yash", short: shellShort, long: shellLong, plus: true, run: posixWrap},
}
