package facts

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Report is everything the probes know about the host, for `belay facts`.
type Report struct {
	Root            string            `json:"root"`
	Time            time.Time         `json:"time"`
	Init            InitStatus        `json:"init"`
	Reboots         []ScheduledReboot `json:"scheduled_reboots"`
	Images          []ImageUse        `json:"images_in_use"`
	Devices         []BusyDevice      `json:"busy_devices"`
	HalfInstalled   []Package         `json:"half_installed"`
	DpkgInterrupted bool              `json:"dpkg_interrupted"`
	DpkgError       string            `json:"dpkg_error,omitempty"`
	Guests          []Guest           `json:"guests"`
	Session         Session           `json:"session"`
	Problems        []string          `json:"problems,omitempty"` // files that could not be read, lines skipped ("file:line: why")
}

// Report runs every probe (each at most once per Host) and gathers the results.
func (h *Host) Report() Report {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := Report{Root: h.root, Time: h.now()}
	r.Init = h.initStatus()
	r.Reboots = nonNil(h.scheduledReboots())
	r.Images = nonNil(h.imagesInUse())
	r.Devices = nonNil(h.busyDevices())
	d := h.dpkgProbe()
	r.HalfInstalled = nonNil(d.bad)
	r.DpkgInterrupted = d.interrupted
	if d.err != nil {
		r.DpkgError = d.err.Error()
	}
	r.Guests = nonNil(h.runningGuests())
	r.Session = h.sessionInfo()
	r.Problems = append([]string(nil), h.problems...)
	return r
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// imagesInUse lists the files known to be in use as VM disks, loop backing
// files and swap files (open file descriptors are only searched per target).
func (h *Host) imagesInUse() []ImageUse {
	var found uniq[ImageUse]
	add := func(p, by string) { found.add(ImageUse{p, by}) }
	for _, l := range h.loopDevs() {
		add(l.Backing, "backing file of "+l.Dev)
	}
	for _, s := range h.swapList() {
		if s.Type == "file" {
			add(s.Filename, "in use as swap")
		}
	}
	for _, d := range h.libvirtDomains() {
		for _, disk := range d.Disks {
			if !strings.HasPrefix(disk, "/dev/") {
				add(disk, "disk of running libvirt domain "+d.Name)
			}
		}
	}
	for _, q := range h.qemuProcs() {
		for _, disk := range q.disks {
			if !strings.HasPrefix(disk, "/dev/") {
				add(disk, q.diskOf())
			}
		}
	}
	out := found.list
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Verdict sums up whether the report shows reasons not to reboot: blockers
// (init cannot start, packages half-installed) and cautions (guests will
// go down, a reboot is already scheduled, the session is remote).
func (r Report) Verdict() (blockers, cautions []string) {
	if !r.Init.CanStart {
		blockers = append(blockers, "init cannot start")
	}
	if n := len(r.HalfInstalled); n > 0 {
		blockers = append(blockers, plural(n, "package", "packages")+" not fully installed")
	}
	if r.DpkgInterrupted {
		blockers = append(blockers, "dpkg was interrupted")
	}
	if n := len(r.Guests); n > 0 {
		cautions = append(cautions, plural(n, "guest", "guests")+" will go down")
	}
	if n := len(r.Reboots); n > 0 {
		cautions = append(cautions, plural(n, "scheduled reboot", "scheduled reboots")+" pending")
	}
	if r.Session.SSH {
		cautions = append(cautions, "you are on SSH: if the box does not come back, you lose it")
	}
	return blockers, cautions
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// WriteText writes the report as a sysadmin's answer to "is this box safe to reboot?".
func (r Report) WriteText(w io.Writer) {
	r.writeHost(w)
	list := func(label, none string, items []string) {
		if len(items) == 0 {
			fmt.Fprintf(w, "%-9s %s\n", label, none)
			return
		}
		for i, it := range items {
			if i > 0 {
				label = ""
			}
			fmt.Fprintf(w, "%-9s %s\n", label, it)
		}
	}
	var rs []string
	for _, s := range r.Reboots {
		rs = append(rs, s.String())
	}
	list("reboots", "none scheduled (cron, at, shutdown)", rs)
	var gs []string
	for _, g := range r.Guests {
		s := g.Name + " (" + g.Kind
		if g.PID > 0 {
			s += fmt.Sprintf(", pid %d", g.PID)
		}
		gs = append(gs, s+")")
	}
	list("guests", "none running", gs)
	var is []string
	for _, i := range r.Images {
		is = append(is, i.Path+": "+i.By)
	}
	list("images", "no VM disk, loop or swap file in use", is)
	var ds []string
	for _, d := range r.Devices {
		ds = append(ds, d.Why)
	}
	list("devices", "no busy block devices", ds)
	list("dpkg", "all packages fully installed (or no dpkg)", r.dpkgLines())
	if len(r.Problems) > 0 {
		list("problems", "", r.Problems)
	}
	r.writeVerdict(w)
}

// writeHost writes the lines about the host itself: name and uptime, the
// session, and whether init can start.
func (r Report) writeHost(w io.Writer) {
	name := r.Session.Hostname
	if name == "" {
		name = "(unknown host)"
	}
	up := "uptime unknown"
	if r.Session.UptimeSeconds >= 0 {
		up = formatUptime(r.Session.UptimeSeconds)
	}
	fmt.Fprintf(w, "host      %s, %s", name, up)
	if r.Root != "/" {
		fmt.Fprintf(w, " (root %s)", r.Root)
	}
	fmt.Fprintln(w)
	who := fmt.Sprintf("uid %d", r.Session.UID)
	if r.Session.Root {
		who = "root"
	}
	if r.Session.SSH {
		fmt.Fprintf(w, "session   %s, %s\n", who, r.Session.SSHDetail)
	} else {
		fmt.Fprintf(w, "session   %s, local\n", who)
	}
	if r.Init.CanStart {
		libs := ""
		if r.Init.Libs > 0 {
			libs = fmt.Sprintf(", %s found", plural(r.Init.Libs, "library", "libraries"))
		}
		fmt.Fprintf(w, "init      ok: %s%s\n", r.Init.Detail, libs)
	} else {
		fmt.Fprintf(w, "init      CANNOT START: %s\n", r.Init.Detail)
	}
}

// dpkgLines are the lines about dpkg: half-installed packages, an
// interrupted run, an unreadable status.
func (r Report) dpkgLines() []string {
	var ps []string
	for _, pk := range r.HalfInstalled {
		n := pk.Name
		if pk.Arch != "" && pk.Arch != "all" {
			n += ":" + pk.Arch
		}
		ps = append(ps, fmt.Sprintf("%s (%s)", n, pk.Status))
	}
	if r.DpkgInterrupted {
		ps = append(ps, "dpkg was interrupted: run dpkg --configure -a")
	}
	if r.DpkgError != "" {
		ps = append(ps, "cannot read: "+r.DpkgError)
	}
	return ps
}

// writeVerdict writes the last line: whether a reboot is safe.
func (r Report) writeVerdict(w io.Writer) {
	blockers, cautions := r.Verdict()
	switch {
	case len(blockers) > 0:
		fmt.Fprintf(w, "\nverdict   NOT safe to reboot: %s", strings.Join(blockers, "; "))
		if len(cautions) > 0 {
			fmt.Fprintf(w, "; also %s", strings.Join(cautions, "; "))
		}
		fmt.Fprintln(w)
	case len(cautions) > 0:
		fmt.Fprintf(w, "\nverdict   reboot with care: %s\n", strings.Join(cautions, "; "))
	default:
		fmt.Fprintf(w, "\nverdict   nothing belay can see stops a reboot\n")
	}
}
