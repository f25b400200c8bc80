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
			{name: "restore"},
			{name: "rm", short: "fnqr", long: gitDryLong, dryRun: gitDry},
			{name: "stash"},
		}},
}
