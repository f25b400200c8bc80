package facts

import (
	"bufio"
	"bytes"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// The probes of a write to a block device or a disk image: what is on the
// device (filesystem, label, mount point, LVM, RAID, LUKS, swap, guests),
// from /sys, /proc and udev's database; for an image file, the path probes.

// maxUdevKeys bounds the properties read from one udev record.
const maxUdevKeys = 512

// parseUdevData reads udev's record of a device (/run/udev/data/bMAJ:MIN):
// its "E:KEY=VALUE" property lines; other lines are skipped.
func parseUdevData(data []byte) map[string]string {
	props := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxKVLine)
	for sc.Scan() && len(props) < maxUdevKeys {
		kv, ok := strings.CutPrefix(sc.Text(), "E:")
		if !ok {
			continue
		}
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			props[k] = v
		}
	}
	return props
}

func deviceProbes(r ImpactRequest) []probe {
	var devs, files []ImpactTarget
	for _, t := range cleanTargets(r.Targets) {
		if strings.HasPrefix(t.Path, "/dev/") && !t.Glob {
			devs = append(devs, t)
		} else {
			files = append(files, t)
		}
	}
	var ps []probe
	if len(devs) > 0 {
		ps = append(ps, probe{label: "device", what: "what is on the device", run: func(x *impactRun) []ImpactItem {
			var items []ImpactItem
			for _, t := range devs {
				items = append(items, x.deviceItems(t.Path)...)
			}
			return items
		}})
	}
	if len(files) > 0 {
		ps = append(ps, pathProbes(ImpactRequest{Kind: ImpactOverwrite, Targets: files})...)
	}
	if len(ps) == 0 {
		return pathProbes(r)
	}
	return ps
}

// devInfo is what is known of one block device.
type devInfo struct {
	blockDev
	udev map[string]string
	size uint64 // bytes; 0 if unknown
}

func (x *impactRun) devInfo(d blockDev) devInfo {
	di := devInfo{blockDev: d, udev: map[string]string{}}
	if d.sysdir != "" {
		if b, err := x.h.readFile(d.sysdir + "/size"); err == nil {
			if n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64); err == nil && n < 1<<54 {
				di.size = n * 512
			}
		}
	}
	if d.majmin != "" && !strings.ContainsAny(d.majmin, "/.") {
		if b, err := x.h.readFile("/run/udev/data/b" + d.majmin); err == nil {
			di.udev = parseUdevData(b)
		}
	}
	return di
}

// deviceItems describes a block device: the disk, then each partition.
func (x *impactRun) deviceItems(p string) []ImpactItem {
	d := x.h.blockDevice(p)
	if d.sysdir == "" {
		return []ImpactItem{{Label: "device", Text: p + ": what is on it is unknown (not a block device this host knows)", Certainty: Unknown}}
	}
	di := x.devInfo(d)
	label := d.name
	if label == "" {
		label = "device"
	}
	var parts []blockDev
	for _, n := range x.h.listDir(d.sysdir) {
		if d.name != "" && strings.HasPrefix(n, d.name) && len(n) > len(d.name) {
			pd := x.h.blockDevice("/dev/" + strings.ReplaceAll(n, "!", "/"))
			if pd.sysdir == "" {
				pd.sysdir, pd.name = d.sysdir+"/"+n, n
			}
			parts = append(parts, pd)
		}
	}
	var head []string
	if di.size > 0 {
		head = append(head, humanBytes(di.size))
	}
	if m := firstNonEmpty(di.udev["ID_MODEL"], x.readTrim(d.sysdir+"/device/model")); m != "" {
		head = append(head, strings.ReplaceAll(m, "_", " "))
	}
	if pt := di.udev["ID_PART_TABLE_TYPE"]; pt != "" {
		head = append(head, pt+" partition table")
	}
	items := []ImpactItem{}
	uses := x.devUses(di, 0, map[string]bool{})
	if len(parts) > 0 {
		head = append(head, pluralN(int64(len(parts)), "partition", "partitions"))
		text := strings.Join(head, ", ")
		if len(uses) > 0 {
			text += "; " + strings.Join(uses, "; ")
		}
		items = append(items, ImpactItem{Label: label, Text: text, Certainty: Exact})
		for i, pd := range parts {
			if i == 3 {
				items = append(items, ImpactItem{Label: "part", Text: fmt.Sprintf("and %d more partitions", len(parts)-3), Certainty: Exact})
				break
			}
			pi := x.devInfo(pd)
			items = append(items, ImpactItem{Label: pd.name, Text: x.devSummary(pi), Certainty: Exact})
		}
		return items
	}
	text := x.devSummary(di)
	if len(head) > 0 && di.size > 0 && !strings.Contains(text, humanBytes(di.size)) {
		text = strings.Join(head, ", ") + "; " + text
	}
	return append(items, ImpactItem{Label: label, Text: text, Certainty: Exact})
}

