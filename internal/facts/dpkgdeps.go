package facts

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/belay-sh/belay/internal/lazy"
)

// What removing packages takes with it, read from dpkg's database without
// running apt or dpkg: the installed packages that depend on them,
// transitively.

// maxDpkgPackages bounds the packages read from the status file.
const maxDpkgPackages = 100000

// dpkgPkg is an installed package as the removal model needs it.
type dpkgPkg struct {
	Name, Arch string
	MultiArch  string // "foreign", "same", "allowed" or ""
	Essential  bool
	Priority   string
	Depends    [][]depAlt // Depends and Pre-Depends: clauses of alternatives
	Provides   []string
}

// depAlt is one alternative of a dependency clause.
type depAlt struct {
	Name string
	Arch string // "" (the depending package's own), "any", "native", or an architecture
}

// dpkgPresent are the Status states of a package whose files are on disk.
var dpkgPresent = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"installed": true, "half-configured": true, "unpacked": true,
		"half-installed": true, "triggers-awaited": true, "triggers-pending": true}
}}

// parseDpkgDB reads dpkg's status file into its installed packages (at
// most maxDpkgPackages): name, architecture, Essential, Priority,
// Depends and Pre-Depends, Provides. Folded fields are joined; malformed
// paragraphs are skipped. stop, when not nil, is asked every few hundred
// lines whether to give up: then ok is false.
func parseDpkgDB(data []byte, stop func() bool) (pkgs []dpkgPkg, ok bool) {
	var out []dpkgPkg
	var p dpkgPkg
	var status string
	field := "" // the field a continuation line continues
	end := func() {
		st := strings.Fields(status)
		if p.Name != "" && len(st) == 3 && dpkgPresent.Get()[st[2]] && len(out) < maxDpkgPackages {
			out = append(out, p)
		}
		p, status, field = dpkgPkg{}, "", ""
	}
	var deps, pre, prov string
	rest := data
	flush := func() {
		p.Depends = append(parseDepends(pre), parseDepends(deps)...)
		for _, c := range parseDepends(prov) {
			for _, a := range c {
				p.Provides = append(p.Provides, a.Name)
			}
		}
		deps, pre, prov = "", "", ""
	}
	for n := 0; len(rest) > 0; n++ {
		if n&511 == 511 && stop != nil && stop() {
			return out, false
		}
		var line []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			flush()
			end()
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			v := " " + string(bytes.TrimSpace(line))
			switch field {
			case "depends":
				deps += v
			case "pre-depends":
				pre += v
			case "provides":
				prov += v
			}
			continue
		}
		i := bytes.IndexByte(line, ':')
		if i < 0 {
			field = ""
			continue
		}
		k := strings.ToLower(string(line[:i]))
		v := string(bytes.TrimSpace(line[i+1:]))
		field = k
		switch k {
		case "package":
			p.Name = strings.ToLower(v)
		case "architecture":
			p.Arch = v
		case "multi-arch":
			p.MultiArch = strings.ToLower(v)
		case "status":
			status = v
		case "essential":
			p.Essential = strings.EqualFold(v, "yes")
		case "priority":
			p.Priority = strings.ToLower(v)
		case "depends":
			deps = v
		case "pre-depends":
			pre = v
		case "provides":
			prov = v
		}
	}
	flush()
	end()
	return out, true
}

// parseDepends reads a dependency field: "a (>= 1), b | c:any, d [amd64]".
// Versions, architecture lists and build profiles are dropped: the model
// compares names and architectures only.
func parseDepends(s string) [][]depAlt {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out [][]depAlt
	for _, clause := range strings.Split(s, ",") {
		var alts []depAlt
		for _, alt := range strings.Split(clause, "|") {
			if i := strings.IndexAny(alt, "([<"); i >= 0 {
				alt = alt[:i]
			}
			alt = strings.ToLower(strings.TrimSpace(alt))
			name, arch, _ := strings.Cut(alt, ":")
			if name != "" && !strings.ContainsAny(alt, " \t") {
				alts = append(alts, depAlt{Name: name, Arch: arch})
			}
		}
		if len(alts) > 0 {
			out = append(out, alts)
		}
	}
	return out
}

// removal is what removing some packages takes with it.
type removal struct {
	asked   []string // the asked packages that are installed, as name or name:arch
	missing []string // the asked ones that are not installed
	removed []int    // indexes of every package removed, the asked ones first
	nAsked  int      // how many of removed are the asked ones (one name may be several architectures)
	cut     bool     // the deadline stopped the computation
	pkgs    []dpkgPkg
}

