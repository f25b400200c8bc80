package facts

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/belay-sh/belay/internal/lazy"
)

// ImpactKind says what kind of thing a stopped command puts at stake.
type ImpactKind string

// The kinds of impact a Host measures.
const (
	ImpactDelete    ImpactKind = "delete"    // paths removed: rm, find -delete, rsync --delete, the source of mv
	ImpactOverwrite ImpactKind = "overwrite" // files overwritten or truncated: >, dd of=, cp or mv onto a file
	ImpactPower     ImpactKind = "power"     // reboot, shutdown, halt, kexec
	ImpactAccess    ImpactKind = "access"    // stopping sshd or the network: the way in to the host
	ImpactPackages  ImpactKind = "packages"  // removing packages
	ImpactDevice    ImpactKind = "device"    // a block device or disk image written, formatted or wiped
	ImpactService   ImpactKind = "service"   // systemctl stop, disable or mask
)

// ImpactTarget is a path at stake.
type ImpactTarget struct {
	Path      string `json:"path"`                // absolute host path; a glob pattern when Glob
	Recursive bool   `json:"recursive,omitempty"` // the whole tree below Path (rm -r, find -delete)
	Glob      bool   `json:"glob,omitempty"`      // Path holds * ? or [...] the shell will expand
}

// ImpactRequest says what a stopped command puts at stake.
type ImpactRequest struct {
	Kind     ImpactKind
	Targets  []ImpactTarget // delete, overwrite, device: the paths
	Packages []string       // packages: the names, as given (name or name:arch)
	Manager  string         // packages: apt, apt-get, aptitude, dpkg, yum, dnf, rpm, zypper, pacman...
	Units    []string       // service: the unit names as given (nginx, ssh.service)
	Verb     string         // service: stop, disable or mask; others: the command's name, for the subject
}

// Certainty says how far an impact item can be trusted.
type Certainty string

// The certainties of an impact item.
const (
	Exact   Certainty = "exact"    // measured in full
	AtLeast Certainty = "at-least" // a budget cut the measurement short: there may be more
	Unknown Certainty = "unknown"  // not measured (no time, nothing readable)
)

// ImpactItem is one measured fact about what is at stake: one line.
type ImpactItem struct {
	Label     string    `json:"label"`     // a short word: files, open, mount, git, users, guests...
	Text      string    `json:"text"`      // one line, host-derived: sanitise before printing
	Certainty Certainty `json:"certainty"` // exact, at-least or unknown
}

// Impact is what a stopped command would destroy or interrupt, measured
// on this host.
type Impact struct {
	Kind    ImpactKind   `json:"kind"`
	Subject string       `json:"subject"` // what is at stake: "/var/www", "libc6", "nginx.service", "the host"
	Items   []ImpactItem `json:"items"`   // most telling first
}

// ImpactBudget is the time the whole impact of one stop may take.
const ImpactBudget = 50 * time.Millisecond

// Bounds of the delete probe: it stops at maxTreeEntries entries or at
// three fifths of the budget (30 ms of the 50), and says "at least". The
// other probes' loops stop at four fifths, leaving time to gather.
const (
	maxTreeEntries = 20000
	maxListed      = 4 // names listed in one line before "and N more"
)

// impactRun is one probe's view: its own Host (so that a probe abandoned
// at the deadline holds no lock and shares no cache with anyone) and its
// deadlines, from the monotonic clock.
type impactRun struct {
	h     *Host
	start time.Time
	soft  time.Time // loops stop here and say "at least"
	tree  time.Time // the tree walk stops here
	limit int       // the tree walk stops after this many entries
}

// late reports whether the probe's soft deadline has passed.
func (x *impactRun) late() bool { return time.Now().After(x.soft) }

// probe is one measurement run in its own goroutine.
type probe struct {
	label string // the label of its item when it does not finish
	what  string // what it measures, for that item: "open files"
	run   func(x *impactRun) []ImpactItem
}

// fork returns a Host on the same root and options that shares nothing
// with h but its read counter.
func (h *Host) fork() *Host {
	f := New(h.opt)
	f.reads = h.reads
	f.treeLimit = h.treeLimit
	return f
}

// Impact measures what req puts at stake within budget (ImpactBudget if
// zero). Each probe runs on its own goroutine; one that has not answered
// by the deadline is reported as unknown and left behind (it stops at its
// next check, or when its system call returns). Impact never returns
// later than the budget plus scheduling, and never fails: what it cannot
// measure it says it does not know.
func (h *Host) Impact(req ImpactRequest, budget time.Duration) Impact {
	return h.Impacts([]ImpactRequest{req}, budget)[0]
}

