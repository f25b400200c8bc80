package shell

// Package managers: what takes a value, which subcommand removes, and which
// option makes the run a dry run (apt-get -s, dnf --assumeno, zypper
// --dry-run, pacman -p, dpkg --no-act, rpm --test, apk -s, emerge -p, pip
// --dry-run), from each tool's man page.
const (
	aptShort = "o:c:t:a:s"
	aptLong  = "option: config-file: target-release: host-architecture: build-profiles: simulate just-print dry-run recon no-act"
	yumShort = "c:d:x:e:R:"
	yumLong  = "config: exclude: enablerepo: disablerepo: installroot: releasever: setopt: repo: repoid: repofrompath: " +
		"disableplugin: enableplugin: forcearch: destdir: downloaddir: comment: assumeno"
	pacmanShort = "DFQRSTUVdfhinpqstuvwyr:b:"
	pacmanLong  = "root: dbpath: cachedir: config: arch: gpgdir: hookdir: logfile: ignore: ignoregroup: " +
		"assume-installed: overwrite: print print-format:"
	pipShort      = "r:c:e:t:i:"
	zypperRmShort = "r:D"
	zypperRmLong  = "repo: type: dry-run clean-deps no-clean-deps"
	pipLong       = "requirement: constraint: editable: target: prefix: root: index-url: extra-index-url: find-links: " +
		"platform: python-version: implementation: abi: src: upgrade-strategy: report: dry-run break-system-packages"
)

var (
	aptDry    = []string{"-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act"}
	yumDry    = []string{"--assumeno"}
	pacmanDry = []string{"-p", "--print"}
	pipDry    = []string{"--dry-run"}
	// zypperDry: after remove, -D is --dry-run (zypper's own -D, before
	// the subcommand, names a directory).
	zypperDry = []string{"-D", "--dry-run"}
)

// packageCommands install and remove packages. Sorted by name.
var packageCommands = []command{
	// apk [GLOBAL…] del PKG…: global options anywhere.
	{name: "apk", short: "X:p:s", long: "repository: root: arch: cache-dir: keys-dir: repositories-file: simulate", inherit: true,
		dryRun: []string{"-s", "--simulate"}},
	{name: "apt", short: aptShort, long: aptLong, dryRun: aptDry},
	{name: "apt-get", short: aptShort, long: aptLong, dryRun: aptDry},
	{name: "aptitude", short: "o:t:F:w:S:s", long: "target-release: display-format: width: sort: simulate", dryRun: []string{"-s", "--simulate"}},
	{name: "dnf", short: yumShort, long: yumLong, dryRun: yumDry},
	{name: "dnf5", short: yumShort, long: yumLong, dryRun: yumDry},
	{name: "dpkg", long: "root: admindir: instdir: force: log: status-fd: status-logger: path-include: path-exclude: dry-run no-act simulate",
		dryRun: []string{"--dry-run", "--no-act", "--simulate"}},
	{name: "emerge", short: "aAbBcCdDeEfFgGhHiIkKlnNoOpPqrRsStuUvVwWxXyYzZ", long: "jobs:: load-average:: config-root: exclude: root: pretend ask unmerge depclean prune rage-clean", dryRun: []string{"-p", "--pretend"}},
	{name: "microdnf", long: "config: installroot: releasever: setopt: enablerepo: disablerepo: assumeno", dryRun: yumDry},
	{name: "nala", short: "o:", long: "option: simulate", dryRun: []string{"--simulate"}},
	{name: "pacman", short: pacmanShort, long: pacmanLong, dryRun: pacmanDry},
	{name: "paru", short: pacmanShort, long: pacmanLong, dryRun: pacmanDry},
	{name: "pip", short: pipShort, long: pipLong, dryRun: pipDry},
	{name: "pip3", short: pipShort, long: pipLong, dryRun: pipDry},
	{name: "pip3.*", short: pipShort, long: pipLong, dryRun: pipDry},
	// rpm -e PKG…: the mode is an option; --test checks without doing.
	{name: "rpm", short: "D:E:r:", long: "root: dbpath: rcfile: macros: define: eval: undefine: predefine: pipe: excludepath: relocate: prefix: test",
		dryRun: []string{"--test"}},
	// snap remove [--purge] [--revision=R] SNAP…
	{name: "snap", subs: []command{{name: "remove", long: "revision: purge terminate"}}},
	{name: "tdnf", short: yumShort, long: yumLong, dryRun: yumDry},
	{name: "yay", short: pacmanShort, long: pacmanLong, dryRun: pacmanDry},
	{name: "yum", short: yumShort, long: yumLong, dryRun: yumDry},
	// zypper [GLOBAL…] remove|rm [-D] PKG…
	{name: "zypper", short: "c:D:R:", long: "config: root: reposd-dir: cache-dir: non-interactive", subs: []command{
		{name: "remove", short: zypperRmShort, long: zypperRmLong, dryRun: zypperDry},
		{name: "rm", short: zypperRmShort, long: zypperRmLong, dryRun: zypperDry},
	}},
}
