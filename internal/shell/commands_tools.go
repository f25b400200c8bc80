package shell

// Grammars and lists shared by several tools.
const (
	gitDryLong = "dry-run"
)

var (
	gitDry = []string{"-n", "--dry-run"}
)

// toolCommands manage repositories and databases.
// Sorted by name.
var toolCommands = []command{
	// git [-C DIR] [-c KEY=VALUE] SUBCOMMAND …: the options before the
	// subcommand are git's own; -c core.sshCommand=CMD, alias.X='!CMD'
	// and ext:: URLs run commands (optlines.go).
	{name: "git", short: "C:c:", long: "git-dir: work-tree: namespace: exec-path:: config-env: super-prefix: list-cmds:",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeGit}},
		subs: []command{
			{name: "add", short: "nvfipeuANI", long: gitDryLong, dryRun: gitDry},
			{name: "branch"},
			{name: "checkout"},
			{name: "clean", short: "dfinqe:xX", long: "exclude: " + gitDryLong, dryRun: gitDry},
			{name: "fetch", long: gitDryLong, dryRun: []string{"--dry-run"}},
			{name: "mv", short: "fkvn", long: gitDryLong, dryRun: gitDry},
			{name: "prune", short: "nv", long: gitDryLong, dryRun: gitDry},
			{name: "push", short: "46fno:quv", long: "repo: push-option: receive-pack: exec: force-with-lease:: signed:: recurse-submodules: " +
				"force force-if-includes mirror all tags delete prune " + gitDryLong,
				dryRun: gitDry},
			{name: "reset"},
			{name: "restore", short: "mpqs:SW", long: "source: patch worktree staged quiet progress no-progress ours theirs merge " +
				"conflict: ignore-unmerged ignore-skip-worktree-bits recurse-submodules no-recurse-submodules overlay no-overlay " +
				"pathspec-from-file: pathspec-file-nul"},
			{name: "rm", short: "fnqr", long: gitDryLong, dryRun: gitDry},
			{name: "stash"},
		}},
	// nc, netcat HOST PORT: -e PROG runs PROG on the connection (the
	// traditional netcat's option).
	{name: "nc", short: "46bCDdFhklNnrStUuvzc:e:I:i:M:m:O:P:p:q:s:T:V:W:w:X:x:Z:"},
	// ncat [OPTIONS…] [HOST] [PORT]: -e, -c, --exec, --sh-exec, --lua-exec
	// run a program on the connection.
	{name: "ncat", short: "46CDhklnuvzc:e:g:G:i:m:o:p:s:w:x:d:", long: "exec: sh-exec: lua-exec: listen keep-open nodns udp sctp " +
		"verbose wait: idle-timeout: source: source-port: output: hex-dump: append-output send-only recv-only allow: allowfile: " +
		"deny: denyfile: max-conns: ssl ssl-cert: ssl-key: ssl-verify ssl-trustfile: ssl-ciphers: proxy: proxy-type: " +
		"proxy-auth: broker chat crlf help version"},
	{name: "netcat", short: "46bCDdFhklNnrStUuvzc:e:I:i:M:m:O:P:p:q:s:T:V:W:w:X:x:Z:"},
	// socat [OPTIONS…] ADDRESS ADDRESS: EXEC: and SYSTEM: addresses run a
	// program on the other address's data.
	{name: "socat", short: "dDvxuUgshVb:t:T:L:W:46"},
}