// Impacts measures several requests within one budget, concurrently.
func (h *Host) Impacts(reqs []ImpactRequest, budget time.Duration) []Impact {
	out := make([]Impact, len(reqs))
	probes := make([][]probe, len(reqs))
	for i, r := range reqs {
		out[i] = Impact{Kind: r.Kind, Subject: impactSubject(r)}
		probes[i] = probesFor(r)
	}
	items := h.runProbes(probes, budget)
	for i := range out {
		out[i].Items = items[i]
	}
	return out
}

// runProbes runs every probe on its own goroutine and fork of the Host,
// and gathers their items by request, each request's sorted by rank.
func (h *Host) runProbes(probes [][]probe, budget time.Duration) [][]ImpactItem {
	if budget <= 0 {
		budget = ImpactBudget
	}
	start := time.Now()
	x := impactRun{start: start, soft: start.Add(budget * 4 / 5), tree: start.Add(budget * 3 / 5), limit: h.treeLimit}
	if x.limit <= 0 {
		x.limit = maxTreeEntries
	}
	type result struct {
		req, probe int
		items      []ImpactItem
	}
	n := 0
	for _, ps := range probes {
		n += len(ps)
	}
	results := make(chan result, n) // buffered: an abandoned probe never blocks
	for i := range probes {
		for j, p := range probes[i] {
			run := x
			run.h = h.fork()
			go func() {
				var items []ImpactItem
				defer func() {
					if r := recover(); r != nil {
						items = []ImpactItem{{Label: p.label, Text: p.what + ": unknown (internal error)", Certainty: Unknown}}
					}
					results <- result{i, j, items}
				}()
				items = p.run(&run)
			}()
		}
	}
	got := make([][][]ImpactItem, len(probes))
	done := make([][]bool, len(probes))
	for i := range probes {
		got[i] = make([][]ImpactItem, len(probes[i]))
		done[i] = make([]bool, len(probes[i]))
	}
	timer := time.NewTimer(time.Until(start.Add(budget)))
	defer timer.Stop()
wait:
	for k := 0; k < n; k++ {
		select {
		case r := <-results:
			got[r.req][r.probe], done[r.req][r.probe] = r.items, true
		case <-timer.C:
			break wait
		}
	}
	out := make([][]ImpactItem, len(probes))
	for i := range probes {
		out[i] = []ImpactItem{}
		for j, p := range probes[i] {
			items := got[i][j]
			if !done[i][j] {
				items = []ImpactItem{{Label: p.label, Text: fmt.Sprintf("%s: unknown (not measured within %s)", p.what, budget), Certainty: Unknown}}
			}
			for _, it := range items {
				it.Label, it.Text = cutText(it.Label, 16), cutText(it.Text, maxItemText)
				out[i] = append(out[i], it)
			}
		}
		sortItems(out[i])
	}
	return out
}

// probesFor lists the probes of a request.
func probesFor(r ImpactRequest) []probe {
	switch r.Kind {
	case ImpactDelete, ImpactOverwrite:
		return pathProbes(r)
	case ImpactPower, ImpactAccess:
		return powerProbes(r)
	case ImpactPackages:
		return packageProbes(r)
	case ImpactDevice:
		return deviceProbes(r)
	case ImpactService:
		return serviceProbes(r)
	}
	return []probe{{label: "impact", what: "what is at stake", run: func(*impactRun) []ImpactItem {
		return []ImpactItem{{Label: "impact", Text: "what is at stake: unknown (" + string(r.Kind) + " is not measured)", Certainty: Unknown}}
	}}}
}

// impactSubject names what a request puts at stake.
func impactSubject(r ImpactRequest) string {
	var names []string
	switch r.Kind {
	case ImpactDelete, ImpactOverwrite, ImpactDevice:
		for _, t := range r.Targets {
			names = append(names, t.Path)
		}
	case ImpactPackages:
		names = r.Packages
	case ImpactService:
		for _, u := range r.Units {
			names = append(names, unitName(u))
		}
	case ImpactPower, ImpactAccess:
		return "the host"
	}
	return listNames(names, len(names), maxListed)
}

// itemRank orders items across probes: what a person weighs first.
var itemRank = lazy.Value[map[string]int]{Build: func() map[string]int {
	return map[string]int{
		"glob": 1, "files": 2, "file": 2, "open": 3, "mount": 4, "git": 5, "image": 6,
		"device": 1, "part": 2, "holder": 3,
		"guests": 1, "jobs": 2, "dpkg": 3, "users": 4, "ssh": 5, "you": 6, "reboots": 7, "host": 8,
		"packages": 1, "running": 2,
		"stops": 1, "boot": 2, "session": 0,
	}
}}

