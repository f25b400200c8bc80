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
	// e2fsck and its fsck.ext2/3/4 names; -n opens the file system read-only.
	e2fsckShort = "b:B:cC:dDE:fFj:kl:L:npryvtz:"
	// The options every LVM command takes; -t (--test) changes no metadata.
	lvmShort = "A:S:dfhqtvy"
	lvmLong  = "autobackup: commandprofile: config: debug driverloaded: force help lockopt: nolocking profile: quiet select: test verbose version yes"
	// lvresize, lvextend and lvreduce: the size may be relative (-L -5G).
	lvresizeShort = "A:I:i:L:l:S:dfhnqrtvy"
	lvresizeLong  = lvmLong + " size: extents: stripes: stripesize: poolmetadatasize: resizefs nofsck fs: fsmode: noudevsync alloc: type: nosync"
	// mdadm: one grammar for every mode; -f is --fail in manage mode and
	// --force elsewhere, -a --add (a flag): neither takes a value.
	mdadmShort = "ABCDEFGIQRSVWXYab:c:d:e:fhl:m:n:N:op:qrstu:U:vwx:z:"
	mdadmLong  = "assemble build create grow incremental manage misc monitor follow auto-detect level: raid-devices: spare-devices: " +
		"chunk: rounding: metadata: bitmap: bitmap-chunk: write-behind:: write-mostly name: layout: parity: size: array-size: uuid: " +
		"update: config: homehost: home-cluster: backup-file: data-offset: consistency-policy: mail: program: alert: delay: " +
		"super-minor: scan force run readonly readwrite detail examine query brief export verbose quiet test help version stop " +
		"zero-superblock fail set-faulty remove add re-add replace with: wait kill-subarray: auto: assume-clean nodes: daemonise " +
		"pid-file: oneshot syslog"
	// cryptsetup: options anywhere around the action.
	cryptShort = "b:c:d:h:i:I:l:M:o:p:qrs:S:t:T:vy"
	cryptLong  = "type: cipher: hash: key-size: key-file: keyfile-size: keyfile-offset: new-keyfile-size: new-keyfile-offset: " +
		"new-key-slot: key-slot: size: offset: skip: iter-time: pbkdf: pbkdf-memory: pbkdf-parallel: pbkdf-force-iterations: " +
		"header: header-backup-file: uuid: label: subsystem: sector-size: integrity: luks2-metadata-size: luks2-keyslots-size: " +
		"timeout: tries: master-key-file: volume-key-file: keyslot-cipher: keyslot-key-size: resilience: hotzone-size: " +
		"reduce-device-size: device-size: key-description: token-id: token-type: token-only disable-locks disable-keyring " +
		"allow-discards persistent batch-mode verify-passphrase readonly debug verbose test-passphrase help version encrypt " +
		"decrypt init-only resume-only use-random use-urandom"
	// Ceph's command-line tools share the cluster and identity options.
	cephLong = "conf: cluster: name: id: user: keyring: format: connect-timeout: admin-daemon: setuser: setgroup: watch-channel: " +
		"in-file: out-file: status watch concise verbose"
)

// mke2fsDry and the other dry-run lists of disk tools.
var (
	mke2fsDry = []string{"-n"}
	fdiskRO   = []string{"-l", "--list", "-x", "--list-details", "-s", "--getsz"}
	lvmDry    = []string{"-t", "--test", "-h", "--help"} // LVM prints its usage for -h before doing anything
)

