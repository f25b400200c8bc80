package shell

import "strings"

// role says which operands of a command an effect applies to.
type role int

const (
	roleNone     role = iota
	roleAll           // every operand
	roleSrcDst        // last operand is the destination, the others sources (-t DIR: all sources)
	roleAfterOne      // every operand after the first (chmod MODE FILE…)
	roleAfterTwo      // every operand after the second (rename FROM TO FILE…)
	roleKeyValue      // dd-style key=value operands
	roleFirst         // only the first operand (qemu-img create FILE)
	roleLast          // only the last operand (qemu-img convert SRC… DST)
)

// command is what belay knows about one command: how to tell options from
// operands, and what it does to the paths it is given.
type command struct {
	valueShort string   // short options that take a value (-t DIR)
	valueLong  []string // long options that take a value (--target-directory DIR)

	role     role
	effect   EffectKind // on the operands (roleAll, roleAfterOne…) or the destination (roleSrcDst)
	srcKind  EffectKind // roleSrcDst: what happens to the sources
	targetOp string     // option naming the destination directory (-t / --target-directory)

	recursive []string // options that make the effect apply to a whole tree
	readOnly  []string // options that make the command only look (fdisk -l)
	needs     []string // the effect happens only with one of these options (wipefs -a)
	alsoDel   []string // options that also delete the operands (shred -u)
	// subcommands, when set, limits the effect to these first operands,
	// which are then not paths themselves (parted DEV mklabel, qemu-img create).
	subcommands []string
}

// formatters create file systems, swap or partition tables on devices.
var formatters = []string{
	"mkfs", "mke2fs", "mkswap", "mkdosfs", "mkntfs", "mkexfatfs", "mkfs.*",
	"sgdisk", "sfdisk", "fdisk", "cfdisk", "gdisk", "parted", "blkdiscard", "wipefs",
}

