package shell

// Grammars and lists shared by several tools.
const (
	aptShort   = "o:c:t:a:s"
	aptLong    = "option: config-file: target-release: host-architecture: simulate just-print dry-run recon no-act"
	dockerLong = "config: context: debug host: log-level: tls tlscacert: tlscert: tlskey: tlsverify"
	mysqlShort = "u:h:P:D:S:e:b"
	mysqlLong  = "user: host: port: database: socket: execute: defaults-file: default-character-set:"
	yumShort   = "c:d:x:e:R:"
	yumLong    = "config: exclude: enablerepo: disablerepo: installroot: releasever: setopt: repo: assumeno"
	// kubectlLong are kubectl's global options, read before and after its
	// subcommand.
	gitDryLong  = "dry-run"
	kubectlLong = "namespace: replicas: context: cluster: user: selector: filename: output: kubeconfig: server: token: as: " +
		"as-group: field-selector: grace-period: timeout: cascade:: wait:: request-timeout: dry-run:: all-namespaces recursive"
)

var (
	aptDry     = []string{"-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act"}
	yumDry     = []string{"--assumeno"}
	kubectlDry = []string{"--dry-run", "--dry-run=client", "--dry-run=server"}
	gitDry     = []string{"-n", "--dry-run"}
	// dockerSubs are the subcommands of docker and podman that belay
	// knows; a prune's --filter takes a value.
	dockerSubs = []command{
		{name: "builder", subs: []command{{name: "prune", long: "filter:"}}},
		{name: "compose", subs: []command{{name: "down"}, {name: "rm"}}},
		{name: "container", subs: []command{{name: "prune", long: "filter:"}, {name: "rm"}}},
		{name: "image", subs: []command{{name: "prune", long: "filter:"}, {name: "rm"}}},
		{name: "network", subs: []command{{name: "prune", long: "filter:"}, {name: "rm"}}},
		{name: "rm"},
		{name: "rmi"},
		{name: "service", subs: []command{{name: "rm"}}},
		{name: "stack", subs: []command{{name: "rm"}}},
		{name: "system", subs: []command{{name: "prune", long: "filter:"}}},
		{name: "volume", subs: []command{{name: "prune", long: "filter:"}, {name: "rm"}}},
	}
)

// toolCommands manage packages, repositories, clouds, clusters,
// containers, databases and virtual machines. Sorted by name.
var toolCommands = []command{
	{name: "apt", short: aptShort, long: aptLong, dryRun: aptDry},
	{name: "apt-get", short: aptShort, long: aptLong, dryRun: aptDry},
	// aws [GLOBAL…] SERVICE OPERATION [OPTIONS…]: global options anywhere;
	// ec2 operations take --dry-run, s3 commands --dryrun.
	{name: "aws", long: "profile: region: endpoint-url: output: query: exclude: include: cli-read-timeout: cli-connect-timeout: " +
		"color: ca-bundle: cli-binary-format: cli-input-json: cli-input-yaml: debug no-verify-ssl no-paginate no-sign-request " +
		"dry-run no-dry-run dryrun",
		inherit: true, dryRun: []string{"--dry-run", "!--no-dry-run", "--dryrun"},
		subs: []command{{name: "*", subs: []command{{name: "*"}}}}},
	{name: "dnf", short: yumShort, long: yumLong, dryRun: yumDry},
	{name: "docker", short: "c:DH:l:", long: dockerLong, subs: dockerSubs},
	{name: "dpkg", long: "root: admindir: instdir: force: log: status-fd: status-logger: path-include: path-exclude: dry-run no-act simulate",
		dryRun: []string{"--dry-run", "--no-act", "--simulate"}},
	{name: "emerge", short: "aAbBcCdDeEfFgGhHiIkKlnNoOpPqrRsStuUvVwWxXyYzZ", long: "jobs:: load-average:: config-root: exclude: root: pretend ask unmerge depclean prune rage-clean", dryRun: []string{"-p", "--pretend"}},
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
	{name: "gsutil", short: "o:h:u:"},
	// helm [GLOBAL…] SUBCOMMAND …: global options anywhere.
	{name: "helm", short: "n:", long: "kube-context: namespace: kubeconfig: dry-run::", inherit: true,
		dryRun: []string{"--dry-run", "--dry-run=client", "--dry-run=server"},
		subs:   []command{{name: "delete"}, {name: "uninstall"}}},
	// kubectl [GLOBAL…] VERB [OPTIONS…]: global options anywhere.
	{name: "kubectl", short: "n:l:f:o:s:", long: kubectlLong, inherit: true, dryRun: kubectlDry,
		subs: []command{
			{name: "annotate"}, {name: "apply"}, {name: "autoscale"}, {name: "cordon"}, {name: "cp"},
			{name: "create"}, {name: "delete"}, {name: "describe"}, {name: "diff"}, {name: "drain"},
			{name: "edit"}, {name: "exec", short: "c:"}, {name: "expose"}, {name: "get"}, {name: "label"},
			{name: "logs", short: "c:"}, {name: "patch"}, {name: "replace"},
			{name: "rollout", subs: []command{{name: "restart"}, {name: "undo"}}},
			{name: "run"}, {name: "scale"}, {name: "set"}, {name: "taint"}, {name: "uncordon"},
		}},
	{name: "mariadb", short: mysqlShort, long: mysqlLong},
	{name: "mysql", short: mysqlShort, long: mysqlLong},
	{name: "pacman", short: "DFQRSTUVdfhinpqstuvwyr:b:", long: "root: dbpath: cachedir: config: arch: gpgdir: hookdir: logfile: ignore: ignoregroup: " +
		"assume-installed: overwrite: print print-format:", dryRun: []string{"-p", "--print"}},
	{name: "podman", long: "url: connection: root: runroot: identity: log-level:", subs: dockerSubs},
	{name: "psql", short: "c:d:f:h:p:U:v:F:o:P:R:T:L:", long: "command: dbname: file: host: port: username: set: variable: output: pset: log-file:"},
	{name: "redis-cli", short: "h:p:a:s:n:u:c", long: "user: pass: tls cacert: cert: key:"},
	// terraform [-chdir=DIR] SUBCOMMAND [-option…]: one-dash long options.
	{name: "terraform", long: "chdir: var: var-file: target: replace: lock-timeout: parallelism: state: state-out: backup: out: " +
		"auto-approve destroy", dashLong: true, inherit: true,
		subs: []command{
			{name: "apply"}, {name: "destroy"}, {name: "import"}, {name: "plan"},
			{name: "state", subs: []command{{name: "mv"}, {name: "push"}, {name: "rm"}}},
			{name: "taint"}, {name: "untaint"},
			{name: "workspace", subs: []command{{name: "delete"}}},
		}},
	{name: "virsh", short: "c:k:", long: "connect: keepalive-interval:"},
	{name: "yum", short: yumShort, long: yumLong, dryRun: yumDry},
	{name: "zypper", short: "c:D:R:r:", long: "config: root: reposd-dir: repo: dry-run", dryRun: []string{"--dry-run"}},
}
