package facts

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// Guest is a running virtual machine.
type Guest struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`            // "qemu", "libvirt" or "xen"
	PID   int    `json:"pid,omitempty"`   // its qemu process, when known
	State string `json:"state,omitempty"` // "running", "paused"...: libvirt's word, or "stopped" for a stopped qemu process; "" if unknown
}

// ImageUse is a file in use as a VM disk, loop device backing file or swap file.
type ImageUse struct {
	Path string `json:"path"`
	By   string `json:"by"` // "backing file of /dev/loop0", "disk of running libvirt domain web"...
}

// isQemuName reports whether an argv[0] base name is a qemu/kvm binary.
func isQemuName(n string) bool {
	return strings.HasPrefix(n, "qemu-system-") || n == "qemu-kvm" || n == "kvm" || n == "qemu-dm" || n == "qemu"
}

// qemuProc is a running qemu/kvm process.
type qemuProc struct {
	pid   int
	comm  string
	name  string   // from -name, "" if none
	disks []string // files named by -drive, -blockdev, -hda...
}

// diskOf says whose disk a file is: the guest by the name on qemu's
// command line when it has one ("disk of running guest web (qemu-system-i38
// pid 4242)"), the process otherwise.
func (q qemuProc) diskOf() string {
	if q.name != "" {
		return fmt.Sprintf("disk of running guest %s (%s pid %d)", q.name, q.comm, q.pid)
	}
	return fmt.Sprintf("disk of %s (pid %d)", q.comm, q.pid)
}

// qemuProcs returns the running qemu/kvm processes (read once per Host via the proc table).
func (h *Host) qemuProcs() []qemuProc {
	t := h.procTable()
	var out []qemuProc
	for _, pid := range t.list() {
		argv := t.argv(pid)
		if len(argv) == 0 {
			continue
		}
		// argv[0], not comm: comm is one more read per process, and
		// "-name x,process=y" renames comm but not argv[0]
		if !isQemuName(path.Base(argv[0])) {
			continue
		}
		comm := t.name(pid)
		name, disks := parseQemuArgs(argv)
		for i, d := range disks {
			if !path.IsAbs(d) {
				if cwd, err := h.readlink(fmt.Sprintf("/proc/%d/cwd", pid)); err == nil && path.IsAbs(cwd) {
					disks[i] = path.Join(cwd, d)
				}
			}
		}
		out = append(out, qemuProc{pid: pid, comm: comm, name: name, disks: disks})
	}
	return out
}

// qemuFileOpts lists the options whose argument is a file.
var qemuFileOpts = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"-hda": true, "-hdb": true, "-hdc": true, "-hdd": true, "-cdrom": true,
		"-fda": true, "-fdb": true, "-mtdblock": true, "-sd": true, "-pflash": true}
}}

// parseQemuArgs finds a qemu command line's guest name (-name web,
// -name guest=web,...) and the files it uses as disks (-drive file=,
// -blockdev filename= in key=value or JSON form, -hda/-cdrom/... PATH).
func parseQemuArgs(argv []string) (name string, disks []string) {
	for i := 1; i < len(argv); i++ {
		opt := argv[i]
		if strings.HasPrefix(opt, "--") {
			opt = opt[1:]
		}
		if !strings.HasPrefix(opt, "-") || i+1 >= len(argv) {
			continue
		}
		switch {
		case opt == "-name":
			i++
			for j, kv := range splitQemuOpts(argv[i]) {
				k, v, ok := strings.Cut(kv, "=")
				if !ok && j == 0 {
					name = kv
				} else if ok && k == "guest" {
					name = v
				}
			}
		case opt == "-drive":
			i++
			disks = append(disks, qemuOptValues(argv[i], "file")...)
		case opt == "-blockdev":
			i++
			v := argv[i]
			if strings.HasPrefix(strings.TrimSpace(v), "{") {
				disks = append(disks, jsonFilenames(v)...)
			} else {
				disks = append(disks, qemuOptValues(v, "filename")...)
			}
		case qemuFileOpts.Get()[opt]:
			i++
			disks = append(disks, argv[i])
		}
	}
	var out []string
	for _, d := range disks {
		d = strings.TrimPrefix(d, "file:")
		if d != "" && !strings.Contains(d, ":") || path.IsAbs(d) {
			out = append(out, path.Clean(d))
		}
	}
	return name, out
}

// splitQemuOpts splits a QemuOpts string on commas; ",," is a literal comma.
func splitQemuOpts(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			if i+1 < len(s) && s[i+1] == ',' {
				b.WriteByte(',')
				i++
				continue
			}
			out = append(out, b.String())
			b.Reset()
			continue
		}
		b.WriteByte(s[i])
	}
	return append(out, b.String())
}

// qemuOptValues returns the values of key (or key suffixes like
// file.filename) in a QemuOpts string.
func qemuOptValues(s, key string) []string {
	var out []string
	for _, kv := range splitQemuOpts(s) {
		k, v, ok := strings.Cut(kv, "=")
		if ok && (k == key || strings.HasSuffix(k, ".filename") || k == "file.file") && v != "" && !strings.HasPrefix(v, "json:") {
			out = append(out, v)
		}
	}
	return out
}

// jsonFilenames collects "filename" strings anywhere in a JSON -blockdev.
func jsonFilenames(s string) []string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil
	}
	var out []string
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 32 {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if s, ok := x[k].(string); ok && k == "filename" && s != "" {
					out = append(out, s)
				} else {
					walk(x[k], depth+1)
				}
			}
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

// libvirtDomain is a running domain from libvirt's status XML.
type libvirtDomain struct {
	Name  string
	PID   int
	State string   // domstatus state: running, paused, shutdown...
	File  string   // its status XML
	Disks []string // <source file=/dev=> of its disks, backing stores included
}

const libvirtRun = "/run/libvirt/qemu"

// libvirtDomains reads the status XML of running libvirt qemu domains once.
func (h *Host) libvirtDomains() []libvirtDomain {
	if h.domains != nil {
		return *h.domains
	}
	var out []libvirtDomain
	names := h.listDir(libvirtRun)
	pids := map[string]bool{}
	for _, n := range names {
		if strings.HasSuffix(n, ".pid") {
			pids[strings.TrimSuffix(n, ".pid")] = true
		}
	}
	for _, n := range names {
		if !strings.HasSuffix(n, ".xml") {
			continue
		}
		file := path.Join(libvirtRun, n)
		data, ok := h.readPresent(file, false)
		if !ok {
			continue
		}
		d, err := parseLibvirtXML(data)
		if err != nil {
			h.problem("%s: %v", file, err)
		}
		if d.Name == "" {
			d.Name = strings.TrimSuffix(n, ".xml")
		}
		if d.PID == 0 && pids[strings.TrimSuffix(n, ".xml")] {
			if b, err := h.readFile(path.Join(libvirtRun, strings.TrimSuffix(n, ".xml")+".pid")); err == nil {
				d.PID, _ = strconv.Atoi(strings.TrimSpace(string(b)))
			}
		}
		d.File = file
		out = append(out, d)
	}
	h.domains = &out
	return out
}

// loopDev is an attached loop device.
type loopDev struct {
	Dev     string // /dev/loop0
	Backing string // its backing file
}

// loopDevs reads /sys/block/loop*/loop/backing_file once.
func (h *Host) loopDevs() []loopDev {
	if h.loops != nil {
		return *h.loops
	}
	var out []loopDev
	for _, n := range h.listDir("/sys/block") {
		if !strings.HasPrefix(n, "loop") {
			continue
		}
		data, err := h.readFile("/sys/block/" + n + "/loop/backing_file")
		if err != nil {
			continue // not attached
		}
		b := strings.TrimRight(string(data), "\n")
		if b != "" {
			out = append(out, loopDev{Dev: "/dev/" + n, Backing: b})
		}
	}
	h.loops = &out
	return out
}

// swapEntry is one line of /proc/swaps.
type swapEntry struct {
	Filename string
	Type     string // "partition" or "file"
}

// swapList reads /proc/swaps once.
func (h *Host) swapList() []swapEntry {
	return memo(&h.swaps, func() []swapEntry { return readParsed(h, "/proc/swaps", parseSwaps) })
}

// parseSwaps parses /proc/swaps: a header, then "Filename Type Size Used Priority".
func parseSwaps(data []byte) ([]swapEntry, []lineError) {
	var out []swapEntry
	var errs []lineError
	for n, f := range fieldLines(data) {
		if n == 1 && f[0] == "Filename" {
			continue
		}
		if len(f) < 2 {
			errs = append(errs, lineError{n, "too few fields"})
			continue
		}
		out = append(out, swapEntry{Filename: unescapeOctal(f[0]), Type: f[1]})
	}
	return out, errs
}

// xenPresent says whether the root looks like a Xen dom0 with its toolstack running.
func (h *Host) xenPresent() bool {
	for _, p := range []string{"/run/xen", "/var/run/xenstored", "/run/xenstored"} {
		if _, _, err := h.resolve(p); err == nil {
			return true
		}
	}
	return false
}

// xlUserdata matches libxl's saved domain config files: userdata-d.DOMID.UUID.xl.
var xlUserdata = lazy.Regexp{Expr: `^userdata-d\.([0-9]+)\.[0-9a-fA-F-]+\.xl$`} // compiled on first use: a check that asks no fact pays nothing

// xenDomains lists running xen domains from libxl's userdata files (xl is never run).
func (h *Host) xenDomains() []Guest {
	if !h.xenPresent() {
		return nil
	}
	var out []Guest
	for _, n := range h.listDir("/var/lib/xen") {
		m := xlUserdata.Get().FindStringSubmatch(n)
		if m == nil || m[1] == "0" {
			continue
		}
		name := ""
		if data, err := h.readFile("/var/lib/xen/" + n); err == nil {
			name = parseXlUserdata(data)
		}
		if name == "" {
			name = "xen domain " + m[1]
		}
		out = append(out, Guest{Name: name, Kind: "xen"})
	}
	return out
}

var xlNameLine = lazy.Regexp{Expr: `(?m)^\s*name\s*=\s*["']([^"'\n]+)["']`} // compiled on first use: a check that asks no fact pays nothing

// parseXlUserdata finds a domain name in an xl userdata file: the JSON
// libxl_domain_config ("c_info": {"name": ...}) or an xl.cfg "name = '...'".
func parseXlUserdata(data []byte) string {
	var cfg struct {
		CInfo struct {
			Name string `json:"name"`
		} `json:"c_info"`
	}
	if json.Unmarshal(data, &cfg) == nil && cfg.CInfo.Name != "" {
		return cfg.CInfo.Name
	}
	if m := xlNameLine.Get().FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return ""
}

// runningGuests lists running guests once: qemu processes, libvirt
// domains (merged with their qemu process), xen domains.
func (h *Host) runningGuests() []Guest {
	if h.guests != nil {
		return *h.guests
	}
	var out []Guest
	byPID := map[int]bool{}
	byName := map[string]bool{}
	for _, d := range h.libvirtDomains() {
		out = append(out, Guest{Name: d.Name, Kind: "libvirt", PID: d.PID, State: d.State})
		byName[d.Name] = true
		if d.PID > 0 {
			byPID[d.PID] = true
		}
	}
	for _, q := range h.qemuProcs() {
		if byPID[q.pid] || q.name != "" && byName[q.name] {
			continue
		}
		n := q.name
		if n == "" {
			n = fmt.Sprintf("%s pid %d", q.comm, q.pid)
		}
		byName[n] = true
		out = append(out, Guest{Name: n, Kind: "qemu", PID: q.pid})
	}
	for _, x := range h.xenDomains() {
		if !byName[x.Name] {
			byName[x.Name] = true
			out = append(out, x)
		}
	}
	h.guests = &out
	return out
}

func (h *Host) guestsAnswer() Answer {
	return listAnswer(h.runningGuests(), "no running guests", ", ", func(g Guest) string { return g.Name })
}

// useOpts tunes fileUses.
type useOpts struct {
	noSwap bool // the caller checks swap itself
	noFDs  bool // do not scan open file descriptors
	under  bool // the paths are directories: files under them count too
}

// maxReasons bounds the reasons fileUses lists.
const maxReasons = 8

// fileUses returns why a file (any of its names, paths) is in use, cheapest
// probes first; open file descriptors are scanned only if nothing else
// found it. With opt.under, a use of a file under one of the paths counts,
// named as "contains FILE, ...".
func (h *Host) fileUses(paths []string, opt useOpts) []string {
	var why []string
	more := 0
	add := func(p, reason string) {
		for _, q := range paths {
			switch {
			case p == q:
			case opt.under && (q == "/" || strings.HasPrefix(p, q+"/")):
				reason = "contains " + p + ", " + reason
			default:
				continue
			}
			if len(why) < maxReasons {
				why = append(why, reason)
			} else {
				more++
			}
			return
		}
	}
	for _, l := range h.loopDevs() {
		add(path.Clean(l.Backing), "backing file of "+l.Dev)
	}
	if !opt.noSwap {
		for _, s := range h.swapList() {
			add(path.Clean(s.Filename), "in use as swap")
		}
	}
	for _, d := range h.libvirtDomains() {
		for _, disk := range d.Disks {
			add(disk, "disk of running libvirt domain "+d.Name)
		}
	}
	for _, q := range h.qemuProcs() {
		for _, disk := range q.disks {
			add(disk, q.diskOf())
		}
	}
	if len(why) == 0 && !opt.noFDs {
		t := h.procTable()
		for _, r := range t.holders(paths, opt.under) {
			add(path.Clean(r.link), fmt.Sprintf("open by %s (pid %d)", t.name(r.pid), r.pid))
		}
	}
	if more > 0 {
		why = append(why, fmt.Sprintf("and %d more", more))
	}
	return why
}

// imageAnswer answers image.in-use for a cleaned absolute target.
func (h *Host) imageAnswer(target string) Answer {
	paths := []string{target}
	dir := false
	if res, fi, err := h.resolve(target); err == nil {
		if res != target {
			paths = append(paths, res)
		}
		dir = fi.IsDir()
	}
	why := h.fileUses(paths, useOpts{under: dir})
	if len(why) > 0 {
		return Answer{Holds: true, Detail: target + ": " + strings.Join(why, "; ")}
	}
	d := target + ": not open by any process, not a loop or swap file, not a disk of a running guest"
	if n := h.procTable().fdIndex().unreadable; n > 0 {
		d += fmt.Sprintf(" (the open files of %d processes could not be read: run as root)", n)
	}
	return Answer{Detail: d}
}
