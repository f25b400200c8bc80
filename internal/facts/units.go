package facts

import (
	"fmt"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
)

// What stopping, disabling or masking a systemd unit takes with it, from
// the unit files (systemd itself is never asked): the units that require
// it, how it is enabled, and whether your session runs inside it.

// unitDirs are systemd's system unit directories, highest precedence first.
var unitDirs = []string{"/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"}

// maxUnitFiles bounds the unit files and drop-ins read for one impact.
const maxUnitFiles = 5000

// unitSuffixes are the unit types; a name without one is a service.
var unitSuffixes = []string{".service", ".socket", ".target", ".mount", ".automount", ".swap", ".timer", ".path", ".slice", ".scope", ".device"}

// unitName completes a unit name as systemctl does: "nginx" is nginx.service.
func unitName(u string) string {
	for _, s := range unitSuffixes {
		if strings.HasSuffix(u, s) {
			return u
		}
	}
	return u + ".service"
}

// unitDeps are the dependency settings of one unit file.
type unitDeps struct {
	Requires, Requisite, BindsTo, PartOf []string // [Unit]
	WantedBy, RequiredBy, Also, Alias    []string // [Install]
}

// parseUnitDeps reads the dependency keys of a unit file or drop-in:
// sections, # and ; comments, backslash continuations, space-separated
// lists; an empty assignment resets a list, as systemd does.
func parseUnitDeps(data []byte) unitDeps {
	var d unitDeps
	section := ""
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(strings.TrimSuffix(lines[i], "\r"))
		for strings.HasSuffix(l, "\\") && i+1 < len(lines) {
			i++
			next := strings.TrimSpace(strings.TrimSuffix(lines[i], "\r"))
			if strings.HasPrefix(next, "#") || strings.HasPrefix(next, ";") {
				continue // comments inside a continuation are skipped
			}
			l = strings.TrimSuffix(l, "\\") + " " + next
		}
		l = strings.TrimSuffix(l, "\\")
		if l == "" || l[0] == '#' || l[0] == ';' {
			continue
		}
		if l[0] == '[' {
			if j := strings.IndexByte(l, ']'); j > 0 {
				section = l[1:j]
			}
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		var list *[]string
		switch section + "." + k {
		case "Unit.Requires":
			list = &d.Requires
		case "Unit.Requisite":
			list = &d.Requisite
		case "Unit.BindsTo":
			list = &d.BindsTo
		case "Unit.PartOf":
			list = &d.PartOf
		case "Install.WantedBy":
			list = &d.WantedBy
		case "Install.RequiredBy":
			list = &d.RequiredBy
		case "Install.Also":
			list = &d.Also
		case "Install.Alias":
			list = &d.Alias
		default:
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			*list = nil
			continue
		}
		if len(*list)+len(f) <= 1024 {
			*list = append(*list, f...)
		}
	}
	return d
}

func serviceProbes(r ImpactRequest) []probe {
	return []probe{{label: "stops", what: "units that depend on it", run: func(x *impactRun) []ImpactItem { return x.unitItems(r) }}}
}

// unitFile is a unit found in the unit directories.
type unitFile struct {
	name, dir string
	link      string // the symlink's target when the file is one (an alias, or /dev/null: masked)
}

// findUnit finds a unit's file: the first unit directory that has it.
func (x *impactRun) findUnit(name string) (unitFile, bool) {
	for _, d := range unitDirs {
		p := d + "/" + name
		fi, err := x.h.lstat(p)
		if err != nil {
			continue
		}
		u := unitFile{name: name, dir: d}
		if fi.Mode()&os.ModeSymlink != 0 {
			u.link, _ = x.h.readlink(p)
		}
		return u, true
	}
	if at := strings.IndexByte(name, '@'); at > 0 {
		if dot := strings.LastIndexByte(name, '.'); dot > at+1 {
			if u, ok := x.findUnit(name[:at+1] + name[dot:]); ok {
				u.name = name
				return u, true
			}
		}
	}
	return unitFile{}, false
}