// removalSet computes which installed packages go when the asked ones are
// removed: a package goes when one of its Depends or Pre-Depends clauses
// was satisfied before and no longer is. A clause is satisfied by an
// installed package of one of its names and a fitting architecture (the
// depending package's own, "all", any for Multi-Arch: foreign or a :any
// dependency), or by any package that Provides it, that is not removed,
// whatever the versions: so the set is never larger than what a package
// manager would remove for these dependencies.
func removalSet(pkgs []dpkgPkg, asked []string, deadline time.Time) removal {
	r := removal{pkgs: pkgs}
	byName := map[string][]int{}
	providers := map[string][]int{}
	rdeps := map[string][]int{}
	archs := map[string]int{}
	for i, p := range pkgs {
		byName[p.Name] = append(byName[p.Name], i)
		for _, v := range p.Provides {
			providers[v] = append(providers[v], i)
		}
		for _, c := range p.Depends {
			for _, a := range c {
				rdeps[a.Name] = append(rdeps[a.Name], i)
			}
		}
		if p.Arch != "all" && p.Arch != "" {
			archs[p.Arch]++
		}
	}
	native := ""
	for a, n := range archs {
		if n > archs[native] || n == archs[native] && a < native {
			native = a
		}
	}
	gone := make([]bool, len(pkgs))
	var queue []int
	remove := func(i int) {
		if !gone[i] {
			gone[i] = true
			r.removed = append(r.removed, i)
			queue = append(queue, i)
		}
	}
	for _, a := range asked {
		name, arch, hasArch := strings.Cut(strings.ToLower(a), ":")
		var found []int
		for _, i := range byName[name] {
			if hasArch && pkgs[i].Arch == arch || !hasArch && (pkgs[i].Arch == native || pkgs[i].Arch == "all" || len(byName[name]) == 1) {
				found = append(found, i)
			}
		}
		if len(found) == 0 {
			r.missing = append(r.missing, a)
			continue
		}
		r.asked = append(r.asked, a)
		for _, i := range found {
			remove(i)
		}
	}
	r.nAsked = len(r.removed)
	fits := func(from dpkgPkg, a depAlt, to dpkgPkg) bool {
		want := a.Arch
		switch {
		case to.Arch == "all" || to.MultiArch == "foreign" || want == "any":
			return true
		case want == "native":
			want = native
		case want == "":
			want = from.Arch
			if want == "all" || want == "" {
				want = native
			}
		}
		return to.Arch == want
	}
	satisfied := func(from dpkgPkg, c []depAlt, now bool) bool {
		for _, a := range c {
			for _, i := range byName[a.Name] {
				if (!now || !gone[i]) && fits(from, a, pkgs[i]) {
					return true
				}
			}
			for _, i := range providers[a.Name] {
				if !now || !gone[i] {
					return true
				}
			}
		}
		return false
	}
	names := func(c []depAlt, n string) bool {
		for _, a := range c {
			if a.Name == n {
				return true
			}
		}
		return false
	}
	for steps := 0; len(queue) > 0; steps++ {
		if steps&63 == 63 && time.Now().After(deadline) {
			r.cut = true
			break
		}
		x := pkgs[queue[0]]
		queue = queue[1:]
		for _, n := range append([]string{x.Name}, x.Provides...) {
			for _, d := range rdeps[n] {
				if gone[d] {
					continue
				}
				p := pkgs[d]
				for _, c := range p.Depends {
					if names(c, n) && satisfied(p, c, false) && !satisfied(p, c, true) {
						remove(d)
						break
					}
				}
			}
		}
	}
	return r
}

// criticalPackages are packages whose loss a sysadmin recognises at once:
// the way in, the init system, the boot loader and kernel, storage.
var criticalPackages = []string{"openssh-server", "systemd", "systemd-sysv", "sysvinit-core", "init", "sudo",
	"grub-pc", "grub-efi-amd64", "grub-efi-arm64", "grub2-common", "linux-image-amd64", "linux-image-arm64",
	"lvm2", "mdadm", "cryptsetup", "ifupdown", "netplan.io", "network-manager", "systemd-networkd",
	"libvirt-daemon-system", "qemu-system-x86", "docker-ce", "docker.io", "containerd", "postgresql", "mariadb-server",
	"mysql-server", "nginx", "apache2", "apt", "dpkg", "bash", "coreutils", "libc6", "login", "passwd"}

