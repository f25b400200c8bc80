package shell

// Grammars and lists shared by several tools.
const (
	mysqlShort = "u:h:P:D:S:e:b"
	mysqlLong  = "user: host: port: database: socket: execute: defaults-file: default-character-set:"
	gitDryLong = "dry-run"
)

var (
	gitDry = []string{"-n", "--dry-run"}
)

// toolCommands manage repositories and databases.
// Sorted by name.
var toolCommands = []command{
	// git [-C DIR] [-c KEY=VALUE] SUBCOMMAND …: the options before the
	// subcommand are git's own.
	{name: "git", short: "C:c:", long: "git-dir: work-tree: namespace: exec-path:: config-env: super-prefix: list-cmds:",
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
	{name: "mariadb", short: mysqlShort, long: mysqlLong},
	{name: "mysql", short: mysqlShort, long: mysqlLong},
	{name: "psql", short: "c:d:f:h:p:U:v:F:o:P:R:T:L:", long: "command: dbname: file: host: port: username: set: variable: output: pset: log-file:"},
	{name: "redis-cli", short: "h:p:a:s:n:u:c", long: "user: pass: tls cacert: cert: key:"},
}