// unitDepsOf reads a unit's file and drop-ins.
func (x *impactRun) unitDepsOf(u unitFile, budget *int) unitDeps {
	var d unitDeps
	merge := func(o unitDeps) {
		d.Requires = append(d.Requires, o.Requires...)
		d.Requisite = append(d.Requisite, o.Requisite...)
		d.BindsTo = append(d.BindsTo, o.BindsTo...)
		d.PartOf = append(d.PartOf, o.PartOf...)
		d.WantedBy = append(d.WantedBy, o.WantedBy...)
		d.RequiredBy = append(d.RequiredBy, o.RequiredBy...)
		d.Also = append(d.Also, o.Also...)
		d.Alias = append(d.Alias, o.Alias...)
	}
	if *budget <= 0 {
		return d
	}
	*budget--
	if data, err := x.h.readFile(u.dir + "/" + u.name); err == nil {
		merge(parseUnitDeps(data))
	}
	for _, dir := range unitDirs {
		for _, n := range x.h.listDir(dir + "/" + u.name + ".d") {
			if !strings.HasSuffix(n, ".conf") || *budget <= 0 {
				continue
			}
			*budget--
			if data, err := x.h.readFile(dir + "/" + u.name + ".d/" + n); err == nil {
				merge(parseUnitDeps(data))
			}
		}
	}
	return d
}

// unitRunning says whether systemd runs a unit now, from the invocation
// link systemd (240 and later) keeps in /run/systemd/units; known is
// false when that directory is not there.
func (x *impactRun) unitRunning(name string) (running, known bool) {
	if !x.h.exists("/run/systemd/units") {
		return false, false
	}
	_, err := x.h.lstat("/run/systemd/units/invocation:" + name)
	return err == nil, true
}

// dependent is a unit that goes with the one at stake.
type dependent struct {
	name string
	how  []string // "Requires", "BindsTo"...
}

// unitItems measures a systemctl stop, disable or mask of each unit.
func (x *impactRun) unitItems(r ImpactRequest) []ImpactItem {
	var items []ImpactItem
	for _, raw := range r.Units {
		items = append(items, x.unitImpact(unitName(raw), r.Verb)...)
	}
	return items
}

func (x *impactRun) unitImpact(name, verb string) []ImpactItem {
	u, ok := x.findUnit(name)
	if !ok {
		return []ImpactItem{{Label: "stops", Text: "no unit file named " + name + " in " + strings.Join(unitDirs[:3], ", ") + " or /lib/systemd/system", Certainty: Exact}}
	}
	var items []ImpactItem
	names := []string{name}
	if u.link == "/dev/null" {
		items = append(items, ImpactItem{Label: "stops", Text: name + " is masked already", Certainty: Exact})
	} else if u.link != "" && strings.HasSuffix(path.Base(u.link), path.Ext(name)) && path.Base(u.link) != name {
		real := path.Base(u.link) // sshd.service -> ssh.service
		names = append(names, real)
		if ru, ok := x.findUnit(real); ok {
			u = ru
		}
	}
	budget := maxUnitFiles
	own := x.unitDepsOf(u, &budget)
	names = append(names, own.Alias...)
	var deps []dependent
	byName := map[string]int{}
	add := func(n, how string) {
		if slices.Contains(names, n) {
			return
		}
		i, ok := byName[n]
		if !ok {
			i = len(deps)
			byName[n] = i
			deps = append(deps, dependent{name: n})
		}
		if !slices.Contains(deps[i].how, how) {
			deps[i].how = append(deps[i].how, how)
		}
	}
	cut := false
	seen := map[string]bool{}
	for _, dir := range unitDirs {
		if x.late() || budget <= 0 {
			cut = true
			break
		}
		for _, n := range x.h.listDir(dir) {
			if x.late() || budget <= 0 {
				cut = true
				break
			}
			switch {
			case strings.HasSuffix(n, ".requires"):
				for _, m := range x.h.listDir(dir + "/" + n) {
					if slices.Contains(names, m) {
						add(strings.TrimSuffix(n, ".requires"), "Requires")
					}
				}
				budget--
				continue
			case strings.HasSuffix(n, ".wants"), strings.HasSuffix(n, ".d"), seen[n], slices.Contains(names, n):
				continue
			}
			if !isUnitFile(n) {
				continue
			}
			seen[n] = true
			d := x.unitDepsOf(unitFile{name: n, dir: dir}, &budget)
			for _, rel := range []struct {
				how  string
				list []string
			}{{"Requires", d.Requires}, {"BindsTo", d.BindsTo}, {"Requisite", d.Requisite}, {"PartOf", d.PartOf}} {
				for _, t := range rel.list {
					if slices.Contains(names, t) {
						add(n, rel.how)
					}
				}
			}
		}
	}
	// RequiredBy= of the unit itself, once enabled, is a .requires link: counted above
	sort.SliceStable(deps, func(i, j int) bool { return deps[i].name < deps[j].name })
	var list []string
	for _, d := range deps {
		s := d.name + " (" + strings.Join(d.how, ", ")
		if run, known := x.unitRunning(d.name); known && run {
			s += ", running"
		}
		list = append(list, s+")")
	}
	cert := Exact
	if cut {
		cert = AtLeast
	}
	switch verb {
	case "disable":
		items = append(items, x.enabledItem(name, names, own))
		if len(list) > 0 {
			items = append(items, ImpactItem{Label: "stops", Text: "still started by what requires it: " + listNames(list, len(list), 3), Certainty: cert})
		}
	case "mask":
		if len(list) > 0 {
			items = append(items, ImpactItem{Label: "stops", Text: fmt.Sprintf("%s that need it will fail to start: %s", pluralN(int64(len(list)), "unit", "units"), listNames(list, len(list), 3)), Certainty: cert})
		}
		items = append(items, x.enabledItem(name, names, own))
	default:
		switch {
		case len(list) > 0:
			items = append(items, ImpactItem{Label: "stops", Text: fmt.Sprintf("%s with it: %s", pluralN(int64(len(list)), "unit stops", "units stop"), listNames(list, len(list), 3)), Certainty: cert})
		case cut:
			items = append(items, ImpactItem{Label: "stops", Text: "units that depend on it: unknown (stopped at the time limit)", Certainty: Unknown})
		default:
			items = append(items, ImpactItem{Label: "stops", Text: "no other unit requires, binds to or is part of " + name, Certainty: Exact})
		}
	}
	if it, ok := x.sessionUnit(name, names); ok {
		items = append(items, it)
	}
	return items
}

