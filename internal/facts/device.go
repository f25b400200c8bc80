package facts

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// BusyDevice is a block device in use: writing it would break something live.
type BusyDevice struct {
	Device string `json:"device"`
	Why    string `json:"why"` // "/dev/sda1 is mounted on /boot"
}

// mountEntry is one mount from /proc/self/mountinfo or /proc/mounts.
type mountEntry struct {
	MajMin     string // "8:1"; "" from /proc/mounts
	Source     string
	MountPoint string
	FSType     string
}

// mountList reads /proc/self/mountinfo and /proc/mounts once.
func (h *Host) mountList() []mountEntry {
	return memo(&h.mounts, func() []mountEntry {
		return append(readParsed(h, "/proc/self/mountinfo", parseMountinfo), readParsed(h, "/proc/mounts", parseProcMounts)...)
	})
}

// parseMountinfo parses /proc/PID/mountinfo: "ID PARENT MAJ:MIN ROOT
// MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS".
func parseMountinfo(data []byte) ([]mountEntry, []lineError) {
	var out []mountEntry
	var errs []lineError
	for n, f := range fieldLines(data) {
		sep := -1
		for j := 6; j < len(f); j++ {
			if f[j] == "-" {
				sep = j
				break
			}
		}
		if sep < 0 || sep+2 >= len(f) {
			errs = append(errs, lineError{n, "no \" - FSTYPE SOURCE\" part"})
			continue
		}
		if !strings.Contains(f[2], ":") {
			errs = append(errs, lineError{n, "bad major:minor " + quoteShort(f[2])})
			continue
		}
		out = append(out, mountEntry{MajMin: f[2], MountPoint: unescapeOctal(f[4]),
			FSType: f[sep+1], Source: unescapeOctal(f[sep+2])})
	}
	return out, errs
}

// parseProcMounts parses /proc/mounts (fstab format): "SOURCE MOUNTPOINT FSTYPE OPTIONS 0 0".
func parseProcMounts(data []byte) ([]mountEntry, []lineError) {
	var out []mountEntry
	var errs []lineError
	for n, f := range fieldLines(data) {
		if f[0][0] == '#' {
			continue
		}
		if len(f) < 3 {
			errs = append(errs, lineError{n, "too few fields"})
			continue
		}
		out = append(out, mountEntry{Source: unescapeOctal(f[0]), MountPoint: unescapeOctal(f[1]), FSType: f[2]})
	}
	return out, errs
}

