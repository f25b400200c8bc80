package shell

// Grammars shared by several names of one program.
const (
	// mke2fs and its mkfs.ext2/3/4 names; -n is a dry run.
	mke2fsShort = "b:C:cd:De:E:Fg:G:i:I:jJ:l:L:m:M:nN:o:O:qr:St:T:U:vVz:"
	// mkfs.fat and its mkdosfs, mkfs.vfat, mkfs.msdos names.
	mkfatShort = "aAb:cCD:f:F:g:h:i:Il:m:M:n:r:R:s:S:v"
	mkfatLong  = "offset: invariant mbr:: variant: codepage: help"
	// mkfs.exfat (exfatprogs) and mkexfatfs (exfat-utils).
	mkexfatShort = "b:c:fhi:L:n:p:qs:vV"
	// mkfs and a mkfs.TYPE not in the table: only -t is known, so that an
	// unknown option can never take the device as its value.
	mkfsShort = "t:V"
)

// mke2fsDry and the other dry-run lists of disk tools.
var (
	mke2fsDry = []string{"-n"}
	fdiskRO   = []string{"-l", "--list", "-x", "--list-details", "-s", "--getsz"}
)

// diskCommands format, partition and wipe block devices, and write disk
// images. Sorted by name.
var diskCommands = []command{
	{name: "blkdiscard", short: "fl:o:p:qsvz", long: "force length: offset: step: quiet secure verbose zeroout",
		role: roleAll, effect: Format},
	{name: "cfdisk", short: "hL::rVz", long: "color:: lock:: read-only sector-size: zero", role: roleAll, effect: Format,
		readOnly: []string{"-r", "--read-only"}},
	{name: "fdisk", short: "Bb:c::C:H:lL::nO:o:sS:t:u::vVw:W:x", long: "protect-boot sector-size: compatibility:: cylinders: heads: " +
		"list color:: noauto-pt output: sectors: type: units:: getsz bytes lock:: wipe: wipe-partitions: list-details",
		role: roleAll, effect: Format, readOnly: fdiskRO},
	{name: "gdisk", short: "l", role: roleAll, effect: Format, readOnly: []string{"-l"}},
	{name: "mkdosfs", short: mkfatShort, long: mkfatLong, role: roleAll, effect: Format},
	{name: "mke2fs", short: mke2fsShort, role: roleAll, effect: Format, dryRun: mke2fsDry},
	{name: "mke2fs.*", short: mke2fsShort, role: roleAll, effect: Format, dryRun: mke2fsDry},
	{name: "mkexfatfs", short: mkexfatShort, role: roleAll, effect: Format},
	{name: "mkfs", short: mkfsShort, role: roleAll, effect: Format},
	{name: "mkfs.*", short: mkfsShort, role: roleAll, effect: Format},
	{name: "mkfs.btrfs", short: "A:b:d:fKL:m:Mn:O:qr:R:s:U:V", long: "alloc-start: byte-count: data: force nodiscard label: metadata: " +
		"mixed nodesize: features: quiet rootdir: runtime-features: sectorsize: uuid: version csum: checksum:",
		role: roleAll, effect: Format},
	{name: "mkfs.exfat", short: mkexfatShort, role: roleAll, effect: Format},
	{name: "mkfs.ext2", short: mke2fsShort, role: roleAll, effect: Format, dryRun: mke2fsDry},
	{name: "mkfs.ext3", short: mke2fsShort, role: roleAll, effect: Format, dryRun: mke2fsDry},
	{name: "mkfs.ext4", short: mke2fsShort, role: roleAll, effect: Format, dryRun: mke2fsDry},
	{name: "mkfs.fat", short: mkfatShort, long: mkfatLong, role: roleAll, effect: Format},
	{name: "mkfs.msdos", short: mkfatShort, long: mkfatLong, role: roleAll, effect: Format},
	{name: "mkfs.ntfs", short: "c:s:p:H:S:z:L:nQfFICTqvVU", long: "no-action", role: roleAll, effect: Format,
		dryRun: []string{"-n", "--no-action"}},
	{name: "mkfs.vfat", short: mkfatShort, long: mkfatLong, role: roleAll, effect: Format},
	{name: "mkfs.xfs", short: "b:c:d:fi:KL:l:m:n:Np:qr:s:V", role: roleAll, effect: Format, dryRun: []string{"-N"}},
	{name: "mkntfs", short: "c:s:p:H:S:z:L:nQfFICTqvVU", long: "no-action", role: roleAll, effect: Format,
		dryRun: []string{"-n", "--no-action"}},
	{name: "mkswap", short: "ce:fL:o:p:qs:U:vV", long: "check pagesize: label: uuid: endianness: file offset: size: force verbose",
		role: roleAll, effect: Format},
	// parted DEVICE [COMMAND…]: the disk changes only with a command that
	// changes it, or interactively (no command).
	{name: "parted", short: "a:fhlmsv", long: "align: fix help list machine script version", role: roleFirst, effect: Format,
		readOnly: []string{"-l", "--list"}, whenAbsent: true,
		when: []string{"mklabel", "mktable", "mkpart", "rm", "resizepart", "mkfs", "rescue", "name", "set", "toggle", "disk_set", "disk_toggle"}},
	// qemu-img SUBCOMMAND [OPTIONS] FILE…: the options follow the
	// subcommand.
	{name: "qemu-img", short: "f:F:o:b:O:l:s:T:t:m:B:S:r:cWCnpqU", long: "object: image-opts target-image-opts force-share target-is-zero salvage",
		inherit: true, subs: []command{
			{name: "amend", role: roleFirst, effect: Write},
			{name: "commit", role: roleFirst, effect: Write},
			{name: "convert", role: roleLast, effect: Write},
			{name: "create", role: roleFirst, effect: Write},
			{name: "dd", role: roleKeyValue},
			{name: "rebase", role: roleFirst, effect: Write},
			{name: "resize", role: roleFirst, effect: Write},
		}},
	{name: "sfdisk", short: "aAbcdfFgJlLnN:o:O:qrsTu:vVw:W:X:Y:", long: "append backup backup-file: change-id delete dump force show-geometry " +
		"json list list-free lock:: label: label-nested: move-data:: move-use-fsync no-act no-reread no-tell-kernel " +
		"output: part-attrs part-label part-type part-uuid quiet reorder sector-size: show-size list-types verify " +
		"wipe: wipe-partitions: color:: backup-pt-sectors",
		role: roleAll, effect: Format, dryRun: []string{"-n", "--no-act"},
		readOnly: []string{"-l", "--list", "-d", "--dump", "-J", "--json", "-s", "--show-size", "-V", "--verify", "-F", "--list-free",
			"-g", "--show-geometry", "-r", "--reorder", "--part-type", "--part-uuid", "--part-label", "--part-attrs", "--backup-pt-sectors"}},
	{name: "sgdisk", short: "a:A:b:c:d:DeEfFgGh:i:j:l:Lm:n:N:oOpPr:R:sS:t:T:u:U:vVx:zZ", long: "set-alignment: attributes: backup: " +
		"change-name: delete: display-alignment move-second-header end-of-largest first-in-largest first-aligned-in-largest " +
		"mbrtogpt randomize-guids hybrid: info: adjust-first-usable: load-backup: list-types gpttombr: new: largest-new: " +
		"clear print-mbr print pretend transpose: replicate: sort resize-table: typecode: transform-bsd: partition-guid: " +
		"disk-guid: verify version zap zap-all",
		role: roleAll, effect: Format, dryRun: []string{"-P", "--pretend"},
		readOnly: []string{"-p", "--print", "-i", "--info", "-v", "--verify", "-L", "--list-types", "-b", "--backup", "-O", "--print-mbr"}},
	// wipefs erases signatures only with -a or -o.
	{name: "wipefs", short: "abfiJno:O:pqt:", long: "all backup:: force noheadings json no-act offset: output: parsable quiet types: lock::",
		role: roleAll, effect: Format, needs: []string{"-a", "--all", "-o", "--offset"}, dryRun: []string{"-n", "--no-act"}},
}