// diskCommands format, partition, wipe, check and repair block devices and
// the volumes, pools and arrays built on them, and write disk images.
// Sorted by name.
var diskCommands = []command{
	// badblocks -w writes test patterns over the whole device; -n keeps
	// what is there.
	{name: "badblocks", short: "b:c:d:e:fi:no:p:st:vwBX", role: roleFirst, effect: Format, needs: []string{"-w"}},
	{name: "blkdiscard", short: "fl:o:p:qsvz", long: "force length: offset: step: quiet secure verbose zeroout",
		role: roleAll, effect: Format},
	// btrfs [GLOBAL…] GROUP COMMAND …: check, receive, restore and send
	// are groups without commands; the others (subvolume, device…, in any
	// abbreviation btrfs accepts) have one.
	{name: "btrfs", short: "qv", long: "format: log: help version quiet verbose",
		subs: []command{
			{name: "*", subs: []command{{name: "*", short: "i:", long: "subvolid:"}}},
			{name: "check", short: "bE:pQs:", long: "backup check-data-csum clear-space-cache: clear-ino-cache chunk-root: force " +
				"init-csum-tree init-extent-tree mode: progress qgroup-report readonly repair subvol-extents: super: tree-root:"},
			{name: "receive", short: "eCE:f:m:", long: "chroot max-errors: dump force-decompress"},
			{name: "restore"},
			{name: "send", short: "ep:c:f:", long: "no-data proto: compressed-data"},
		}},
	{name: "ceph", short: "c:f:i:k:m:n:o:sw", long: cephLong},
	{name: "ceph-volume", long: "cluster: log-level: log-path:"},
	{name: "cfdisk", short: "hL::rVz", long: "color:: lock:: read-only sector-size: zero", role: roleAll, effect: Format,
		readOnly: []string{"-r", "--read-only"}},
	// cryptsetup [OPTIONS…] ACTION [ARGS…]: luksFormat writes a new header
	// over its device.
	{name: "cryptsetup", short: cryptShort, long: cryptLong, inherit: true,
		subs: []command{{name: "luksFormat", role: roleFirst, effect: Format}}},
	// ddrescue [OPTIONS] INFILE OUTFILE [MAPFILE]: it writes OUTFILE (onto
	// a device only with -f).
	{name: "ddrescue", short: "a:A:b:B:c:C:dDe:EfF:GH:i:IJK:l:L:m:M:nNo:OpPqr:RsS:tTuvVwx:X:y:Y:Z:",
		long: "min-read-rate: try-again block-size: cluster-size: direct-in direct-out max-errors: force fill-mode: " +
			"input-position: output-position: size: max-read-rate: retry-passes: reverse sparse synchronous truncate " +
			"quiet verbose help version no-scrape no-trim idirect odirect",
		role: roleAfterOne, effect: Write},
	// debugfs -w opens the file system for writing: its requests (-R, -f)
	// change it under the kernel.
	{name: "debugfs", short: "wciDb:s:f:R:d:Tz:V"},
	{name: "dmsetup", short: "cfhj:m:no:rS:u:vy", long: "force noudevsync noflush nolockfs deferred retry readonly table: uuid: " +
		"major: minor: options: select: verbose yes columns help version noheadings readahead: udevcookie: checks manglename: showkeys"},
	{name: "e2fsck", short: e2fsckShort, dryRun: mke2fsDry},
	{name: "fdisk", short: "Bb:c::C:H:lL::nO:o:sS:t:u::vVw:W:x", long: "protect-boot sector-size: compatibility:: cylinders: heads: " +
		"list color:: noauto-pt output: sectors: type: units:: getsz bytes lock:: wipe: wipe-partitions: list-details",
		role: roleAll, effect: Format, readOnly: fdiskRO},
	// fsck runs fsck.TYPE, passing on the options it does not know (-y,
	// -f); -N only shows what it would run, -n makes the checker look only.
	{name: "fsck", short: "AC::flMNnPRr::sTVt:y", dryRun: []string{"-N", "-n"}},
	{name: "fsck.*", short: e2fsckShort, dryRun: mke2fsDry},
	{name: "gdisk", short: "l", role: roleAll, effect: Format, readOnly: []string{"-l"}},
	{name: "gluster", long: "mode: remote-host: log-file: log-level: glusterd-sock: timeout: xml"},
	// hdparm: only the long options that take a value are named, so that
	// the device stays an operand.
	{name: "hdparm", long: "user-master: security-set-pass: security-erase: security-erase-enhanced: security-disable: " +
		"security-unlock: security-mode: trim-sector-ranges: trim-sector-ranges-stdin write-sector: read-sector: make-bad-sector: " +
		"repair-sector: fwdownload: fwdownload-mode3: fwdownload-mode3-max: fwdownload-mode7: set-sector-size: offset: " +
		"dco-freeze dco-identify dco-restore yes-i-know-what-i-am-doing please-destroy-my-drive prefer-ata12 security-freeze"},
	{name: "lvconvert", short: "A:c:I:i:m:n:R:S:Z:dfhHqsTtvy", long: lvmLong + " merge mergesnapshot mergemirrors mergethin type: " +
		"mirrors: stripes: stripesize: chunksize: regionsize: cachepool: thinpool: name: snapshot cache thin zero: poolmetadata: " +
		"origin: splitmirrors: trackchanges uncache", dryRun: lvmDry},
	{name: "lvextend", short: lvresizeShort, long: lvresizeLong, dryRun: lvmDry},
	// lvm COMMAND …: the LVM shell runs one of its commands.
	{name: "lvm", run: argvWrap},
	{name: "lvreduce", short: lvresizeShort, long: lvresizeLong, dryRun: lvmDry},
	{name: "lvremove", short: lvmShort, long: lvmLong + " nohistory noudevsync", dryRun: lvmDry},
	{name: "lvresize", short: lvresizeShort, long: lvresizeLong, dryRun: lvmDry},
	// mdadm --create DEVICE MEMBER…: the members are written over.
	{name: "mdadm", short: mdadmShort, long: mdadmLong, role: roleAfterOne, effect: Format, needs: []string{"-C", "--create"}},
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
	// mount -f (--fake) does everything but the mount.
	{name: "mount", short: "aBcfFhiL:lMnN:o:O:rRst:T:U:vVw", long: "all bind fake fork internal-only show-labels label: move no-mtab " +
		"namespace: options: test-opts: read-only rbind read-write rw types: fstab: uuid: verbose help version source: target: " +
		"target-prefix: options-mode: options-source: options-source-force onlyonce make-shared make-slave make-private " +
		"make-unbindable make-rshared make-rslave make-rprivate make-runbindable no-canonicalize sloppy mkdir:: map-users: map-groups:",
		dryRun: []string{"-f", "--fake"}},
	// nvme COMMAND DEVICE [OPTIONS…]: format and sanitize erase the
	// namespace or the whole drive.
	// ntfsclone -r/--restore-image … --overwrite DEVICE writes the device.
	{name: "ntfsclone", short: "o:O:srmtfhqV", long: "output: overwrite: save-image restore-image metadata rescue " +
		"ignore-fs-check force new-serial new-half-serial preserve-timestamps quiet help version",
		writeOpt: []string{"-o", "--output", "-O", "--overwrite"}},
	{name: "nvme", subs: []command{
		{name: "delete-ns", short: "n:t:o:v", long: "namespace-id: timeout: output-format: verbose"},
		{name: "format", short: "b:fi:l:m:n:p:rs:t:v", long: "namespace-id: lbaf: ses: pi: pil: ms: reset force timeout: block-size: verbose",
			role: roleFirst, effect: Format},
		{name: "sanitize", short: "a:dein:o:p:r:uvw", long: "no-dealloc oipbp owpass: ause sanact: ovrpat: emvs force wait repeat: " +
			"output-format: verbose", role: roleFirst, effect: Format},
		{name: "sed", subs: []command{{name: "revert"}}},
	}},
	// nwipe [OPTIONS] DEVICE…: overwrites whole devices.
	{name: "nwipe", short: "hlm:p:r:vVPq", long: "autonuke autopoweroff exclude: method: prng: rounds: verify: nousb nowait " +
		"nosignals nogui noblank logfile: sync: help version", role: roleAll, effect: Write},
	// partclone.FS -r/-b … -o OUTPUT writes OUTPUT (a device when restoring).
	{name: "partclone.*", short: "cdrbDs:o:O:L:CRFfNiqz:T:a:k:K:Bt:n:vV", long: "clone restore dev-to-dev domain source: " +
		"output: overwrite: logfile: no_check rescue force ncurses ignore_fschk quiet buffer_size: debug: help version",
		writeOpt: []string{"-o", "--output", "-O", "--overwrite"}},
	// parted DEVICE [COMMAND…]: the disk changes only with a command that
	// changes it, or interactively (no command). parted takes a command's
	// unique prefix (mkla, mkp, resi); a one-letter word is a unit (unit s)
	// or print (p), so a prefix is two letters at least.
	{name: "parted", short: "a:fhlmsv", long: "align: fix help list machine script version", role: roleFirst, effect: Format,
		readOnly: []string{"-l", "--list"}, whenAbsent: true, whenPrefix: 2,
		when: []string{"mklabel", "mktable", "mkpart", "mkpartfs", "rm", "resize", "resizepart", "mkfs", "rescue", "name", "set",
			"toggle", "type", "disk_set", "disk_toggle"}},
	// pvcreate writes an LVM label over its devices; vgcreate and
	// vgextend do the same to devices that are not physical volumes yet.
	{name: "pvcreate", short: "M:Z:u:" + lvmShort, long: lvmLong + " metadatatype: zero: uuid: restorefile: norestorefile metadatasize: " +
		"dataalignment: dataalignmentoffset: bootloaderareasize: labelsector: pvmetadatacopies: metadatacopies: " +
		"setphysicalvolumesize: metadataignore:", role: roleAll, effect: Format, dryRun: lvmDry},
	{name: "pvremove", short: "dfhqtvy", long: lvmLong, dryRun: lvmDry},
	// qemu-img SUBCOMMAND [OPTIONS] FILE…: the options follow the
	// subcommand. resize cuts data off only with --shrink.
	{name: "qemu-img", short: "f:F:o:b:O:l:s:T:t:m:B:S:r:cWCnpqU", long: "object: image-opts target-image-opts force-share target-is-zero salvage",
		inherit: true, subs: []command{
			{name: "amend", role: roleFirst, effect: Write},
			// check -r repairs the image in place.
			{name: "check", short: "r:", long: "repair:", role: roleFirst, effect: Write, needs: []string{"-r", "--repair"}},
			{name: "commit", role: roleFirst, effect: Write},
			{name: "convert", role: roleLast, effect: Write},
			{name: "create", role: roleFirst, effect: Write},
			{name: "dd", role: roleKeyValue},
			{name: "rebase", role: roleFirst, effect: Write},
			{name: "resize", long: "shrink preallocation:", role: roleFirst, effect: Write, needs: []string{"--shrink"}},
			// snapshot -a reverts the image to a snapshot, -d deletes one;
			// -c and -l only add and list.
			{name: "snapshot", short: "a:c:d:l", role: roleFirst, effect: Write, needs: []string{"-a", "-d"}},
		}},
	{name: "rados", short: "b:c:i:k:m:N:n:p:s:t:", long: cephLong + " pool: namespace: snap: target-pool: all"},
	{name: "rbd", short: "c:k:m:n:p:s:", long: cephLong + " pool: image: snap: size: namespace: image-feature: image-format: " +
		"object-size: data-pool: no-progress all"},
	// resize2fs [-d FLAGS] [-fFhMPpz UNDO] DEVICE [SIZE]: a SIZE may shrink.
	{name: "resize2fs", short: "bd:fFhMPpsS:z:"},
	// scrub [OPTIONS] FILE|DEVICE…: overwrites what it is given with patterns.
	{name: "scrub", short: "b:DfhnLp:rRs:STvX:", long: "blocksize: dirent: force help no-signature no-link pattern: remove " +
		"size: no-threads test-sig version freespace: dry-run", role: roleAll, effect: Write, alsoDel: []string{"-r", "--remove"},
		dryRun: []string{"-n", "--dry-run"}},
	{name: "sfdisk", short: "aAbcdfFgJlLnN:o:O:qrsTu:vVw:W:X:Y:", long: "append backup backup-file: change-id delete dump force show-geometry " +
		"json list list-free lock:: label: label-nested: move-data:: move-use-fsync no-act no-reread no-tell-kernel " +
		"output: part-attrs part-label part-type part-uuid quiet reorder sector-size: show-size list-types verify " +
		"wipe: wipe-partitions: color:: backup-pt-sectors",
		role: roleAll, effect: Format, dryRun: []string{"-n", "--no-act"},
		readOnly: []string{"-l", "--list", "-d", "--dump", "-J", "--json", "-s", "--show-size", "-V", "--verify", "-F", "--list-free",
			"-g", "--show-geometry", "--part-type", "--part-uuid", "--part-label", "--part-attrs", "--backup-pt-sectors"}},
	// sg_format and sg_sanitize: SCSI FORMAT UNIT and SANITIZE, the
	// drive's own erase.
	{name: "sg_format", short: "c:C:def:FhlP:p:qrs:St:vVw", long: "count: cmplst: dry-run early fmtpinfo: format help long pfu: pie: " +
		"quick resize sec-init size: ffmt: timeout: verbose version wait",
		role: roleAll, effect: Format, needs: []string{"-F", "--format"}, dryRun: []string{"-d", "--dry-run"}},
	{name: "sg_sanitize", short: "ABc:CeFhi:IOp:QT:vVwz", long: "ause block count: crypto early fail help invert ipl: overwrite " +
		"pattern: quick test: verbose version wait zero",
		role: roleAll, effect: Format, needs: []string{"-B", "--block", "-C", "--crypto", "-O", "--overwrite"}},
	{name: "sgdisk", short: "a:A:b:c:d:DeEfFgGh:i:j:l:Lm:n:N:oOpPr:R:sS:t:T:u:U:vVx:zZ", long: "set-alignment: attributes: backup: " +
		"change-name: delete: display-alignment move-second-header end-of-largest first-in-largest first-aligned-in-largest " +
		"mbrtogpt randomize-guids hybrid: info: adjust-first-usable: load-backup: list-types gpttombr: new: largest-new: " +
		"clear print-mbr print pretend transpose: replicate: sort resize-table: typecode: transform-bsd: partition-guid: " +
		"disk-guid: verify version zap zap-all",
		role: roleAll, effect: Format, dryRun: []string{"-P", "--pretend"},
		readOnly: []string{"-p", "--print", "-i", "--info", "-v", "--verify", "-L", "--list-types", "-b", "--backup", "-O", "--print-mbr"}},
	{name: "swapoff", short: "ahv", long: "all help verbose version"},
	{name: "tune2fs", short: "c:C:e:E:fg:i:I:jJ:lL:m:M:o:O:Q:r:T:u:U:z:"},
	// umount --fake does everything but the unmount; -f is --force.
	{name: "umount", short: "aAcdfFhilnN:O:qRrt:vV", long: "all all-targets no-canonicalize detach-loop fake force internal-only no-mtab " +
		"lazy test-opts: quiet recursive read-only types: verbose namespace: help version",
		dryRun: []string{"--fake"}},
	{name: "vgcreate", short: "c:l:M:p:s:Z:" + lvmShort, long: lvmLong + " clustered: maxlogicalvolumes: maxphysicalvolumes: " +
		"metadatatype: physicalextentsize: zero: addtag: alloc: shared systemid: vgmetadatacopies: metadatacopies: dataalignment: " +
		"dataalignmentoffset: metadatasize:", role: roleAfterOne, effect: Format, dryRun: lvmDry},
	{name: "vgextend", short: "M:Z:" + lvmShort, long: lvmLong + " metadatatype: zero: restoremissing metadatasize: " +
		"dataalignment: dataalignmentoffset: pvmetadatacopies: metadatacopies:", role: roleAfterOne, effect: Format, dryRun: lvmDry},
	{name: "vgreduce", short: "a" + lvmShort, long: lvmLong + " all removemissing mirrorsonly", dryRun: lvmDry},
	{name: "vgremove", short: lvmShort, long: lvmLong + " noudevsync", dryRun: lvmDry},
	// wipefs erases signatures only with -a or -o.
	{name: "wipefs", short: "abfiJno:O:pqt:", long: "all backup:: force noheadings json no-act offset: output: parsable quiet types: lock::",
		role: roleAll, effect: Format, needs: []string{"-a", "--all", "-o", "--offset"}, dryRun: []string{"-n", "--no-act"}},
	{name: "xfs_repair", short: "c:del:Lm:nPo:r:tvV", dryRun: []string{"-n"}},
	// zfs and zpool: the options follow the subcommand; -n is a dry run
	// where the subcommand has one.
	{name: "zfs", subs: []command{
		{name: "destroy", short: "dfnprRv", dryRun: []string{"-n"}},
		{name: "receive", short: "AdeFhMno:suvx:", dryRun: []string{"-n"}},
		{name: "recv", short: "AdeFhMno:suvx:", dryRun: []string{"-n"}},
		{name: "rollback", short: "frR"},
	}},
	{name: "zpool", subs: []command{
		{name: "add", short: "fgLnPo:", dryRun: []string{"-n"}},
		{name: "attach", short: "fo:sw"},
		{name: "create", short: "dfnm:o:O:R:t:", dryRun: []string{"-n"}},
		{name: "destroy", short: "f"},
		{name: "detach"},
		{name: "export", short: "af"},
		// import -f takes a pool another host may still have imported.
		{name: "import", short: "aCc:Dd:FfilmNno:R:st:T:"},
		{name: "labelclear", short: "f"},
		{name: "offline", short: "ft"},
		{name: "remove", short: "nps", dryRun: []string{"-n"}},
		{name: "replace", short: "fo:sw"},
	}},
}
