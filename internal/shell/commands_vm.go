package shell

// vboxLong are VBoxManage's global options, before its subcommand.
const vboxLong = "nologo settingspw: settingspwfile:"

// vmCommands manage virtual machines and system containers: libvirt,
// Proxmox, Xen and XenServer, VirtualBox, LXD, Incus and LXC. The disks
// under them are files, judged by their paths through the file commands.
// Sorted by name.
var vmCommands = []command{
	{name: "VBoxManage", short: "q", long: vboxLong},
	// incus and lxc (LXD's client): global options anywhere.
	{name: "incus", short: "fiqv", long: "project: force-local debug quiet verbose help version force interactive"},
	{name: "lxc", short: "fiqv", long: "project: force-local debug quiet verbose help version force interactive"},
	{name: "lxc-destroy", short: "fl:n:o:P:qs", long: "name: lxcpath: logfile: logpriority: force snapshots quiet rcfile:"},
	{name: "pct", long: "timeout: storage: target: description:"},
	{name: "qm", long: "timeout: storage: target: name: description:"},
	{name: "vboxmanage", short: "q", long: vboxLong},
	// virsh [GLOBAL…] COMMAND [OPTIONS…]: the global options come before
	// the command. A command's options are long; those that name what it
	// acts on (--domain web, --vol x.qcow2) are left out, so that the name
	// stays an operand, and the ones that name a container (--pool) or
	// take another value are named.
	{name: "virsh", short: "c:d:e:hk:K:l:qrtvV", long: "connect: debug: escape: help keepalive-interval: keepalive-count: log: " +
		"quiet readonly timing version",
		subs: []command{
			{name: "undefine", long: "storage: managed-save snapshots-metadata checkpoints-metadata nvram keep-nvram tpm keep-tpm " +
				"remove-all-storage delete-storage-volume-snapshots delete-snapshots wipe-storage"},
			{name: "vol-delete", long: "pool: delete-snapshots"},
			{name: "vol-wipe", long: "pool: algorithm:"},
		}},
	// xe [-s HOST -u USER -pw PASSWORD] COMMAND KEY=VALUE…: one-dash long
	// options before the command.
	{name: "xe", short: "p:s:u:", long: "pw: pwf: nossl debug debug-on-fail minimal compat traceback", dashLong: true},
}
