package shell

// vboxLong are VBoxManage's global options, before its subcommand.
const vboxLong = "nologo settingspw: settingspwfile:"

// The options of the Proxmox guest commands (qm, pct) that take a value;
// their flags take an optional 0 or 1 (--purge 1), left as an operand
// after the guest's id.
const pveLong = "timeout: storage: target: name: description: idlist: snapname: hostname: memory: cores: net0: ostemplate: " +
	"node: pool: bwlimit:"

// vmCommands manage virtual machines and system containers: libvirt,
// Proxmox, Xen and XenServer, VirtualBox, Vagrant, LXC and Multipass (lxc
// and incus, LXD's clients, are in commands_containers.go). The disks
// under them are files, judged by their paths through the file commands.
// Sorted by name.
var vmCommands = []command{
	{name: "VBoxManage", short: "q", long: vboxLong},
	{name: "lxc-stop", short: "kl:n:o:P:qrt:W", long: "name: lxcpath: logfile: logpriority: kill nokill nolock quiet reboot rcfile: " +
		"timeout:"},
	// multipass [--verbose] COMMAND …
	{name: "multipass", short: "pv", long: "purge all verbose help destructive name: cpus: memory: disk: cloud-init: timeout:",
		inherit: true},
	{name: "pct", long: pveLong, inherit: true},
	{name: "pvesm", long: "storage: content: vmid: format: size:", inherit: true},
	{name: "qm", long: pveLong, inherit: true},
	{name: "qmrestore", long: pveLong + " unique: live:"},
	// vagrant [GLOBAL…] COMMAND …: --help anywhere only prints help.
	{name: "vagrant", short: "fhv", long: "force parallel no-parallel graceful help version color no-color machine-readable " +
		"debug timestamp provider: provision-with: all name: box-version: global", inherit: true,
		dryRun: helpDry},
	{name: "vboxmanage", short: "q", long: vboxLong},
	// virsh [GLOBAL…] COMMAND [OPTIONS…]: the global options come before
	// the command. A command's options are long; those that name what it
	// acts on (--domain web, --vol x.qcow2) are left out, so that the name
	// stays an operand, and the ones that name a container (--pool) or
	// take another value are named.
	{name: "virsh", short: "c:d:e:hk:K:l:qrtvV", long: "connect: debug: escape: help keepalive-interval: keepalive-count: log: " +
		"quiet readonly timing version", dryRun: []string{"-h", "--help"},
		subs: []command{
			{name: "destroy", long: "graceful remove-logs"},
			{name: "snapshot-delete", long: "current children children-only metadata"},
			{name: "snapshot-revert", long: "current running paused force reset-nvram"},
			{name: "undefine", long: "storage: managed-save snapshots-metadata checkpoints-metadata nvram keep-nvram tpm keep-tpm " +
				"remove-all-storage delete-storage-volume-snapshots delete-snapshots wipe-storage"},
			{name: "vol-delete", long: "pool: delete-snapshots"},
			{name: "vol-resize", long: "pool: allocate delta shrink"},
			{name: "vol-wipe", long: "pool: algorithm:"},
		}},
	// xe [-s HOST -u USER -pw PASSWORD] COMMAND KEY=VALUE…: one-dash long
	// options before the command.
	{name: "xe", short: "p:s:u:", long: "pw: pwf: nossl debug debug-on-fail minimal compat traceback", dashLong: true},
	// xl [-v] [-N] [-f] [-t] COMMAND …
	{name: "xl", short: "vNfAt"},
}
