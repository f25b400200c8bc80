package facts

import (
	"fmt"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The probes of a delete or an overwrite: what is there (files, bytes,
// newest change, git work trees), who has it open, what is mounted there,
// and which guest uses it as a disk.

// maxGlob bounds the paths a glob is expanded to, maxGlobDir the entries
// read of one directory on the way.
const (
	maxGlob    = 10000
	maxGlobDir = 100000
)

// cleanTargets keeps the absolute targets, cleaned.
func cleanTargets(ts []ImpactTarget) []ImpactTarget {
	var out []ImpactTarget
	for _, t := range ts {
		if path.IsAbs(t.Path) {
			t.Path = path.Clean(t.Path)
			out = append(out, t)
		}
	}
	return out
}

func pathProbes(r ImpactRequest) []probe {
	ts := cleanTargets(r.Targets)
	if len(ts) == 0 {
		return []probe{{label: "files", what: "what is there", run: func(*impactRun) []ImpactItem {
			return []ImpactItem{{Label: "files", Text: "what is there: unknown (the path is only known when the command runs)", Certainty: Unknown}}
		}}}
	}
	return []probe{
		{label: "files", what: "what is there", run: func(x *impactRun) []ImpactItem { return x.contents(r.Kind, ts) }},
		{label: "open", what: "processes using it", run: func(x *impactRun) []ImpactItem { return x.openUnder(r.Kind, ts) }},
		{label: "mount", what: "mounts", run: func(x *impactRun) []ImpactItem { return x.mountsAt(r.Kind, ts) }},
		{label: "image", what: "guests using it", run: func(x *impactRun) []ImpactItem { return x.imageUse(r.Kind, ts) }},
	}
}

// canon returns host path p with its directories' symlinks resolved
// inside the root, and the last component too when follow is set.
func (h *Host) canon(p string, follow bool) string {
	p = path.Clean("/" + p)
	if p == "/" {
		return p
	}
	if follow {
		if res, _, err := h.walk("/", splitPath(p)); err == nil || notExist(err) {
			return res
		}
		return p
	}
	dir, base := path.Split(p)
	res, _, err := h.walk("/", splitPath(dir))
	if err != nil && !notExist(err) {
		return p
	}
	return path.Join(res, base)
}

// hasMeta reports whether a path component holds glob characters.
func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// globPrefix is the part of a pattern before its first glob component: the
// directory every match is under.
func globPrefix(pattern string) string {
	dir := "/"
	for _, c := range splitPath(pattern) {
		if hasMeta(c) {
			break
		}
		dir = path.Join(dir, c)
	}
	return dir
}

// matchComponent matches one path component as the shell does: a leading
// dot is matched only by a pattern that starts with one, [!...] negates.
func matchComponent(pat, name string) (bool, error) {
	if strings.HasPrefix(name, ".") && !strings.HasPrefix(pat, ".") {
		return false, nil
	}
	pat = strings.ReplaceAll(pat, "[!", "[^")
	return path.Match(pat, name)
}

// target is an impact target with its paths resolved for comparison.
type target struct {
	ImpactTarget
	canon string   // Path, its directories resolved (the last component too for an overwrite)
	comps []string // Glob: canon's components
}

// resolveTargets resolves targets inside the root: a delete removes a
// symlink itself, an overwrite writes through it.
func (x *impactRun) resolveTargets(kind ImpactKind, ts []ImpactTarget) []target {
	out := make([]target, 0, len(ts))
	for _, t := range ts {
		tt := target{ImpactTarget: t}
		if t.Glob {
			pre := globPrefix(t.Path)
			rest := strings.TrimPrefix(strings.TrimPrefix(t.Path, pre), "/")
			tt.canon = path.Join(x.h.canon(pre, true), rest)
			tt.comps = splitPath(tt.canon)
		} else {
			tt.canon = x.h.canon(t.Path, kind == ImpactOverwrite)
		}
		out = append(out, tt)
	}
	return out
}

// covers reports whether host path p is at stake: the target itself, or
// (recursive) below it; for a glob, a path whose leading components match.
func (t target) covers(p string, under bool) bool {
	if t.Glob {
		pc := splitPath(p)
		if len(pc) < len(t.comps) || len(pc) > len(t.comps) && !under {
			return false
		}
		for i, c := range t.comps {
			if ok, err := matchComponent(c, pc[i]); err != nil || !ok {
				if c != pc[i] {
					return false
				}
			}
		}
		return true
	}
	if p == t.canon {
		return true
	}
	return under && (t.canon == "/" || strings.HasPrefix(p, t.canon+"/"))
}

// where names the targets in a sentence: "/var/www", "/var/www/*", "them".
func where(ts []target) string {
	if len(ts) == 1 {
		return ts[0].Path
	}
	return "them"
}

// globBounded expands a host path pattern as the shell would, at most
// limit matches, stopping at the deadline; the matches are host paths,
// sorted.
func (h *Host) globBounded(pattern string, limit int, deadline time.Time) (matches []string, cut bool, err error) {
	cur := []string{"/"}
	comps := splitPath(pattern)
	for i, c := range comps {
		last := i == len(comps)-1
		var next []string
		for _, dir := range cur {
			if time.Now().After(deadline) {
				return nil, true, nil
			}
			if !hasMeta(c) {
				p := path.Join(dir, c)
				if last {
					if _, err := h.lstat(p); err != nil {
						continue
					}
				}
				next = append(next, p)
				continue
			}
			if _, err := path.Match(strings.ReplaceAll(c, "[!", "[^"), ""); err != nil {
				return nil, false, err
			}
			h.reads.Add(1)
			real, err := h.p(dir)
			if err != nil {
				continue
			}
			names, short, err := readDirLimited(real, maxGlobDir, deadline)
			if err != nil {
				continue
			}
			if short {
				cut = true
			}
			sort.Strings(names)
			for _, n := range names {
				if ok, _ := matchComponent(c, n); ok {
					if len(next) >= limit {
						return append(cur[:0:0], next...), true, nil
					}
					next = append(next, path.Join(dir, n))
				}
			}
		}
		cur = next
		if len(cur) == 0 {
			break
		}
	}
	return cur, cut, nil
}

// treeCount is what a bounded walk of the targets found.
type treeCount struct {
	entries, files, dirs int64
	bytes                uint64
	newest               int64 // unix nanoseconds of the newest non-directory
	newestPath           string
	cut                  string // why the walk stopped early; "" if it did not
	unreadable           int    // directories that could not be read
	repos                []*repo
	kinds                map[string]int // what the roots were: "file", "dir", "link", "missing"...
	link                 string         // the target of a lone symlink root
	single               os.FileInfo    // the lone root, when it is not a directory
}

// repo is a git work tree met on the walk.
type repo struct {
	dir   string // its host path
	index int64  // .git/index mtime in unix nanoseconds; 0 if none
	bare  bool   // .git is a file (a linked work tree or submodule): its index is elsewhere
	newer int64  // files modified after the index was written
}

// walker walks directory trees with raw system calls: one open per
// directory, one fstatat per entry, never following a symlink (as rm does
// not), within the entry and time budgets.
type walker struct {
	x     *impactRun
	c     treeCount
	buf   []byte
	repos map[string]*repo // enclosingRepo's answers by directory
}

type dirJob struct {
	real, host string
	repo       *repo
	inGit      bool
}

func (w *walker) stop() bool {
	if w.c.cut != "" {
		return true
	}
	switch {
	case w.c.entries >= int64(w.x.limit):
		w.c.cut = fmt.Sprintf("stopped counting at %s entries", commas(int64(w.x.limit)))
	case time.Now().After(w.x.tree):
		w.c.cut = fmt.Sprintf("counted for %s", w.x.tree.Sub(w.x.start).Round(time.Millisecond))
	}
	return w.c.cut != ""
}

// enclosingRepo finds the git work tree a host directory is in, looking
// at its and its ancestors' .git (bounded by the path's depth).
func (w *walker) enclosingRepo(dir string) *repo {
	if r, ok := w.repos[dir]; ok {
		return r
	}
	var r *repo
	if fi, err := w.x.h.lstat(path.Join(dir, ".git")); err == nil {
		r = &repo{dir: dir, bare: !fi.IsDir()}
		if fi.IsDir() {
			if ix, err := w.x.h.lstat(path.Join(dir, ".git", "index")); err == nil {
				r.index = ix.ModTime().UnixNano()
			}
		}
	} else if dir != "/" {
		r = w.enclosingRepo(path.Dir(dir))
	}
	w.repos[dir] = r
	return r
}

// root counts one root of the walk (a target or a glob match).
func (w *walker) root(hostPath string, recursive, follow bool) {
	if w.stop() {
		return
	}
	real, err := w.x.h.under(hostPath, follow)
	var fi os.FileInfo
	if err == nil {
		w.x.h.reads.Add(1)
		if follow {
			fi, err = os.Stat(real)
		} else {
			fi, err = os.Lstat(real)
		}
	}
	if err != nil {
		if notExist(err) {
			w.c.kinds["missing"]++
		} else {
			w.c.kinds["unreadable"]++
		}
		return
	}
	w.c.entries++
	rp := w.enclosingRepo(path.Dir(hostPath))
	if fi.IsDir() {
		w.c.dirs++
		w.c.kinds["dir"]++
		if fi.Name() == ".git" {
			rp = nil
		}
		if recursive && !kernelView(hostPath) {
			w.tree(dirJob{real: real, host: hostPath, repo: rp, inGit: path.Base(hostPath) == ".git"})
		} else if rp != nil {
			w.addRepo(rp)
		}
		return
	}
	kind := "file"
	if fi.Mode()&os.ModeSymlink != 0 {
		kind = "link"
		w.c.link, _ = w.x.h.readlink(hostPath)
	} else if fi.Mode()&(os.ModeDevice|os.ModeCharDevice) != 0 {
		kind = "device"
	}
	w.c.kinds[kind]++
	w.c.single = fi
	w.file(hostPath, fi.Mode().IsRegular(), uint64(max(fi.Size(), 0)), fi.ModTime().UnixNano(), rp, false)
}

func (w *walker) addRepo(r *repo) {
	for _, o := range w.c.repos {
		if o.dir == r.dir {
			return
		}
	}
	w.c.repos = append(w.c.repos, r)
}

// file counts one non-directory.
func (w *walker) file(host string, regular bool, size uint64, mtime int64, rp *repo, inGit bool) {
	w.c.files++
	if regular {
		w.c.bytes += size
	}
	// git's own files change on every git command: the newest work is elsewhere
	if !inGit && (mtime > w.c.newest || w.c.newestPath == "") {
		w.c.newest, w.c.newestPath = mtime, host
	}
	if rp != nil && !inGit && !rp.bare && regular && mtime > rp.index {
		rp.newer++
	}
	if rp != nil {
		w.addRepo(rp)
	}
}

// kernelView says whether a host directory is /proc or /sys, the kernel's
// views of processes and devices: what rm -r does there is refused by the
// kernel, and counting their entries as files at stake (thousands, all
// "changed 0 seconds ago") would hide the files that are.
func kernelView(host string) bool { return host == "/proc" || host == "/sys" }

// tree walks a directory depth first, one directory open at a time.
func (w *walker) tree(top dirJob) {
	stack := []dirJob{top}
	if w.buf == nil {
		w.buf = make([]byte, 32<<10)
	}
	var names []string
	for len(stack) > 0 && !w.stop() {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		w.x.h.reads.Add(1)
		fd, err := unix.Open(j.real, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
		if err != nil {
			w.c.unreadable++
			continue
		}
		// a work tree starts here: look before the entries, whose order is the filesystem's
		if !j.inGit {
			var st unix.Stat_t
			if unix.Fstatat(fd, ".git", &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
				r := &repo{dir: j.host, bare: st.Mode&unix.S_IFMT != unix.S_IFDIR}
				if !r.bare && unix.Fstatat(fd, ".git/index", &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
					r.index = st.Mtim.Nano()
				}
				j.repo = r
				w.addRepo(r)
			}
		}
		var subdirs []dirJob
		for !w.stop() {
			n, err := unix.Getdents(fd, w.buf)
			if err == unix.EINTR {
				continue
			}
			if err != nil || n <= 0 {
				break
			}
			w.x.h.reads.Add(1)
			names = names[:0]
			_, _, names = syscall.ParseDirent(w.buf[:n], -1, names)
			for i, name := range names {
				if i&127 == 127 && w.stop() {
					break
				}
				if w.c.entries >= int64(w.x.limit) {
					w.stop()
					break
				}
				var st unix.Stat_t
				if unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
					continue // gone meanwhile
				}
				w.c.entries++
				host := path.Join(j.host, name)
				if st.Mode&unix.S_IFMT == unix.S_IFDIR {
					w.c.dirs++
					if kernelView(host) {
						continue
					}
					subdirs = append(subdirs, dirJob{real: j.real + "/" + name, host: host, repo: j.repo, inGit: j.inGit || name == ".git"})
					continue
				}
				w.file(host, st.Mode&unix.S_IFMT == unix.S_IFREG, uint64(max(st.Size, 0)), st.Mtim.Nano(), j.repo, j.inGit)
			}
		}
		unix.Close(fd)
		// reversed, so that the walk goes through a directory in its entry order
		for i := len(subdirs) - 1; i >= 0; i-- {
			stack = append(stack, subdirs[i])
		}
	}
}

// contents measures what the targets hold.
func (x *impactRun) contents(kind ImpactKind, ts []ImpactTarget) []ImpactItem {
	var items []ImpactItem
	w := &walker{x: x, c: treeCount{kinds: map[string]int{}}, repos: map[string]*repo{}}
	var roots []string
	for _, t := range ts {
		if !t.Glob {
			roots = append(roots, t.Path)
			w.root(t.Path, t.Recursive, kind == ImpactOverwrite)
			continue
		}
		ms, cut, err := x.h.globBounded(t.Path, maxGlob, x.soft)
		switch {
		case err != nil:
			items = append(items, ImpactItem{Label: "glob", Text: t.Path + ": not a pattern the shell can expand here", Certainty: Unknown})
		case cut && len(ms) == 0:
			items = append(items, ImpactItem{Label: "glob", Text: t.Path + ": what it matches is unknown (ran out of time)", Certainty: Unknown})
		case cut:
			items = append(items, ImpactItem{Label: "glob", Text: fmt.Sprintf("%s matches at least %s now", t.Path, pluralN(int64(len(ms)), "path", "paths")), Certainty: AtLeast})
		case len(ms) == 0:
			items = append(items, ImpactItem{Label: "glob", Text: t.Path + " matches nothing now (the command gets the pattern itself)", Certainty: Exact})
		default:
			items = append(items, ImpactItem{Label: "glob", Text: fmt.Sprintf("%s matches %s now", t.Path, pluralN(int64(len(ms)), "path", "paths")), Certainty: Exact})
		}
		for _, m := range ms {
			roots = append(roots, m)
			w.root(m, t.Recursive, kind == ImpactOverwrite)
		}
	}
	if len(roots) == 0 {
		return items
	}
	c := &w.c
	// newest is named from where the person looks: the target, or the directory a glob lists
	var bases []string
	for _, t := range ts {
		if t.Glob {
			bases = append(bases, globPrefix(t.Path))
		} else {
			bases = append(bases, t.Path)
		}
	}
	base := commonDir(bases)
	if len(roots) == 1 && c.kinds["dir"] == 0 && !ts[0].Glob {
		base = path.Dir(roots[0])
	}
	cert := Exact
	if c.cut != "" {
		cert = AtLeast
	}
	now := x.h.now()
	newest := ""
	if c.newestPath != "" {
		label := "newest"
		if c.cut != "" {
			label = "newest seen"
		}
		newest = fmt.Sprintf("%s: %s, %s", label, relName(base, c.newestPath), ago(now, time.Unix(0, c.newest)))
	}
	var text string
	switch {
	case c.cut != "" && c.entries == 0:
		text, cert = "what is there: unknown (ran out of time before the first entry)", Unknown
	case len(roots) == 1 && c.kinds["missing"] == 1:
		text = roots[0] + " does not exist"
		if kind == ImpactOverwrite {
			text += " yet: nothing is overwritten"
		}
	case len(roots) == 1 && c.kinds["unreadable"] == 1:
		text, cert = roots[0]+": what is there is unknown (cannot be read)", Unknown
	case len(roots) == 1 && c.kinds["link"] == 1 && kind == ImpactDelete:
		text = fmt.Sprintf("%s is a symbolic link to %s: the link goes, not what it points to", roots[0], c.link)
	case len(roots) == 1 && c.single != nil:
		what := "a file"
		if c.kinds["device"] == 1 {
			what = "a device file"
		}
		text = fmt.Sprintf("%s of %s, last changed %s", what, humanBytes(c.bytes), ago(now, c.single.ModTime()))
	case len(roots) == 1 && c.kinds["dir"] == 1 && c.entries == 1 && c.cut == "":
		text = "an empty directory"
		if !ts[0].Recursive {
			text = "a directory"
		}
	default:
		text = fmt.Sprintf("%s in %s, %s", pluralN(c.files, "file", "files"), pluralN(c.dirs, "directory", "directories"), humanBytes(c.bytes))
		if c.cut != "" {
			text = "at least " + text + " (" + c.cut + ")"
		}
		if newest != "" {
			text += "; " + newest
		}
		if n := c.kinds["missing"]; n > 0 && len(roots) > 1 {
			text += fmt.Sprintf("; %d of the paths do not exist", n)
		}
	}
	if c.unreadable > 0 {
		text += fmt.Sprintf(" (%s could not be read)", pluralN(int64(c.unreadable), "directory", "directories"))
		if cert == Exact {
			cert = AtLeast
		}
	}
	items = append(items, ImpactItem{Label: "files", Text: text, Certainty: cert})
	if it, ok := repoItem(c); ok {
		items = append(items, it)
	}
	return items
}

// repoItem says which git work trees the walk met and how many files in
// them were modified after their .git/index was last written: what `git
// status` would most likely show as changed. It does not read the index.
func repoItem(c *treeCount) (ImpactItem, bool) {
	if len(c.repos) == 0 {
		return ImpactItem{}, false
	}
	cert := Exact
	if c.cut != "" {
		cert = AtLeast
	}
	var newer int64
	linked := 0
	var names []string
	for _, r := range c.repos {
		newer += r.newer
		if r.bare {
			linked++
		}
		names = append(names, r.dir)
	}
	atLeast := ""
	if c.cut != "" {
		atLeast = "at least "
	}
	var text string
	if len(c.repos) == 1 {
		r := c.repos[0]
		text = "git work tree " + r.dir + ": "
		switch {
		case r.bare:
			text += "its index is in another directory (linked work tree or submodule): changes not compared"
			cert = Unknown
		case r.index == 0:
			text += "no .git/index: nothing staged or committed yet"
		case r.newer == 0 && c.cut == "":
			text += "no file modified after .git/index was last written"
		default:
			text += fmt.Sprintf("%s%s modified after .git/index was last written (uncommitted work likely)", atLeast, pluralN(r.newer, "file", "files"))
		}
		return ImpactItem{Label: "git", Text: text, Certainty: cert}, true
	}
	text = fmt.Sprintf("%d git work trees (%s): %s%s modified after their .git/index was last written", len(c.repos), listNames(names, len(names), 3), atLeast, pluralN(newer, "file", "files"))
	if linked > 0 {
		text += fmt.Sprintf(" (%d linked work trees not compared)", linked)
	}
	return ImpactItem{Label: "git", Text: text, Certainty: cert}, true
}

// commonDir is the deepest directory holding all the paths.
func commonDir(ps []string) string {
	if len(ps) == 0 {
		return "/"
	}
	c := ps[0]
	for _, p := range ps[1:] {
		for c != "/" && p != c && !strings.HasPrefix(p, strings.TrimSuffix(c, "/")+"/") {
			c = path.Dir(c)
		}
	}
	return c
}

// procUse is how one process uses the targets.
type procUse struct {
	pid, ppid int
	name      string
	parent    string // the parent's name
	files     int    // open files at stake
	cwd, exe  bool   // works in it, runs a program from it
	guest     string
}

// openUnder finds the processes that have files open at stake, work in
// it, or run a program from it, from /proc/PID/fd, cwd and exe.
func (x *impactRun) openUnder(kind ImpactKind, ts []ImpactTarget) []ImpactItem {
	tgs := x.resolveTargets(kind, ts)
	under := func(p string) bool {
		for _, t := range tgs {
			if t.covers(p, t.Recursive || t.Glob) {
				return true
			}
		}
		return false
	}
	// a file overwritten or deleted alone counts when open itself; a tree when anything in it is
	tbl := x.h.procTable()
	self := -1
	if x.h.real {
		self = os.Getpid()
	}
	var uses []procUse
	unreadable, cut := 0, false
	for _, pid := range tbl.list() {
		if x.late() {
			cut = true
			break
		}
		if pid == self {
			continue
		}
		dir := "/proc/" + strconv.Itoa(pid)
		u := procUse{pid: pid}
		if l, err := x.h.readlink(dir + "/cwd"); err == nil && under(l) {
			u.cwd = true
		}
		if l, err := x.h.readlink(dir + "/exe"); err == nil && under(strings.TrimSuffix(l, " (deleted)")) {
			u.exe = true
		}
		fds, err := x.h.readDirNames(dir + "/fd")
		if err != nil && isPermission(err) {
			unreadable++
		}
		for i, fd := range fds {
			if i&255 == 255 && x.late() {
				cut = true
				break
			}
			l, err := x.h.readlink(dir + "/fd/" + fd)
			if err == nil && strings.HasPrefix(l, "/") && under(strings.TrimSuffix(l, " (deleted)")) {
				u.files++
			}
		}
		if u.files > 0 || u.cwd || u.exe {
			argv := tbl.argv(pid)
			if len(argv) == 0 {
				continue // a kernel thread: its cwd is / and it has no files
			}
			u.name = tbl.name(pid)
			if st, ok := tbl.procStat(pid); ok {
				u.ppid = st.PPID
				if u.ppid > 1 {
					u.parent = tbl.name(u.ppid)
				}
			}
			if isQemuName(path.Base(argv[0])) {
				u.guest, _ = parseQemuArgs(argv)
			}
			uses = append(uses, u)
		}
	}
	if len(uses) == 0 {
		if cut || unreadable > 0 {
			return []ImpactItem{{Label: "open", Text: "processes using it: unknown" + readNote(cut, unreadable), Certainty: Unknown}}
		}
		return nil
	}
	cert := Exact
	if cut || unreadable > 0 {
		cert = AtLeast
	}
	how := "under"
	switch {
	case len(tgs) == 1 && !tgs[0].Recursive && !tgs[0].Glob:
		how = "it"
	case len(tgs) == 1 && !tgs[0].Recursive:
		how = "them"
	}
	return []ImpactItem{{Label: "open", Text: describeUses(uses, where(tgs), how) + readNote(cut, unreadable), Certainty: cert}}
}

func isPermission(err error) bool {
	return err != nil && (os.IsPermission(err) || strings.Contains(err.Error(), "permission denied"))
}

// readNote says why a process scan may have missed some.
func readNote(cut bool, unreadable int) string {
	var parts []string
	if cut {
		parts = append(parts, "stopped at the time limit")
	}
	if unreadable > 0 {
		parts = append(parts, pluralN(int64(unreadable), "process", "processes")+" not readable: not root")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// describeUses groups processes by name: a parent and its children of the
// same name are one service, "nginx (pid 812, 4 workers)". how says what
// the files are: "it" (the one file at stake), "them" (matches of a
// glob), "under" (files in a tree).
func describeUses(uses []procUse, where, how string) string {
	byName := map[string][]procUse{}
	var order []string
	for _, u := range uses {
		key := u.name
		if u.guest != "" {
			key = "guest " + u.guest
		}
		if _, ok := byName[key]; !ok {
			order = append(order, key)
		}
		byName[key] = append(byName[key], u)
	}
	// the heaviest users first: the service serving from it before a shell in it
	files := func(key string) int {
		n := 0
		for _, u := range byName[key] {
			n += u.files
		}
		return n
	}
	sort.SliceStable(order, func(i, j int) bool { return files(order[i]) > files(order[j]) })
	var parts []string
	for _, key := range order {
		g := byName[key]
		pids := map[int]bool{}
		for _, u := range g {
			pids[u.pid] = true
		}
		main := g[0]
		for _, u := range g {
			if !pids[u.ppid] {
				main = u
				break
			}
		}
		workers := 0
		files, cwd, exe := 0, false, false
		for _, u := range g {
			if u.pid != main.pid && pids[u.ppid] {
				workers++
			}
			files += u.files
			cwd = cwd || u.cwd
			exe = exe || u.exe
		}
		// workers whose master (of the same name) holds nothing there itself
		siblings := len(g) > 0 && g[0].parent == g[0].name && g[0].guest == ""
		for _, u := range g {
			siblings = siblings && u.ppid == g[0].ppid
		}
		who := fmt.Sprintf("%s (pid %d", key, main.pid)
		if main.guest != "" {
			who = fmt.Sprintf("%s (%s pid %d", key, main.name, main.pid)
		}
		switch others := len(g) - 1; {
		case siblings:
			who = fmt.Sprintf("%s (pid %d, %s", key, g[0].ppid, pluralN(int64(len(g)), "worker", "workers"))
		case others == 0:
		case workers == others:
			who += ", " + pluralN(int64(workers), "worker", "workers")
		default:
			who += fmt.Sprintf(" and %d more", others)
		}
		who += ")"
		var does []string
		switch {
		case files == 0:
		case how == "it":
			does = append(does, "has it open")
		case how == "them":
			does = append(does, fmt.Sprintf("has %d of them open", files))
		default:
			does = append(does, fmt.Sprintf("has %s open under %s", pluralN(int64(files), "file", "files"), where))
		}
		if exe {
			does = append(does, "runs a program from there")
		}
		if cwd {
			does = append(does, "works in it")
		}
		parts = append(parts, who+" "+strings.Join(does, " and "))
	}
	s := strings.Join(parts[:min(len(parts), 3)], "; ")
	if len(parts) > 3 {
		s += fmt.Sprintf("; and %d more", len(parts)-3)
	}
	return s
}

// fsSize gives the size of the filesystem at a mount point, through the
// Statfs seam; on a fake root without one it is unknown.
func (h *Host) fsSize(mp string) (uint64, bool) {
	if h.opt.Statfs != nil {
		n, err := h.opt.Statfs(mp)
		return n, err == nil
	}
	if !h.real {
		return 0, false
	}
	var st unix.Statfs_t
	if unix.Statfs(mp, &st) != nil || st.Bsize <= 0 {
		return 0, false
	}
	return st.Blocks * uint64(st.Bsize), true
}

// mountsAt says whether a target is a mount point and which mounts are below it.
func (x *impactRun) mountsAt(kind ImpactKind, ts []ImpactTarget) []ImpactItem {
	tgs := x.resolveTargets(kind, ts)
	ms := x.h.mountList()
	seen := map[string]bool{}
	var items []ImpactItem
	for _, t := range tgs {
		var at *mountEntry
		var below []mountEntry
		for i := range ms {
			m := &ms[i]
			if seen[m.MountPoint] && m.MajMin == "" {
				continue // /proc/mounts repeats mountinfo
			}
			if m.MajMin != "" {
				seen[m.MountPoint] = true
			}
			switch {
			case !t.Glob && m.MountPoint == t.canon:
				at = m // the last one mounted there is what is seen
			case t.covers(m.MountPoint, t.Recursive || t.Glob) && m.MountPoint != t.canon:
				if t.Recursive {
					below = appendMount(below, *m)
				}
			}
		}
		if at == nil && len(below) == 0 {
			continue
		}
		var text string
		if at != nil {
			text = fmt.Sprintf("%s is the mount point of %s", t.Path, x.fsDesc(*at))
		}
		if len(below) > 0 {
			var names []string
			for _, m := range below {
				names = append(names, m.MountPoint+" ("+m.FSType+")")
			}
			list := listNames(names, len(names), 3)
			if text != "" {
				text += fmt.Sprintf("; %s below: %s", pluralN(int64(len(below)), "more mount", "more mounts"), list)
			} else {
				text = fmt.Sprintf("%s below %s: %s", pluralN(int64(len(below)), "mount", "mounts"), t.Path, list)
			}
			if kind == ImpactDelete && len(below) == 1 {
				text += "; rm -r empties it too"
			} else if kind == ImpactDelete {
				text += "; rm -r empties them too"
			}
		}
		items = append(items, ImpactItem{Label: "mount", Text: text, Certainty: Exact})
	}
	return items
}

func appendMount(ms []mountEntry, m mountEntry) []mountEntry {
	for _, o := range ms {
		if o.MountPoint == m.MountPoint {
			return ms
		}
	}
	return append(ms, m)
}

// fsDesc names a mounted filesystem: "/dev/vdb1 (ext4, 40 GB)".
func (x *impactRun) fsDesc(m mountEntry) string {
	d := m.Source + " (" + m.FSType
	if n, ok := x.h.fsSize(m.MountPoint); ok && n > 0 {
		d += ", " + humanBytes(n)
	}
	return d + ")"
}

// imageUse says which running guests use a target (or a file under it) as
// a disk, and which loop devices and swap use it.
func (x *impactRun) imageUse(kind ImpactKind, ts []ImpactTarget) []ImpactItem {
	tgs := x.resolveTargets(kind, ts)
	at := func(p string) bool {
		for _, t := range tgs {
			if t.covers(p, t.Recursive || t.Glob) {
				return true
			}
		}
		return false
	}
	var why []string
	add := func(s string) {
		if !slices.Contains(why, s) {
			why = append(why, s)
		}
	}
	guests := map[string]bool{}
	for _, d := range x.h.libvirtDomains() {
		for _, disk := range d.Disks {
			if at(disk) {
				guests[d.Name] = true
				add(fmt.Sprintf("disk of running guest %s%s", d.Name, stateNote(d.State)))
			}
		}
	}
	for _, q := range x.h.qemuProcs() {
		if x.late() {
			break
		}
		for _, disk := range q.disks {
			if !at(disk) || q.name != "" && guests[q.name] {
				continue
			}
			if q.name != "" {
				add(fmt.Sprintf("disk of running guest %s (%s pid %d)%s", q.name, q.comm, q.pid, stateNote(x.qemuState(q.pid))))
			} else {
				add(fmt.Sprintf("disk of a running guest: %s (pid %d)", q.comm, q.pid))
			}
		}
	}
	for _, l := range x.h.loopDevs() {
		if at(path.Clean(l.Backing)) {
			add("backing file of " + l.Dev)
		}
	}
	for _, s := range x.h.swapList() {
		if at(path.Clean(s.Filename)) {
			add("in use as swap")
		}
	}
	if len(why) == 0 {
		return nil
	}
	text := strings.Join(why[:min(len(why), 3)], "; ")
	if len(why) > 3 {
		text += fmt.Sprintf("; and %d more", len(why)-3)
	}
	if len(tgs) > 1 || tgs[0].Recursive || tgs[0].Glob {
		text = "holds a " + text
	}
	return []ImpactItem{{Label: "image", Text: text, Certainty: Exact}}
}

// stateNote says a guest's state when it is not simply running.
func stateNote(state string) string {
	if state == "" || state == "running" {
		return ""
	}
	return " (" + state + ")"
}

// qemuState says a qemu process's state from /proc/PID/stat: "" while it
// runs, "stopped" when stopped by a signal or a debugger.
func (x *impactRun) qemuState(pid int) string {
	st, ok := x.h.procTable().procStat(pid)
	if !ok {
		return ""
	}
	switch st.State {
	case 'T', 't':
		return "stopped"
	case 'Z':
		return "exiting"
	}
	return ""
}