// commands is the one table of command knowledge. Rules never need to know
// which operand of mv is the source or what dd of= means: they ask for
// effects on paths, and this table supplies them.
var commands = map[string]*command{
	"rm":     {valueShort: "", role: roleAll, effect: Delete, recursive: []string{"-r", "-R", "--recursive"}},
	"rmdir":  {role: roleAll, effect: Delete},
	"unlink": {role: roleAll, effect: Delete},
	"shred":  {valueShort: "nsR", valueLong: []string{"--iterations", "--size", "--random-source", "--remove"}, role: roleAll, effect: Write, alsoDel: []string{"-u", "--remove"}},
	"mv":     {valueShort: "tS", valueLong: []string{"--target-directory", "--suffix", "--backup"}, role: roleSrcDst, effect: Write, srcKind: Rename, targetOp: "t"},
	"rename": {role: roleAfterTwo, effect: Rename},
	"cp": {valueShort: "tS", valueLong: []string{"--target-directory", "--suffix", "--backup", "--sparse", "--reflink", "--preserve", "--no-preserve"}, role: roleSrcDst, effect: Write, srcKind: Read, targetOp: "t",
		recursive: []string{"-r", "-R", "-a", "--recursive", "--archive"}},
	"install": {valueShort: "gmotSC", valueLong: []string{"--group", "--mode", "--owner", "--target-directory", "--suffix", "--strip-program", "--backup"}, role: roleSrcDst, effect: Write, srcKind: Read, targetOp: "t",
		readOnly: []string{"-d", "--directory"}},
	"rsync": {valueShort: "efB", valueLong: []string{"--rsh", "--filter", "--exclude", "--include", "--exclude-from", "--include-from", "--files-from", "--rsync-path", "--backup-dir", "--suffix", "--chmod", "--chown", "--log-file", "--password-file", "--port", "--timeout", "--compare-dest", "--copy-dest", "--link-dest", "--partial-dir", "--temp-dir", "--max-size", "--min-size", "--bwlimit"},
		role: roleSrcDst, effect: Write, srcKind: Read, recursive: []string{"-r", "-a", "--recursive", "--archive"}},
	"ln":       {valueShort: "tS", valueLong: []string{"--target-directory", "--suffix", "--backup"}, role: roleSrcDst, effect: LinkOver, targetOp: "t", needs: []string{"-s", "-f", "--symbolic", "--force"}},
	"dd":       {role: roleKeyValue},
	"tee":      {role: roleAll, effect: Write, readOnly: []string{"-a", "--append"}},
	"truncate": {valueShort: "sr", valueLong: []string{"--size", "--reference"}, role: roleAll, effect: Write},
	"chmod":    {role: roleAfterOne, effect: Chmod, recursive: []string{"-R", "--recursive"}, valueLong: []string{"--reference"}},
	"chown":    {role: roleAfterOne, effect: Chown, recursive: []string{"-R", "--recursive"}, valueLong: []string{"--reference", "--from"}},
	"chgrp":    {role: roleAfterOne, effect: Chown, recursive: []string{"-R", "--recursive"}, valueLong: []string{"--reference"}},

	"mkfs":       {valueShort: "tLbCcdEeGgIiJjlMmNOoUTr", role: roleAll, effect: Format},
	"mke2fs":     {valueShort: "bCcdEeGgIiJjLlMmNOortTUz", role: roleAll, effect: Format},
	"mkswap":     {valueShort: "pLUe", valueLong: []string{"--pagesize", "--label", "--uuid", "--endianness", "--file", "--offset", "--size"}, role: roleAll, effect: Format},
	"mkdosfs":    {valueShort: "ABbCcDFfhIiLlmMnrRSs", role: roleAll, effect: Format},
	"mkntfs":     {valueShort: "cspHSzLU", role: roleAll, effect: Format},
	"mkexfatfs":  {valueShort: "isnp", role: roleAll, effect: Format},
	"wipefs":     {valueShort: "otO", valueLong: []string{"--offset", "--types", "--output", "--backup"}, role: roleAll, effect: Format, needs: []string{"-a", "--all", "-o", "--offset"}, readOnly: []string{"-n", "--no-act"}},
	"blkdiscard": {valueShort: "olp", valueLong: []string{"--offset", "--length", "--step"}, role: roleAll, effect: Format},
	"sgdisk":     {valueShort: "acdnAtcuLmGNoOPrRsStTu", role: roleAll, effect: Format, readOnly: []string{"-p", "--print", "-i", "--info", "-v", "--verify", "-L", "--list-types", "-b", "--backup", "-O", "--print-mbr"}},
	"sfdisk": {valueShort: "NOXYb", valueLong: []string{"--backup-file", "--label", "--label-nested", "--move-use-fsync", "--sector-size", "--wipe", "--wipe-partitions", "--color", "--lock"}, role: roleAll, effect: Format,
		readOnly: []string{"-l", "--list", "-d", "--dump", "-J", "--json", "-s", "--show-size", "-V", "--verify", "-F", "--list-free", "-g", "--show-geometry", "-r", "--reorder", "--part-type", "--part-uuid", "--part-label", "--part-attrs", "--backup-pt-sectors"}},
	"fdisk":  {valueShort: "bcCHSLuOox", role: roleAll, effect: Format, readOnly: []string{"-l", "--list", "-x", "--list-details", "-s", "--getsz"}},
	"cfdisk": {valueShort: "L", role: roleAll, effect: Format},
	"gdisk":  {role: roleAll, effect: Format, readOnly: []string{"-l"}},
	"parted": {valueShort: "af", valueLong: []string{"--align", "--fix"}, role: roleFirst, effect: Format, readOnly: []string{"-l", "--list"},
		subcommands: []string{"mklabel", "mktable", "mkpart", "rm", "resizepart", "mkfs", "rescue", "name", "set", "toggle", "disk_set", "disk_toggle"}},
	"qemu-img": {valueShort: "fFobOlsTtmBcWC", valueLong: []string{"--object", "--image-opts", "--target-image-opts"}, role: roleSrcDst, effect: Write, subcommands: []string{"create", "convert", "resize", "amend", "rebase", "commit", "dd"}},

	// Commands whose options take values, so that their operands (and so their
	// subcommands) are found correctly by rules.
	"git":       {valueShort: "Cc", valueLong: []string{"--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"}},
	"systemctl": {valueShort: "HMtpsno", valueLong: []string{"--host", "--machine", "--type", "--property", "--signal", "--root", "--lines", "--output", "--state", "--kill-whom", "--job-mode", "--message", "--when", "--timestamp", "--image", "--drop-in", "--reboot-argument", "--boot-loader-entry", "--boot-loader-menu", "--what", "--preset-mode", "--check-inhibitors"}},
	"service":   {},
	"kubectl":   {valueShort: "nlfos", valueLong: []string{"--namespace", "--context", "--cluster", "--user", "--selector", "--filename", "--output", "--kubeconfig", "--server", "--token", "--as", "--field-selector", "--grace-period", "--timeout", "--cascade", "--wait", "--request-timeout"}},
	"docker":    {valueShort: "Hcl", valueLong: []string{"--host", "--context", "--config", "--log-level", "--filter"}},
	"podman":    {valueLong: []string{"--url", "--connection", "--root", "--runroot", "--filter"}},
	"apt":       {valueShort: "octa", valueLong: []string{"--option", "--config-file", "--target-release"}},
	"apt-get":   {valueShort: "octa", valueLong: []string{"--option", "--config-file", "--target-release", "--host-architecture"}},
	"dpkg":      {valueLong: []string{"--root", "--admindir", "--instdir", "--force", "--log", "--status-fd", "--status-logger", "--path-include", "--path-exclude"}},
	"yum":       {valueShort: "cdxeR", valueLong: []string{"--config", "--exclude", "--enablerepo", "--disablerepo", "--installroot", "--releasever", "--setopt"}},
	"dnf":       {valueShort: "cdxeR", valueLong: []string{"--config", "--exclude", "--enablerepo", "--disablerepo", "--installroot", "--releasever", "--setopt", "--repo"}},
	"zypper":    {valueShort: "cDRr", valueLong: []string{"--config", "--root", "--reposd-dir", "--repo"}},
	"pacman":    {valueShort: "rbp", valueLong: []string{"--root", "--dbpath", "--cachedir", "--config", "--arch", "--gpgdir", "--hookdir", "--logfile", "--ignore", "--ignoregroup", "--assume-installed", "--overwrite"}},
	"emerge":    {valueLong: []string{"--jobs", "--load-average", "--config-root", "--exclude", "--root"}},
	"mysql":     {valueShort: "uhPDSeb", valueLong: []string{"--user", "--host", "--port", "--database", "--socket", "--execute", "--defaults-file", "--default-character-set"}},
	"mariadb":   {valueShort: "uhPDSeb", valueLong: []string{"--user", "--host", "--port", "--database", "--socket", "--execute", "--defaults-file"}},
	"psql":      {valueShort: "cdfhpUvFoPRTL", valueLong: []string{"--command", "--dbname", "--file", "--host", "--port", "--username", "--set", "--variable", "--output", "--pset", "--log-file"}},
	"redis-cli": {valueShort: "hpasnuc", valueLong: []string{"--user", "--pass", "--tls", "--cacert", "--cert", "--key"}},
	"terraform": {},
	"aws":       {valueLong: []string{"--profile", "--region", "--endpoint-url", "--output", "--query", "--exclude", "--include", "--cli-read-timeout"}},
	"gsutil":    {valueShort: "ohu"},
	"virsh":     {valueShort: "ck", valueLong: []string{"--connect", "--keepalive-interval"}},
	"iptables":  {valueShort: "tAIDRPNXFZLSjgiosdpm", valueLong: []string{"--table", "--append", "--insert", "--delete", "--replace", "--policy", "--new-chain", "--jump", "--goto", "--in-interface", "--out-interface", "--source", "--destination", "--protocol", "--match", "--dport", "--sport", "--wait"}},
	"ip6tables": {valueShort: "tAIDRPNXFZLSjgiosdpm", valueLong: []string{"--table", "--append", "--insert", "--delete", "--replace", "--policy", "--new-chain", "--jump", "--goto", "--in-interface", "--out-interface", "--source", "--destination", "--protocol", "--match", "--dport", "--sport", "--wait"}},
	"ip":        {valueShort: "nbf", valueLong: []string{"-netns", "-batch", "-family"}},
	"crontab":   {valueShort: "uT"},
	"kill":      {valueShort: "sn", valueLong: []string{"--signal", "--queue", "--timeout"}},
	"lvremove":  {valueShort: "S", valueLong: []string{"--select", "--config", "--commandprofile"}},
}