// text says what a removal takes: "removes libc6 (required) and 411
// packages that depend on it, including openssh-server, systemd;
// essential or required among them: bash, dpkg, tar and 20 more".
func (r removal) text(manager string) string {
	others := len(r.removed) - r.nAsked
	atLeast := ""
	if r.cut {
		atLeast = "at least "
	}
	inSet := map[string]bool{}
	var essential []string
	var asked []string
	for k, i := range r.removed {
		p := r.pkgs[i]
		inSet[p.Name] = true
		switch {
		case k < r.nAsked && p.Essential:
			asked = append(asked, p.Name+" (essential)")
		case k < r.nAsked && p.Priority == "required":
			asked = append(asked, p.Name+" (required)")
		case k < r.nAsked:
			asked = append(asked, p.Name)
		case p.Essential || p.Priority == "required":
			essential = append(essential, p.Name)
		}
	}
	sort.Strings(essential)
	essential = dedupe(essential)
	what := strings.Join(dedupeKeepOrder(asked), ", ")
	var named []string
	for _, c := range criticalPackages {
		if inSet[c] && !slices.Contains(essential, c) && !slices.Contains(r.asked, c) {
			named = append(named, c)
		}
	}
	var s string
	switch {
	case others == 0 && manager == "dpkg":
		s = "no installed package depends on " + what
	case others == 0:
		s = "removes only " + what + ": no installed package depends on it"
	case manager == "dpkg":
		s = fmt.Sprintf("%s%s depend on %s (dpkg refuses unless forced, and then leaves them broken)", atLeast, pluralN(int64(others), "installed package", "installed packages"), what)
	default:
		s = fmt.Sprintf("removes %s and %s%s that depend on it", what, atLeast, pluralN(int64(others), "package", "packages"))
	}
	if len(named) > 0 {
		s += ", including " + listNames(named, len(named), 3)
	}
	if len(essential) > 0 {
		s += fmt.Sprintf("; essential or required among them: %s", listNames(essential, len(essential), 3))
	}
	if len(r.missing) > 0 {
		s += "; not installed: " + listNames(r.missing, len(r.missing), 3)
	}
	return s
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// dpkgManagers are the commands that remove packages through dpkg.
var dpkgManagers = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"apt": true, "apt-get": true, "aptitude": true, "dpkg": true, "synaptic": true, "nala": true}
}}

func packageProbes(r ImpactRequest) []probe {
	return []probe{
		{label: "packages", what: "what else goes", run: func(x *impactRun) []ImpactItem { return x.packageRemoval(r) }},
		{label: "dpkg", what: "dpkg's state", run: func(x *impactRun) []ImpactItem {
			items := x.dpkgItems()
			if dpkgManagers.Get()[r.Manager] {
				items = append(items, x.packageJobs()...)
			}
			return items
		}},
	}
}

// packageRemoval reads the dpkg database and says what the removal takes.
func (x *impactRun) packageRemoval(r ImpactRequest) []ImpactItem {
	if len(r.Packages) == 0 {
		return []ImpactItem{{Label: "packages", Text: "which packages: unknown (only known when the command runs)", Certainty: Unknown}}
	}
	if !dpkgManagers.Get()[r.Manager] {
		what := "what else " + r.Manager + " would remove: unknown"
		if x.h.exists("/var/lib/rpm") {
			what += " (belay does not read the rpm database)"
		} else {
			what += " (belay reads only dpkg's database)"
		}
		return []ImpactItem{{Label: "packages", Text: what, Certainty: Unknown}}
	}
	data, err := x.h.readFile(dpkgStatusFile)
	if err != nil {
		return []ImpactItem{{Label: "packages", Text: "what else goes: unknown (" + dpkgStatusFile + ": " + errText(err) + ")", Certainty: Unknown}}
	}
	if x.late() {
		return []ImpactItem{{Label: "packages", Text: "what else goes: unknown (ran out of time reading dpkg's database)", Certainty: Unknown}}
	}
	pkgs, ok := parseDpkgDB(data, x.late)
	if !ok {
		return []ImpactItem{{Label: "packages", Text: "what else goes: unknown (ran out of time reading dpkg's database)", Certainty: Unknown}}
	}
	rm := removalSet(pkgs, r.Packages, x.soft)
	if len(rm.asked) == 0 {
		return []ImpactItem{{Label: "packages", Text: "nothing: " + listNames(rm.missing, len(rm.missing), 3) + " not installed", Certainty: Exact}}
	}
	cert := Exact
	if rm.cut {
		cert = AtLeast
	}
	return []ImpactItem{{Label: "packages", Text: rm.text(r.Manager), Certainty: cert}}
}

// packageJobs names package managers running now: the removal would wait
// for their lock, or fail.
func (x *impactRun) packageJobs() []ImpactItem {
	t := x.h.procTable()
	var names []string
	for _, pid := range t.list() {
		if x.late() {
			break
		}
		if n := t.name(pid); jobKinds.Get()[n] == "packages" {
			names = append(names, fmt.Sprintf("%s (pid %d)", n, pid))
		}
	}
	if len(names) == 0 {
		return nil
	}
	return []ImpactItem{{Label: "running", Text: "running now: " + listNames(names, len(names), 3), Certainty: Exact}}
}