// sortItems puts items in rank order, unknown ones last, stably.
func sortItems(items []ImpactItem) {
	sort.SliceStable(items, func(i, j int) bool {
		ui, uj := items[i].Certainty == Unknown, items[j].Certainty == Unknown
		if ui != uj {
			return uj
		}
		return itemRank.Get()[items[i].Label] < itemRank.Get()[items[j].Label]
	})
}

// maxItemText bounds an item's text: a path or a command line from the
// host can be long, a line under a stop must not be.
const maxItemText = 320

// cutText cuts s to at most max bytes, on a character boundary, marking the cut.
func cutText(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// MaxImpactLines is how many lines a stop shows of an impact.
const MaxImpactLines = 5

// Lines returns at most max items of the impacts, most telling first; when
// some are left out, the last line says how many and where they are.
func Lines(ims []Impact, max int) []ImpactItem {
	if max <= 0 {
		max = MaxImpactLines
	}
	var all []ImpactItem
	for _, im := range ims {
		all = append(all, im.Items...)
	}
	if len(all) <= max {
		return all
	}
	out := append([]ImpactItem(nil), all[:max-1]...)
	return append(out, ImpactItem{Label: "more", Text: fmt.Sprintf("%d more in belay explain", len(all)-max+1), Certainty: Exact})
}

// String renders an impact as plain lines: "label  text", at most
// MaxImpactLines of them.
func (im Impact) String() string {
	return RenderLines(Lines([]Impact{im}, MaxImpactLines), func(s string) string { return s })
}

// RenderLines renders items as aligned "label  text" lines, each ending in
// a newline, with label(s) styling the padded label (a dim colour at a
// terminal). Texts are host-derived: the caller sanitises them first.
func RenderLines(items []ImpactItem, label func(string) string) string {
	w := 0
	for _, it := range items {
		w = max(w, len(it.Label))
	}
	var b strings.Builder
	for _, it := range items {
		b.WriteString(label(it.Label + strings.Repeat(" ", w-len(it.Label))))
		b.WriteString("  ")
		b.WriteString(it.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// listNames joins up to limit names, saying how many of total are left out.
func listNames(names []string, total, limit int) string {
	if len(names) > limit {
		names = names[:limit]
	}
	s := strings.Join(names, ", ")
	if total > len(names) {
		s += fmt.Sprintf(" and %d more", total-len(names))
	}
	return s
}

// listFit joins as many names as fit in width bytes (at least one),
// saying how many are left out.
func listFit(names []string, width int) string {
	n, w := 0, 0
	for n < len(names) && (n == 0 || w+2+len(names[n]) <= width) {
		w += len(names[n]) + 2
		n++
	}
	return listNames(names, len(names), n)
}

// plural: "1 file", "3 files".
func pluralN(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return commas(n) + " " + many
}

// commas writes n with thousands separators: 1,234,567.
func commas(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// humanBytes says a size in decimal units as disks are sold: "3.1 GB".
func humanBytes(n uint64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	u := "kMGTPE"[exp : exp+1]
	if v >= 10 {
		return fmt.Sprintf("%.0f %sB", v, u)
	}
	return fmt.Sprintf("%.1f %sB", v, u)
}

// ago says how long before now t was: "3 minutes ago", "just now".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	if d < 0 {
		return "in the future (" + t.UTC().Format("2006-01-02 15:04 MST") + ")"
	}
	return span(d) + " ago"
}

// span says a duration in its largest unit: "3 minutes", "2 days".
func span(d time.Duration) string {
	unit := func(n int64, u string) string {
		if n == 1 {
			return "1 " + u
		}
		return fmt.Sprintf("%d %ss", n, u)
	}
	switch {
	case d < time.Minute:
		return unit(int64(d/time.Second), "second")
	case d < time.Hour:
		return unit(int64(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return unit(int64(d/time.Hour), "hour")
	case d < 60*24*time.Hour:
		return unit(int64(d/(24*time.Hour)), "day")
	case d < 730*24*time.Hour:
		return unit(int64(d/(30*24*time.Hour)), "month")
	}
	return unit(int64(d/(365*24*time.Hour)), "year")
}

// short says a duration compactly: "12m", "3h 2m", "4d 1h".
func short(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm", s/60)
	case s < 86400:
		return fmt.Sprintf("%dh %dm", s/3600, s%3600/60)
	}
	return fmt.Sprintf("%dd %dh", s/86400, s%86400/3600)
}

// relName names a path below base for a message: "index.php", "app/x.php".
func relName(base, p string) string {
	if p == base {
		return path.Base(p)
	}
	if r, ok := strings.CutPrefix(p, strings.TrimSuffix(base, "/")+"/"); ok {
		return r
	}
	return p
}
