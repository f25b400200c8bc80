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
	// GNU parallel and sem: Getopt::Long, bundled, options up to the command.
	parallelShort = "0a:C:d:E:e::I:i::J:j:kL:l::mM:N:n:P:pqrS:s:tuVvXx"
	parallelLong  = "arg-file: arg-file-sep: arg-sep: bar basefile: bf: basenamereplace: bnr: basenameextensionreplace: bner: bg " +
		"block: block-size: cat cleanup colsep: compress compress-program: csv ctag ctagstring: delay: delimiter: " +
		"dirnamereplace: dnr: dry-run env: eof:: eta extensionreplace: er: fg fifo filter: filter-hosts group group-by: " +
		"halt: halt-on-error: header: help hgrp hostgroups id: interactive joblog: jobs: keep-order keeporder line-buffer lb " +
		"link load: max-args: max-chars: max-line-length-allowed max-lines:: max-procs: max-replace-args: memfree: memsuspend: " +
		"nice: no-notice nonall null number-of-cores number-of-cpus number-of-sockets number-of-threads onall pipe pipepart " +
		"plain plus progress quote recend: recstart: regexp rpl: replace:: results: res: resume resume-failed retries: " +
		"retry-failed return: round-robin rr semaphore semaphorename: semaphoretimeout: shebang shebang-wrap " +
		"shell-completion: shellquote shuf show-limits skip-first-line slf: sshdelay: sshlogin: sshloginfile: ssh: st: tag " +
		"tagstring: tee template: termseq: timeout: tmpdir: tmux tmuxpane trim: transfer transferfile: tf: ungroup unsafe " +
		"verbose version wd: workdir: will-cite xapply citation limit: fast sql: sqlmaster: sqlandworker: sqlworker: " +
		"record-env session"
	// tmux's commands that take a start directory, an environment and
	// a target before their shell command.
	tmuxNewShort = "AdDEPXc:e:f:F:n:s:t:x:y:"
)