// unescapeOctal undoes the kernel's \NNN escaping of space, tab, newline
// and backslash in /proc mount and swap tables.
func unescapeOctal(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) && isOctalN(s[i+1:i+4]) {
			v := (s[i+1]-'0')*64 + (s[i+2]-'0')*8 + (s[i+3] - '0')
			b.WriteByte(v)
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

func isOctalN(s string) bool {
	if len(s) != 3 || s[0] > '3' {
		return false
	}
	for i := 0; i < 3; i++ {
		if !isOctal(s[i]) {
			return false
		}
	}
	return true
}

// blockDev is a block device as sysfs knows it.
type blockDev struct {
	shown   string   // how to name it in messages
	name    string   // kernel name: sda1, dm-0, md0; "" if unknown
	sysdir  string   // its /sys/class/block or /sys/block directory, "" if none
	dmName  string   // device-mapper name (vg0-root)
	majmin  string   // "8:1"
	aliases []string // /dev paths that name it
}

// blockDevice finds what sysfs knows about a /dev path: /dev/sda1,
// /dev/mapper/NAME, /dev/dm-N, or a symlink (/dev/disk/by-uuid/...).
func (h *Host) blockDevice(p string) blockDev {
	d := blockDev{shown: p, aliases: []string{p}}
	cands := []string{p}
	// a dangling link still says which device it means (/dev may not be populated in a fake root)
	if res, _, err := h.resolve(p); (err == nil || notExist(err)) && res != p {
		d.aliases = append(d.aliases, res)
		cands = []string{res, p}
	}
	for _, c := range cands {
		if m, ok := strings.CutPrefix(c, "/dev/mapper/"); ok && m != "" && !strings.Contains(m, "/") {
			d.dmName = m
			d.name = h.dmByName(m)
		} else if k, ok := strings.CutPrefix(c, "/dev/"); ok && k != "" {
			d.name = strings.ReplaceAll(k, "/", "!")
		}
		if d.name != "" {
			if d.sysdir = h.sysDir(d.name); d.sysdir != "" {
				break
			}
		}
	}
	if d.sysdir == "" {
		return d
	}
	d.aliases = append(d.aliases, "/dev/"+strings.ReplaceAll(d.name, "!", "/"))
	if strings.HasPrefix(d.name, "dm-") && d.dmName == "" {
		if b, err := h.readFile(d.sysdir + "/dm/name"); err == nil {
			d.dmName = strings.TrimSpace(string(b))
		}
	}
	if d.dmName != "" {
		d.aliases = append(d.aliases, "/dev/mapper/"+d.dmName)
	}
	if b, err := h.readFile(d.sysdir + "/dev"); err == nil {
		d.majmin = strings.TrimSpace(string(b))
	}
	return d
}

// sysDir finds a block device's sysfs directory: /sys/class/block/NAME,
// /sys/block/NAME, or a partition /sys/block/DISK/NAME.
func (h *Host) sysDir(name string) string {
	for _, d := range []string{"/sys/class/block/" + name, "/sys/block/" + name} {
		if h.exists(d) {
			return d
		}
	}
	for _, disk := range h.listDir("/sys/block") {
		if strings.HasPrefix(name, disk) && h.exists("/sys/block/"+disk+"/"+name) {
			return "/sys/block/" + disk + "/" + name
		}
	}
	return ""
}

// dmByName finds the dm-N kernel name of a device-mapper device.
func (h *Host) dmByName(name string) string {
	for _, n := range h.listDir("/sys/block") {
		if !strings.HasPrefix(n, "dm-") {
			continue
		}
		if b, err := h.readFile("/sys/block/" + n + "/dm/name"); err == nil && strings.TrimSpace(string(b)) == name {
			return n
		}
	}
	return ""
}

// holderName names a holder of a device: "md0", "dm-0 (vg0-root)".
func (h *Host) holderName(d blockDev) string {
	if d.dmName != "" && d.dmName != d.name {
		return d.name + " (" + d.dmName + ")"
	}
	return d.name
}

// deviceReasons lists why a block device is busy. A whole disk is busy if
// a partition is; a device with holders (md, LVM, dm) is busy, and what
// makes the holder busy is named too.
func (h *Host) deviceReasons(d blockDev, depth int, seen map[string]bool) []string {
	if depth > 8 || d.name != "" && seen[d.name] {
		return nil
	}
	if d.name != "" {
		seen[d.name] = true
	}
	in := func(p string) bool {
		for _, a := range d.aliases {
			if a == p {
				return true
			}
		}
		return false
	}
	var why []string
	var mps []string
	for _, m := range h.mountList() {
		if in(m.Source) || d.majmin != "" && m.MajMin == d.majmin && !strings.HasPrefix(d.majmin, "0:") {
			if !slices.Contains(mps, m.MountPoint) {
				mps = append(mps, m.MountPoint)
			}
		}
	}
	if len(mps) > 0 {
		s := fmt.Sprintf("%s is mounted on %s", d.shown, mps[0])
		if len(mps) > 1 {
			s += fmt.Sprintf(" (and %d more)", len(mps)-1)
		}
		why = append(why, s)
	}
	for _, s := range h.swapList() {
		if in(s.Filename) {
			why = append(why, d.shown+" is swap")
			break
		}
	}
	if d.sysdir != "" {
		hs := h.listDir(d.sysdir + "/holders")
		for _, hn := range hs {
			hd := h.blockDevice("/dev/" + strings.ReplaceAll(hn, "!", "/"))
			if hd.name == "" {
				hd.name = hn
			}
			s := fmt.Sprintf("%s is a member of %s", d.shown, h.holderName(hd))
			if sub := h.deviceReasons(hd, depth+1, seen); len(sub) > 0 {
				s += " (" + strings.Join(sub, "; ") + ")"
			}
			why = append(why, s)
		}
		for _, p := range h.listDir(d.sysdir) {
			if d.name != "" && strings.HasPrefix(p, d.name) && len(p) > len(d.name) {
				pd := h.blockDevice("/dev/" + strings.ReplaceAll(p, "!", "/"))
				if pd.sysdir == "" {
					pd.sysdir, pd.name = d.sysdir+"/"+p, p
				}
				why = append(why, h.deviceReasons(pd, depth+1, seen)...)
			}
		}
	}
	for _, u := range h.fileUses(d.aliases, useOpts{noSwap: true, noFDs: depth > 0 || len(why) > 0}) {
		why = append(why, d.shown+": "+u)
	}
	return why
}

// deviceAnswer answers device.busy for a cleaned absolute target.
func (h *Host) deviceAnswer(target string) Answer {
	d := h.blockDevice(target)
	why := h.deviceReasons(d, 0, map[string]bool{})
	if len(why) > 0 {
		return Answer{Holds: true, Detail: strings.Join(why, "; ")}
	}
	return Answer{Detail: target + ": not mounted, not swap, no holders, not used by a running guest"}
}

// busyDevices lists every busy block device, for the report: mounted or
// swap /dev sources, and devices with holders.
func (h *Host) busyDevices() []BusyDevice {
	var found uniq[BusyDevice]
	add := func(dev, why string) { found.add(BusyDevice{dev, why}) }
	for _, m := range h.mountList() {
		if strings.HasPrefix(m.Source, "/dev/") {
			add(m.Source, fmt.Sprintf("%s is mounted on %s", m.Source, m.MountPoint))
		}
	}
	for _, s := range h.swapList() {
		if s.Type == "partition" || strings.HasPrefix(s.Filename, "/dev/") {
			add(s.Filename, s.Filename+" is swap")
		}
	}
	var holders func(dir, name string, depth int)
	holders = func(dir, name string, depth int) {
		if depth > 2 {
			return
		}
		for _, hn := range h.listDir(dir + "/holders") {
			add("/dev/"+name, fmt.Sprintf("/dev/%s is a member of %s", name, hn))
		}
		if depth == 0 {
			for _, p := range h.listDir(dir) {
				if strings.HasPrefix(p, name) && len(p) > len(name) {
					holders(dir+"/"+p, p, depth+1)
				}
			}
		}
	}
	for _, n := range h.listDir("/sys/block") {
		holders("/sys/block/"+n, n, 0)
	}
	out := found.list
	sort.SliceStable(out, func(i, j int) bool { return out[i].Device < out[j].Device })
	return out
}