// isUnitFile reports whether a directory entry names a unit.
func isUnitFile(n string) bool {
	for _, s := range unitSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// enabledItem says how the unit is enabled: the .wants and .requires
// links in /etc/systemd/system, and its [Install] section.
func (x *impactRun) enabledItem(name string, names []string, own unitDeps) ImpactItem {
	var by []string
	for _, n := range x.h.listDir("/etc/systemd/system") {
		if !strings.HasSuffix(n, ".wants") && !strings.HasSuffix(n, ".requires") {
			continue
		}
		for _, m := range x.h.listDir("/etc/systemd/system/" + n) {
			if slices.Contains(names, m) {
				by = append(by, strings.TrimSuffix(strings.TrimSuffix(n, ".wants"), ".requires"))
			}
		}
	}
	if len(by) == 0 {
		return ImpactItem{Label: "boot", Text: name + " is not enabled: it does not start at boot now", Certainty: Exact}
	}
	return ImpactItem{Label: "boot", Text: "enabled by " + listNames(by, len(by), 3) + ": it will not start at boot", Certainty: Exact}
}

// sessionUnit says whether the session you are in depends on the unit:
// sshd when you are on SSH, or a unit whose cgroup holds this process.
func (x *impactRun) sessionUnit(name string, names []string) (ImpactItem, bool) {
	if data, err := x.h.readFile("/proc/self/cgroup"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			_, cg, ok := strings.Cut(l, "::")
			if !ok {
				continue
			}
			for _, c := range splitPath(cg) {
				if slices.Contains(names, c) {
					return ImpactItem{Label: "session", Text: "your shell runs inside " + name + ": this session may end with it", Certainty: Exact}, true
				}
			}
		}
	}
	sshUnit := false
	for _, n := range names {
		switch n {
		case "ssh.service", "sshd.service", "ssh.socket", "sshd.socket", "sshd@.service", "ssh@.service":
			sshUnit = true
		}
	}
	if !sshUnit {
		return ImpactItem{}, false
	}
	if ok, d := x.h.sshSession(); ok {
		return ImpactItem{Label: "session", Text: "you are logged in through it (" + d + ")", Certainty: Exact}, true
	}
	return ImpactItem{}, false
}