// Wrapper kinds shared by several names.
var (
	argvWrap      = &wrap{}
	suWrap        = &wrap{kind: runNone, permute: true, lineOpts: []string{"-c", "--command", "--session-command"}, dialect: Bash, stdin: stdinIdle}
	sudoWrap      = &wrap{special: specialSudo}
	atWrap        = &wrap{kind: runNone, stdin: stdinAlways, dialect: POSIX, stops: []string{"-l", "-d", "-r", "-c", "-V"}, fileOpts: []string{"-f"}}
	sourceWrap    = &wrap{kind: runNone, script: true, stdin: stdinIdle, dialect: bashOrFish, current: true}
	tmuxLine      = &wrap{kind: runLine, cwdOpts: []string{"-c"}}
	bashWrap      = &wrap{special: specialShell, dialect: Bash}
	posixWrap     = &wrap{special: specialShell, dialect: POSIX}
	chrtStops     = []string{"-p", "--pid", "-m", "--max"}
	ioniceStop    = []string{"-p", "-P", "-u", "--pid", "--pgid", "--uid"}
	parallelStops = []string{"--dry-run", "--version", "-V", "--help", "--citation", "--number-of-cpus", "--number-of-cores",
		"--number-of-sockets", "--number-of-threads", "--shellquote", "--show-limits", "--record-env", "--shell-completion"}
	// tmuxSubs are tmux's commands that run a shell command or type keys,
	// under their names and aliases.
	tmuxSubs = []command{
		{name: "display-popup", short: "BCEkb:c:d:e:h:s:S:t:T:w:x:y:", run: &wrap{kind: runLine, cwdOpts: []string{"-d"}}},
		{name: "if", short: "bFt:", run: tmuxIf},
		{name: "if-shell", short: "bFt:", run: tmuxIf},
		{name: "new", short: tmuxNewShort, run: tmuxLine},
		{name: "new-session", short: tmuxNewShort, run: tmuxLine},
		{name: "new-window", short: "abdkPSc:e:F:n:t:", run: tmuxLine},
		{name: "neww", short: "abdkPSc:e:F:n:t:", run: tmuxLine},
		{name: "pipe-pane", short: "IOot:", run: &wrap{kind: runLine}},
		{name: "pipep", short: "IOot:", run: &wrap{kind: runLine}},
		{name: "popup", short: "BCEkb:c:d:e:h:s:S:t:T:w:x:y:", run: &wrap{kind: runLine, cwdOpts: []string{"-d"}}},
		{name: "respawn-pane", short: "kc:e:t:", run: tmuxLine},
		{name: "respawn-window", short: "kc:e:t:", run: tmuxLine},
		{name: "respawnp", short: "kc:e:t:", run: tmuxLine},
		{name: "respawnw", short: "kc:e:t:", run: tmuxLine},
		{name: "run", short: "bCc:d:t:", run: tmuxLine},
		{name: "run-shell", short: "bCc:d:t:", run: tmuxLine},
		{name: "send", short: "FHKlMRXc:N:t:", run: tmuxKeys},
		{name: "send-keys", short: "FHKlMRXc:N:t:", run: tmuxKeys},
		{name: "split-window", short: "bdfhIvPZc:e:l:p:t:F:", run: tmuxLine},
		{name: "splitw", short: "bdfhIvPZc:e:l:p:t:F:", run: tmuxLine},
	}
	tmuxIf   = &wrap{special: specialTmux, kind: runNone}
	tmuxKeys = &wrap{kind: runKeys, literal: []string{"-l"}, hex: []string{"-H"}, stops: []string{"-X"}}
	// bwrapMulti are bwrap's options that take more than one word.
	bwrapMulti = []string{"--bind 2", "--bind-try 2", "--dev-bind 2", "--dev-bind-try 2", "--ro-bind 2", "--ro-bind-try 2",
		"--bind-fd 2", "--ro-bind-fd 2", "--file 2", "--bind-data 2", "--ro-bind-data 2", "--symlink 2", "--chmod 2",
		"--setenv 2", "--overlay 3"}
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
	{name: ".", run: sourceWrap},
	// abduco -n|-c|-A NAME CMD…: CMD in a session; -a attaches to one.
	{name: "abduco", short: "e:flqrncAa", run: &wrap{skip: 1, stops: []string{"-a"}}},
	// ansible PATTERN [-m MODULE] -a ARGS: with the command, shell or raw
	// module (command is the default) ARGS is a line run on every host the
	// pattern names; a module that deletes, stops, removes or reboots is
	// read as the command it amounts to (ansible.go); other modules'
	// key=value arguments read as assignments and run nothing. Check mode
	// and host lists run nothing.
	{name: "ansible", short: "a:B:bCc:De:f:hi:KkM:m:oP:t:T:u:vl:", long: "args: background: become become-method: become-user: " +
		"check connection: diff extra-vars: forks: help inventory: inventory-file: ask-become-pass ask-pass module-path: " +
		"module-name: one-line poll: tree: timeout: user: verbose limit: list-hosts playbook-dir: private-key: key-file: " +
		"scp-extra-args: sftp-extra-args: ssh-common-args: ssh-extra-args: syntax-check vault-id: vault-password-file: " +
		"ask-vault-password ask-vault-pass become-password-file: connection-password-file: task-timeout: version",
		run: &wrap{special: specialAnsible, kind: runNone, permute: true, lineOpts: []string{"-a", "--args"}, remote: true,
			stops: []string{"-C", "--check", "--list-hosts", "--syntax-check", "-h", "--help", "--version"}}},
	{name: "ash", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	{name: "at", short: "q:f:t:mMlvdrbcV", run: atWrap},
	// autossh [-M PORT] [SSH OPTIONS] HOST CMD…: ssh, restarted when it
	// dies; its ssh options are read and not kept.
	{name: "autossh", short: "M:f46AaCGgKkNnqsTtVvXxYyB:b:c:D:E:e:F:I:i:J:L:l:m:O:o:P:p:Q:R:S:W:w:", run: &wrap{program: "ssh"}},
	{name: "bash", short: shellShort, long: shellLong, plus: true, run: bashWrap},
	{name: "batch", short: "q:f:t:mMlvdrbcV", run: atWrap},
	{name: "builtin", run: argvWrap},
	{name: "busybox", run: argvWrap},
	// bwrap [OPTIONS] CMD…: options only as separate words, some taking
	// two or three.
	{name: "bwrap", long: "args: argv0: unshare-all share-net unshare-user unshare-user-try unshare-ipc unshare-pid unshare-net " +
		"unshare-uts unshare-cgroup unshare-cgroup-try userns: userns2: disable-userns assert-userns-disabled pidns: uid: gid: " +
		"hostname: chdir: clearenv setenv: unsetenv: lock-file: sync-fd: perms: size: bind: bind-try: dev-bind: dev-bind-try: " +
		"ro-bind: ro-bind-try: bind-fd: ro-bind-fd: remount-ro: overlay-src: overlay: tmp-overlay: ro-overlay: exec-label: " +
		"file-label: proc: dev: tmpfs: mqueue: dir: file: bind-data: ro-bind-data: symlink: chmod: seccomp: add-seccomp-fd: " +
		"block-fd: userns-block-fd: info-fd: json-status-fd: new-session die-with-parent as-pid-1 cap-add: cap-drop: " +
		"level-prefix help version",
		run: &wrap{multi: bwrapMulti, cwdOpts: []string{"--chdir"}}},
	// byobu is tmux (or screen) with a profile: tmux's commands.
	{name: "byobu", short: "2CDlNuVvc:f:L:S:T:", run: &wrap{special: specialTmux, lineOpts: []string{"-c"}}, subs: tmuxSubs},
	{name: "byobu-tmux", short: "2CDlNuVvc:f:L:S:T:", run: &wrap{special: specialTmux, lineOpts: []string{"-c"}}, subs: tmuxSubs},
	{name: "caffeinate", short: "dimsut:w:", run: argvWrap},
	{name: "catchsegv", run: argvWrap},
	{name: "cgexec", short: "g:h", long: "sticky", run: argvWrap},
	{name: "chronic", short: "ev", run: argvWrap},
	// chroot DIR CMD…: CMD's paths are inside DIR, but they are judged as
	// written: the worst case, since DIR may be / (chroot / rm -rf /).
	{name: "chroot", long: "userspec: groups: skip-chdir help version", abbrev: true, run: &wrap{skip: 1}},
	{name: "chrt", short: "abdfiomprRvT:P:D:e", long: "all-tasks batch deadline fifo idle other pid rr reset-on-fork verbose " +
		"max sched-runtime: sched-period: sched-deadline: help version", run: &wrap{skip: 1, stops: chrtStops}},
	// clush -w NODES|-g GROUP|-a CMD…: CMD runs on every node, as one line;
	// -c copies files and runs nothing.
	{name: "clush", short: "abBcdDEGhLnNpPqrSvf:g:l:o:O:R:t:u:w:x:X:", long: "all dshbak dshbak-regroup copy rcopy dest: group: " +
		"nodes: exclude: user: options: fanout: topology: worker: groupsource: help version quiet verbose debug",
		run: &wrap{kind: runLine, remote: true, hostOpts: []string{"-w", "--nodes", "-g", "--group"},
			stops: []string{"-c", "--copy", "--rcopy", "-h", "--help", "--version"}}},
	{name: "command", short: "pvV", run: &wrap{stops: []string{"-v", "-V"}}},
	{name: "daemonize", short: "ac:e:E:o:p:l:u:v", run: &wrap{cwdOpts: []string{"-c"}}},
	{name: "dash", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	{name: "doas", short: "a:C:Lnsu:", run: &wrap{stops: []string{"-C", "-L"}, labelOpts: []string{"-u"}, stdin: stdinIdle}},
	// dtach -n|-c|-A SOCKET [OPTIONS] CMD…: CMD runs detached; -a and -p
	// attach to one that runs.
	{name: "dtach", short: "A:c:n:N:e:r:Ezap", run: &wrap{stops: []string{"-a", "-p"}}},
	{name: "env", short: "a:0iu:C:S:v", long: "argv0: ignore-environment null unset: chdir: split-string: block-signal:: " +
		"default-signal:: ignore-signal:: list-signal-handling debug help version",
		run: &wrap{assigns: true, cwdOpts: []string{"-C", "--chdir"}, splitOpts: []string{"-S", "--split-string"}}},
	{name: "eval", run: &wrap{kind: runLine, dialect: bashOrFish, current: true}},
	{name: "exec", short: "a:cl", run: argvWrap},
	// find's options, then its expression: the primaries that take one
	// argument (":"), read by its handler.
	{name: "fakechroot", short: "c:d:e:l:sh", long: "config-dir: elfloader: environment: lib: use-system-libs help version", run: argvWrap},
	{name: "fakeroot", short: "l:i:s:ubhv", long: "lib: faked: unknown-is-real fd-base: help version", run: argvWrap},
	{name: "find", short: "HLPD:O::", long: "name: iname: path: ipath: wholename: iwholename: regex: iregex: lname: ilname: " +
		"type: xtype: mtime: mmin: atime: amin: ctime: cmin: size: user: group: uid: gid: perm: newer: anewer: cnewer: " +
		"maxdepth: mindepth: inum: links: fstype: samefile: printf: fprint: fprint0: fls: used: context: regextype: files0-from: " +
		"delete exec execdir ok okdir print print0 prune quit empty nouser nogroup",
		run: &wrap{special: specialFind}},
	// firejail [--OPTION[=VALUE]…] CMD…: every value is attached.
	{name: "firejail", long: "list tree top get: put: ls: shutdown: version help",
		run: &wrap{stops: []string{"--list", "--tree", "--top", "--get", "--put", "--ls", "--shutdown", "--version", "--help"}}},
	{name: "fish", short: "c:C:d:o:p:f:ilnNPv", long: "command: init-command: debug: debug-output: profile: profile-startup: " +
		"interactive login no-execute no-config private print-rusage-self features: help version",
		run: &wrap{special: specialShell, dialect: Fish}},
	// flock FILE CMD…, flock FILE -c LINE.
	{name: "flock", short: "sexnouFw:E:c:hV", long: "shared exclusive nonblock nb close unlock timeout: wait: conflict-exit-code: " +
		"command: no-fork verbose fcntl start: length: help version", abbrev: true,
		run: &wrap{skip: 1, lineOpts: []string{"-c", "--command"}, dialect: POSIX}},
	// gdb [OPTIONS] [PROG [CORE|PID]], gdb --args PROG ARGS…: one-dash
	// long options anywhere; -ex run runs PROG, -ex 'shell LINE' a line.
	{name: "gdb", dashLong: true, long: "args batch batch-silent ex: eval-command: iex: init-eval-command: x: command: ix: init-command: " +
		"p: pid: c: core: s: symbols: e: exec: se: cd: d: directory: tty: b: l: q quiet silent n nx nh nw tui interpreter: " +
		"return-child-result readnow readnever write statistics configuration fullname f help version",
		run: &wrap{kind: runNone, permute: true,
			argvOpts: []string{"--args", "-args", "-ex run", "-ex r", "-ex start", "-ex starti", "--ex run", "--ex r",
				"-eval-command run", "--eval-command run"},
			lineOpts: []string{"-ex shell ", "-ex !", "--ex shell ", "--ex !", "-eval-command shell ", "-eval-command !",
				"--eval-command shell ", "--eval-command !"}}},
	{name: "ionice", short: "c:n:p:P:tu:", long: "class: classdata: pid: pgid: ignore uid: help version", run: &wrap{stops: ioniceStop}},
	// k3s kubectl|crictl|ctr …: the bundled tool, by its own entry.
	// k3s kubectl|crictl|ctr …: the bundled tool, by its own entry; its own
	// subcommands (server, etcd-snapshot…) are k3s's.
	{name: "k3s", run: argvWrap, subs: rancherSubs},
	{name: "ksh", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	// linux32, linux64: setarch for that personality, the command next.
	{name: "linux32", short: "vRFZLXBIST3hV", long: "verbose addr-no-randomize fdpic-funcptrs mmap-page-zero addr-compat-layout " +
		"read-implies-exec 32bit short-inode whole-seconds sticky-timeouts 3gb 4gb uname-2.6 help version", run: argvWrap},
	{name: "linux64", short: "vRFZLXBIST3hV", long: "verbose addr-no-randomize fdpic-funcptrs mmap-page-zero addr-compat-layout " +
		"read-implies-exec 32bit short-inode whole-seconds sticky-timeouts 3gb 4gb uname-2.6 help version", run: argvWrap},
	{name: "ltrace", short: "bcCfghiLrStTVa:A:D:e:F:l:n:o:p:s:u:w:x:", long: "align: config: debug: demangle help indent: library: output: version",
		run: argvWrap},
	// microk8s kubectl|helm|ctr …: the bundled tool, by its own entry;
	// its own subcommands (reset, leave, remove-node…) run nothing else
	// and are microk8s's (wrappedBy).
	{name: "microk8s", run: argvWrap, subs: []command{
		{name: "add-node"}, {name: "config"}, {name: "dashboard-proxy"}, {name: "disable"}, {name: "enable"},
		{name: "inspect"}, {name: "join"}, {name: "leave"}, {name: "refresh-certs"}, {name: "remove-node"},
		{name: "reset"}, {name: "start"}, {name: "status"}, {name: "stop"}, {name: "version"},
	}},
	{name: "mksh", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	// mosh [OPTIONS] HOST [--] CMD…: CMD runs on HOST.
	{name: "mosh", long: "client: server: ssh: predict: family: port: bind-server: no-init local experimental-remote-ip: " +
		"no-ssh-pty help version", run: &wrap{skip: 1, remote: true}},
	{name: "newgrp", run: &wrap{kind: runNone, login: true, stdin: stdinIdle}},
	{name: "nice", short: "n:", long: "adjustment: help version", numeric: true, run: argvWrap},
	{name: "nohup", run: argvWrap},
	// nsenter [OPTIONS] CMD…: its namespace options take a file only
	// attached (-m/proc/1/ns/mnt), so CMD is never taken for one.
	{name: "nsenter", short: "at:m::u::i::n::p::C::U::T::G:S:r::w::W:eFZhV", long: "all target: mount:: uts:: ipc:: net:: pid:: " +
		"cgroup:: user:: time:: setgid: setuid: root:: wd:: wdns: env no-fork follow-context preserve-credentials keep-caps " +
		"user-parent help version", run: argvWrap},
	{name: "parallel", short: parallelShort, long: parallelLong, abbrev: true, run: &wrap{special: specialParallel, stops: parallelStops}},
	// parallel-ssh (pssh) -h HOSTFILE [OPTIONS…] LINE: LINE runs on every
	// host.
	{name: "parallel-ssh", short: "h:H:l:p:o:e:t:O:x:X:vAiIP", long: "hosts: host: user: par: outdir: errdir: timeout: option: " +
		"extra-args: extra-arg: verbose askpass inline inline-stdout send-input print help version",
		run: &wrap{kind: runLine, remote: true, hostOpts: []string{"-H", "--host"}, stops: []string{"--help", "--version"}}},
	// perf [OPTIONS] record|stat|trace [OPTIONS] CMD…: perf's own
	// option parser stops at the command.
	// pdsh -w HOSTS CMD…: CMD runs on every host, as one line.
	{name: "pdsh", short: "aAbdhLNqSVe:f:g:l:M:R:t:u:w:x:X:", run: &wrap{kind: runLine, remote: true, hostOpts: []string{"-w", "-g"},
		stops: []string{"-q", "-V", "-L", "-h"}}},
	{name: "perf", short: "hvp", long: "debug: help version exec-path:: html-path man-path info-path paginate no-pager buildid-dir: " +
		"list-cmds list-opts",
		subs: []command{
			{name: "record", short: "ac:C:dD:e:F:gG:I:j:k:m:no:p:Pqr:RsStTu:vWbBN", long: "event: freq: count: output: pid: tid: cpu: " +
				"cgroup: mmap-pages: branch-filter: call-graph: uid: user-regs: intr-regs: clockid: delay: switch-output:: filter: " +
				"exclude-perf all-cpus no-inherit realtime: data stat timestamp period sample-cpu quiet verbose no-buildid " +
				"no-buildid-cache per-thread", run: argvWrap},
			{name: "stat", short: "ac:C:de:G:I:o:p:r:t:x:AnBSv", long: "event: cpu: cgroup: interval-print: output: pid: repeat: tid: " +
				"field-separator: all-cpus detailed no-aggr big-num scale verbose per-socket per-core per-thread metric-only",
				run: argvWrap},
			{name: "trace", short: "e:o:p:t:u:C:F:m:s:S", long: "event: output: pid: tid: uid: cpu: duration: filter: expr: call-graph: " +
				"max-stack: summary", run: argvWrap},
		}},
	{name: "pkexec", long: "user: disable-internal-agent keep-cwd help version", run: argvWrap},
	{name: "proot", short: "r:b:m:q:w:k:0i:v:VhR:S:p:", long: "rootfs: bind: mount: qemu: pwd: cwd: kernel-release: root-id " +
		"change-id: verbose: version help link2symlink kill-on-exit port:", run: &wrap{cwdOpts: []string{"-w", "--pwd", "--cwd"}}},
	{name: "pssh", short: "h:H:l:p:o:e:t:O:x:X:vAiIP", long: "hosts: host: user: par: outdir: errdir: timeout: option: " +
		"extra-args: extra-arg: verbose askpass inline inline-stdout send-input print help version",
		run: &wrap{kind: runLine, remote: true, hostOpts: []string{"-H", "--host"}, stops: []string{"--help", "--version"}}},
	// runcon CONTEXT CMD…, or runcon [-c] [-u USER] [-r ROLE] [-t TYPE]
	// [-l RANGE] CMD….
	{name: "runcon", short: "cu:r:t:l:", long: "compute user: role: type: range: help version",
		run: &wrap{skip: 1, noSkip: []string{"-u", "-r", "-t", "-l", "--user", "--role", "--type", "--range"}}},
	{name: "runuser", short: suShort + "u:", long: suLong + " user:",
		run: &wrap{kind: runNone, permute: true, lineOpts: []string{"-c", "--command", "--session-command"}, argvOpts: []string{"-u", "--user"}, dialect: Bash, stdin: stdinIdle}},
	// salt TARGET cmd.run LINE: LINE runs on every minion TARGET names
	// (cmd.script and other functions are rules on the function's word).
	{name: "salt", short: "a:b:CdEGghIlLNpqRsSt:vV", long: "async batch-size: batch: batch-wait: compound grain grain-pcre " +
		"list nodegroup pcre pillar pillar-pcre range return: subset: timeout: verbose version help out: output: " +
		"out-indent: out-file: output-file: no-color force-color log-level: hide-timeout show-jid state-output: " +
		"state-verbose: static summary failhard config-dir: user: module-executors: executor-opts: saltfile: ipcidr",
		inherit: true, subs: []command{{name: "*", subs: []command{
			{name: "cmd.run", run: &wrap{kind: runLine, remote: true}},
			{name: "cmd.run_all", run: &wrap{kind: runLine, remote: true}},
			{name: "cmd.run_stdout", run: &wrap{kind: runLine, remote: true}},
			{name: "cmd.shell", run: &wrap{kind: runLine, remote: true}},
		}}}},
	// screen [-OPTIONS] [CMD…], screen -X COMMAND…: options read by its
	// handler, by these letters.
	{name: "screen", short: "aAc:dDe:fh:ilLmOp:qQrRs:S:t:T:UvxX", run: &wrap{special: specialScreen}},
	// script [OPTIONS] [FILE]: -c LINE runs LINE; BSD's script FILE CMD…
	// runs CMD.
	{name: "script", short: "aB:c:eE:fI:O:o:qm:T:t::Vh", long: "append command: echo: return flush force quiet log-in: log-out: " +
		"log-io: log-timing: logging-format: output-limit: timing:: help version", abbrev: true,
		run: &wrap{skip: 1, lineOpts: []string{"-c", "--command"}}},
	{name: "sem", short: parallelShort, long: parallelLong, abbrev: true, run: &wrap{special: specialParallel, stops: parallelStops}},
	// setarch ARCH [OPTIONS] CMD…: CMD with another personality; what
	// follows ARCH is read as linux64's.
	{name: "setarch", short: "vRFZLXBIST3hV", long: "verbose addr-no-randomize fdpic-funcptrs mmap-page-zero addr-compat-layout " +
		"read-implies-exec 32bit short-inode whole-seconds sticky-timeouts 3gb 4gb uname-2.6 list help version",
		run: &wrap{skip: 1, program: "linux64", stops: []string{"--list"}}},
	{name: "setpriv", long: "dump nnp no-new-privs inh-caps: ambient-caps: bounding-set: keep-groups clear-groups groups: init-groups " +
		"rgid: egid: regid: ruid: euid: reuid: securebits: pdeathsig: selinux-label: apparmor-profile: landlock-access: " +
		"landlock-rule: seccomp-filter: reset-env help version", short: "dhV", abbrev: true, run: argvWrap},
	{name: "setsid", short: "cfw", long: "ctty fork wait help version", run: argvWrap},
	// sg [-] GROUP [-c] LINE.
	{name: "sg", short: "c:", run: &wrap{kind: runLine, skip: 1, login: true, permute: true, lineOpts: []string{"-c"}}},
	{name: "sh", short: shellShort, long: shellLong, plus: true, run: posixWrap},
	{name: "source", run: sourceWrap},
	// ssh HOST CMD…: CMD runs on HOST; -o ProxyCommand= runs here.
	{name: "ssh", short: "46AaCfGgKkMNnqsTtVvXxYyB:b:c:D:E:e:F:I:i:J:L:l:m:O:o:P:p:Q:R:S:W:w:",
		run: &wrap{special: specialSSH, lineOpts: sshLines, stops: []string{"-N"}}},
	// sshpass -p PASS|-f FILE|-d FD|-e CMD…: CMD (ssh, scp, rsync) with
	// the password typed for it.
	{name: "sshpass", short: "p:f:d:P:ehvV", run: argvWrap},
	// start-stop-daemon --start --exec PROG [-- ARGS…].
	{name: "start-stop-daemon", short: "SKTHVx:n:p:u:g:s:R:a:N:P:I:k:mc:r:d:bCO:oqvt", long: "start stop status help version exec: " +
		"name: pidfile: user: group: signal: retry: startas: nicelevel: procsched: iosched: umask: make-pidfile remove-pidfile " +
		"chuid: chroot: chdir: background no-close output: oknodo quiet verbose test notify-await notify-timeout: ppid:",
		abbrev: true, run: &wrap{kind: runNone, progOpts: []string{"-a", "--startas", "-x", "--exec"}, cwdOpts: []string{"-d", "--chdir"},
			stops: []string{"-K", "--stop", "-T", "--status", "-t", "--test", "-H", "--help", "-V", "--version"}}},
	{name: "stdbuf", short: "i:o:e:", long: "input: output: error: help version", run: argvWrap},
	{name: "strace", short: "a:Ab:cCdDe:E:fFhiI:kno:O:p:P:qrs:S:tTu:U:vVwxX:yzZ", long: "abbrev: attach: columns: " +
		"const-print-style: daemonize:: decode-fds:: decode-pids: env: fault: follow-forks inject: instruction-pointer kvm: " +
		"namespace: no-abbrev output: output-append-mode output-separately path: quiet:: raw: read: relative-timestamps:: " +
		"seccomp-bpf signal: silent:: stack-trace:: status: string-limit: strings-in-hex:: successful-only failed-only summary " +
		"summary-only summary-columns: summary-sort-by: summary-syscall-overhead: summary-wall-clock syscall-limit: " +
		"syscall-times:: timestamps:: tips:: trace: trace-path: trace-fds: user: verbose: write: argv0: help version",
		abbrev: true, run: argvWrap},
	{name: "su", short: suShort, long: suLong, run: suWrap},
	{name: "sudo", short: sudoShort, long: sudoLong, abbrev: true, run: sudoWrap},
	{name: "sudoedit", short: sudoShort, long: sudoLong, abbrev: true, run: sudoWrap},
	{name: "systemd-inhibit", long: "what: who: why: mode: list no-pager no-legend help version", abbrev: true,
		run: &wrap{stops: []string{"--list"}}},
	// systemd-run [OPTIONS] CMD…: on another host with -H, in a container
	// with -M; later with timer options, and judged all the same.
	{name: "systemd-run", short: "hrH:M:E:p:tPqGdSu:", long: "help version user system scope unit: description: slice: slice-inherit " +
		"remain-after-exit send-sighup host: machine: service-type: wait uid: gid: nice: setenv: property: tty pty pipe quiet " +
		"on-active: on-boot: on-startup: on-unit-active: on-unit-inactive: on-calendar: on-timezone-change on-clock-change " +
		"timer-property: path-property: socket-property: no-block no-ask-password collect working-directory: same-dir shell " +
		"expand-environment: json: job-mode: ignore-failure background: verbose",
		abbrev: true, run: &wrap{cwdOpts: []string{"--working-directory"}, hostOpts: []string{"-H", "--host", "-M", "--machine"}}},
	{name: "taskset", short: "acp", long: "all-tasks cpu-list pid help version", run: &wrap{skip: 1, stops: []string{"-p", "--pid"}}},
	{name: "time", short: "f:o:apqv", long: "format: output: append portability quiet verbose help version", run: argvWrap},
	{name: "timeout", short: "k:s:v", long: "kill-after: signal: preserve-status foreground verbose help version", run: &wrap{skip: 1}},
	// tmux [OPTIONS] [COMMAND [FLAGS]] [; COMMAND…]: -c LINE, and each
	// command by its entry.
	{name: "tmux", short: "2CDlNuVvc:f:L:S:T:", run: &wrap{special: specialTmux, lineOpts: []string{"-c"}}, subs: tmuxSubs},
	{name: "toybox", run: argvWrap},
	// task-spooler: tsp [-n -f -g -m -E -B -L LABEL -D ID -N SLOTS] CMD…
	// queues CMD to run; its other options manage the queue.
	{name: "tsp", short: "BEfgmnL:D:N:KClStcpoisrwkuUhV", run: &wrap{stops: []string{"-K", "-C", "-l", "-S", "-t", "-c", "-p", "-o", "-i",
		"-s", "-r", "-w", "-k", "-u", "-U", "-h", "-V"}}},
	{name: "unbuffer", short: "p", run: argvWrap},
	{name: "unshare", short: "fhVmuinpCTUrR:w:S:G:cl:", long: "help version mount:: uts:: ipc:: net:: pid:: user:: cgroup:: time:: " +
		"fork kill-child:: forward-signals mount-proc:: mount-binfmt:: map-user: map-users: map-group: map-groups: map-root-user " +
		"map-current-user map-auto map-subids owner: propagation: setgroups: keep-caps setuid: setgid: root: wd: monotonic: " +
		"boottime: load-interp: clear-env whitelist-env:", abbrev: true, run: &wrap{cwdOpts: []string{"-w", "--wd"}}},
	{name: "valgrind", short: "hvqd", run: argvWrap},
	// watch CMD…: a line for sh -c, unless -x makes it an argv.
	{name: "watch", short: "bCcefd::ghq:n:prs:twvx", long: "beep color no-color differences:: errexit follow chgexit interval: precise " +
		"equexit: no-rerun shotsdir: no-title no-wrap no-linewrap exec help version",
		run: &wrap{kind: runLine, argvOpts: []string{"-x", "--exec"}, dialect: POSIX}},
	{name: "xargs", short: "0a:d:E:e::I:i::J:L:l::n:oP:pR:rS:s:tx", long: "null arg-file: delimiter: eof:: replace:: max-lines:: " +
		"max-args: interactive max-procs: process-slot-var: no-run-if-empty max-chars: show-limits verbose exit open-tty help version",
		run: &wrap{special: specialXargs}},
	{name: "zsh", short: shellShort, long: shellLong, plus: true, run: &wrap{special: specialShell, dialect: Zsh}},
}