// lookup returns the knowledge for a command name; mkfs.ext4 and the like
// share mkfs's entry.
func lookup(name string) *command {
	if c, ok := commands[name]; ok {
		return c
	}
	if strings.HasPrefix(name, "mkfs.") || strings.HasPrefix(name, "mke2fs.") {
		return commands["mkfs"]
	}
	return nil
}

// IsFormatter reports whether name is a command that formats or partitions devices.
func IsFormatter(name string) bool {
	for _, f := range formatters {
		if f == name || strings.HasSuffix(f, "*") && strings.HasPrefix(name, strings.TrimSuffix(f, "*")) {
			return true
		}
	}
	return false
}

// parsedArgs splits a command's arguments into options and operands.
type parsedArgs struct {
	opts     []string          // options as spelled, values removed (-t, --force, -rf)
	values   map[string]string // value of each value option, by its short or long spelling
	operands []string
	opIdx    []int // index in argv of each operand
}

// splitArgs separates options from operands using the command's knowledge
// of which options take a value. args excludes argv[0].
func splitArgs(c *command, args []Arg) parsedArgs {
	p := parsedArgs{values: map[string]string{}}
	valueShort := ""
	var valueLong []string
	if c != nil {
		valueShort, valueLong = c.valueShort, c.valueLong
	}
	for i := 0; i < len(args); i++ {
		s := args[i].Value
		switch {
		case s == "--":
			for j := i + 1; j < len(args); j++ {
				p.operands = append(p.operands, args[j].Value)
				p.opIdx = append(p.opIdx, j+1)
			}
			return p
		case strings.HasPrefix(s, "--"):
			name, val, hasVal := strings.Cut(s, "=")
			p.opts = append(p.opts, name)
			if hasVal {
				p.values[name] = val
			} else if contains(valueLong, name) && i+1 < len(args) {
				i++
				p.values[name] = args[i].Value
			}
		case len(s) > 1 && s[0] == '-' && !args[i].Dynamic:
			spelled := s
			for k := 1; k < len(s); k++ {
				if strings.IndexByte(valueShort, s[k]) >= 0 {
					spelled = s[:k+1]
					key := "-" + s[k:k+1]
					if k+1 < len(s) {
						p.values[key] = s[k+1:]
					} else if i+1 < len(args) {
						i++
						p.values[key] = args[i].Value
					}
					break
				}
			}
			p.opts = append(p.opts, spelled)
		default:
			p.operands = append(p.operands, s)
			p.opIdx = append(p.opIdx, i+1)
		}
	}
	return p
}

// has reports whether any of the given options is present. A short option
// such as -r is found inside a bundle such as -rf.
func (p *parsedArgs) has(names ...string) bool {
	for _, o := range p.opts {
		for _, n := range names {
			if optMatches(o, n) {
				return true
			}
		}
	}
	return false
}

// optMatches reports whether option o, as spelled on the command line, holds n.
func optMatches(o, n string) bool {
	if strings.HasPrefix(n, "--") {
		return o == n
	}
	if len(n) == 2 && n[0] == '-' && len(o) >= 2 && o[0] == '-' && o[1] != '-' {
		return strings.IndexByte(o[1:], n[1]) >= 0
	}
	return o == n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