// devSummary says what one device or partition holds and who uses it:
// `ext4 "www", 39 GB, mounted on /var/www`.
func (x *impactRun) devSummary(di devInfo) string {
	var what []string
	if t := di.udev["ID_FS_TYPE"]; t != "" {
		s := fsTypeName(t)
		if l := di.udev["ID_FS_LABEL"]; l != "" {
			s += " " + strconv.Quote(l)
		}
		what = append(what, s)
	}
	if di.size > 0 {
		what = append(what, humanBytes(di.size))
	}
	uses := x.devUses(di, 0, map[string]bool{})
	if len(uses) == 0 {
		if len(di.udev) == 0 {
			uses = []string{"not mounted, not swap, no holders (no udev record of what is on it)"}
		} else {
			uses = []string{"not mounted, not swap, no holders"}
		}
	}
	return strings.Join(append(what, uses...), ", ")
}

// fsTypeName turns udev's ID_FS_TYPE into words.
func fsTypeName(t string) string {
	switch t {
	case "LVM2_member":
		return "LVM physical volume"
	case "linux_raid_member":
		return "RAID member"
	case "crypto_LUKS":
		return "LUKS encrypted"
	case "swap":
		return "swap space"
	}
	return t
}

// devUses lists what uses a device: mounts, swap, its holders (LVM, RAID,
// LUKS, device-mapper: each named with what uses it in turn) and guests.
func (x *impactRun) devUses(di devInfo, depth int, seen map[string]bool) []string {
	if depth > 4 || di.name != "" && seen[di.name] {
		return nil
	}
	seen[di.name] = true
	in := func(p string) bool { return slices.Contains(di.aliases, p) }
	var out []string
	var mps []string
	for _, m := range x.h.mountList() {
		if (in(m.Source) || di.majmin != "" && m.MajMin == di.majmin && !strings.HasPrefix(di.majmin, "0:")) && !slices.Contains(mps, m.MountPoint) {
			mps = append(mps, m.MountPoint)
		}
	}
	if len(mps) > 0 {
		out = append(out, "mounted on "+listNames(mps, len(mps), 2))
	}
	for _, s := range x.h.swapList() {
		if in(s.Filename) {
			out = append(out, "in use as swap")
			break
		}
	}
	if di.sysdir != "" {
		for _, hn := range x.h.listDir(di.sysdir + "/holders") {
			hd := x.h.blockDevice("/dev/" + strings.ReplaceAll(hn, "!", "/"))
			if hd.name == "" {
				hd.name = hn
			}
			hi := x.devInfo(hd)
			s := x.holderKind(hd) + " " + x.h.holderName(hd)
			if sub := x.devUses(hi, depth+1, seen); len(sub) > 0 {
				s += " (" + strings.Join(sub, "; ") + ")"
			}
			out = append(out, s)
		}
	}
	for _, d := range x.h.libvirtDomains() {
		for _, disk := range d.Disks {
			if in(disk) {
				out = append(out, "disk of running guest "+d.Name+stateNote(d.State))
			}
		}
	}
	for _, q := range x.h.qemuProcs() {
		for _, disk := range q.disks {
			if in(disk) && q.name != "" {
				out = append(out, fmt.Sprintf("disk of running guest %s (%s pid %d)", q.name, q.comm, q.pid))
			} else if in(disk) {
				out = append(out, fmt.Sprintf("disk of a running guest: %s (pid %d)", q.comm, q.pid))
			}
		}
	}
	return dedupeKeepOrder(out)
}

// holderKind names what holds a device: "LVM volume", "LUKS mapping", "RAID array raid1".
func (x *impactRun) holderKind(hd blockDev) string {
	if hd.sysdir != "" {
		uuid := x.readTrim(hd.sysdir + "/dm/uuid")
		switch {
		case strings.HasPrefix(uuid, "LVM-"):
			return "holds LVM volume"
		case strings.HasPrefix(uuid, "CRYPT-"):
			return "opened as LUKS mapping"
		case uuid != "":
			return "holds device-mapper device"
		}
		if lvl := x.readTrim(hd.sysdir + "/md/level"); lvl != "" {
			return "member of " + lvl + " array"
		}
	}
	if strings.HasPrefix(hd.name, "md") {
		return "member of RAID array"
	}
	return "held by"
}

// readTrim reads a short sysfs file, "" on error.
func (x *impactRun) readTrim(p string) string {
	if p == "" || strings.HasPrefix(path.Base(p), ".") {
		return ""
	}
	b, err := x.h.readFile(p)
	if err != nil || len(b) > 4096 {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func dedupeKeepOrder(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
