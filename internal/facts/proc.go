package facts

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// procTable reads /proc lazily: the list of pids once, then each process's
// comm, cmdline and stat on demand, each read at most once.
type procTable struct {
	h       *Host
	pids    []int
	listed  bool
	comm    map[int]string
	cmdline map[int][]string
	stat    map[int]procStat
	fds     *fdIndex
}

func (h *Host) procTable() *procTable {
	if h.procs == nil {
		h.procs = &procTable{h: h, comm: map[int]string{}, cmdline: map[int][]string{}, stat: map[int]procStat{}}
	}
	return h.procs
}

// list returns the pids under /proc, sorted.
func (t *procTable) list() []int {
	if t.listed {
		return t.pids
	}
	t.listed = true
	names, err := t.h.readDirNames("/proc")
	if err != nil {
		if !notExist(err) {
			t.h.problem("/proc: %s", errText(err))
		}
		return nil
	}
	for _, n := range names {
		if pid, err := strconv.Atoi(n); err == nil && pid > 0 {
			t.pids = append(t.pids, pid)
		}
	}
	sort.Ints(t.pids)
	return t.pids
}

// argv returns a process's command line, nil for a kernel thread or a process gone.
func (t *procTable) argv(pid int) []string {
	if a, ok := t.cmdline[pid]; ok {
		return a
	}
	data, err := t.h.readFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	var a []string
	if err == nil {
		a = parseProcCmdline(data)
	}
	t.cmdline[pid] = a
	return a
}

// name returns a process's name: /proc/PID/comm, else the stat comm, else argv[0]'s base name.
func (t *procTable) name(pid int) string {
	if c, ok := t.comm[pid]; ok {
		return c
	}
	c := ""
	if data, err := t.h.readFile(fmt.Sprintf("/proc/%d/comm", pid)); err == nil {
		c = strings.TrimRight(string(data), "\n")
	}
	if c == "" {
		if st, ok := t.procStat(pid); ok {
			c = st.Comm
		}
	}
	if c == "" {
		if a := t.argv(pid); len(a) > 0 {
			c = path.Base(a[0])
		}
	}
	t.comm[pid] = c
	return c
}

// procStat returns a process's parsed /proc/PID/stat (pid may be "self").
func (t *procTable) procStat(pid int) (procStat, bool) {
	if st, ok := t.stat[pid]; ok {
		return st, st.PID != 0
	}
	st, err := t.h.readStat(strconv.Itoa(pid))
	t.stat[pid] = st
	return st, err == nil
}

// readStat reads and parses /proc/ID/stat.
func (h *Host) readStat(id string) (procStat, error) {
	file := "/proc/" + id + "/stat"
	data, err := h.readFile(file)
	if err != nil {
		return procStat{}, err
	}
	st, err := parseProcStat(data)
	if err != nil {
		h.problem("%s: %v", file, err)
		return procStat{}, err
	}
	return st, nil
}

// parseProcCmdline splits /proc/PID/cmdline on NUL bytes.
func parseProcCmdline(data []byte) []string {
	data = bytes.TrimRight(data, "\x00")
	if len(data) == 0 {
		return nil
	}
	parts := bytes.Split(data, []byte{0})
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(p)
	}
	return out
}

// procStat is the part of /proc/PID/stat belay uses.
type procStat struct {
	PID   int
	Comm  string
	State byte
	PPID  int
}

// parseProcStat parses "pid (comm) state ppid ...": comm may hold spaces
// and parentheses, so it ends at the last ")".
func parseProcStat(data []byte) (procStat, error) {
	s := string(data)
	open := strings.IndexByte(s, '(')
	close := strings.LastIndexByte(s, ')')
	if open < 0 || close < open {
		return procStat{}, errors.New("no (comm) field")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(s[:open]))
	if err != nil || pid <= 0 {
		return procStat{}, fmt.Errorf("bad pid %s", quoteShort(strings.TrimSpace(s[:open])))
	}
	rest := strings.Fields(s[close+1:])
	if len(rest) < 2 || len(rest[0]) != 1 {
		return procStat{}, errors.New("missing state or ppid")
	}
	ppid, err := strconv.Atoi(rest[1])
	if err != nil || ppid < 0 {
		return procStat{}, fmt.Errorf("bad ppid %s", quoteShort(rest[1]))
	}
	return procStat{PID: pid, Comm: s[open+1 : close], State: rest[0][0], PPID: ppid}, nil
}

// fdRef is one open file descriptor of a process.
type fdRef struct {
	pid  int
	link string // the /proc/PID/fd/N link target
	fd   string // N
}

// fdIndex maps open-file link targets to the processes holding them.
type fdIndex struct {
	byPath     map[string][]fdRef
	byBase     map[string][]fdRef
	unreadable int // processes whose fds could not be read (not root)
}

// fdIndex reads every /proc/PID/fd link once.
func (t *procTable) fdIndex() *fdIndex {
	if t.fds != nil {
		return t.fds
	}
	idx := &fdIndex{byPath: map[string][]fdRef{}, byBase: map[string][]fdRef{}}
	t.fds = idx
	self := -1
	if t.h.real {
		self = os.Getpid()
	}
	pids := t.list()
	// The scan is one readlink per open file of every process: spread it
	// over a few goroutines, which mostly wait in system calls.
	workers := min(4, runtime.NumCPU(), len(pids)/32+1)
	type part struct {
		refs       []fdRef
		unreadable int
	}
	parts := make([]part, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &parts[w]
			for i := w; i < len(pids); i += workers {
				pid := pids[i]
				if pid == self {
					continue
				}
				dir := "/proc/" + strconv.Itoa(pid) + "/fd"
				fds, err := t.h.readDirNames(dir)
				if err != nil {
					if errors.Is(err, fs.ErrPermission) {
						p.unreadable++
					}
					continue
				}
				for _, fd := range fds {
					link, err := t.h.readlink(dir + "/" + fd)
					if err != nil || !strings.HasPrefix(link, "/") {
						continue // gone, or socket:[…], pipe:[…], anon_inode:…
					}
					p.refs = append(p.refs, fdRef{pid: pid, link: link, fd: fd})
				}
			}
		}()
	}
	wg.Wait()
	for _, p := range parts {
		idx.unreadable += p.unreadable
		for _, r := range p.refs {
			idx.byPath[r.link] = append(idx.byPath[r.link], r)
			idx.byBase[path.Base(r.link)] = append(idx.byBase[path.Base(r.link)], r)
		}
	}
	return idx
}

// holders returns the processes holding any of paths open (or, with
// under, a file under one of them), one per process and path. On the live
// host a link with the same base name is also compared by device and inode,
// which catches the same file seen through another mount or namespace.
func (t *procTable) holders(paths []string, under bool) []fdRef {
	idx := t.fdIndex()
	seen := map[string]bool{}
	var out []fdRef
	add := func(r fdRef) {
		k := strconv.Itoa(r.pid) + "\x00" + r.link
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	for _, p := range paths {
		for _, r := range idx.byPath[p] {
			add(r)
		}
	}
	if under {
		for link, refs := range idx.byPath {
			for _, p := range paths {
				if p == "/" || strings.HasPrefix(link, p+"/") {
					for _, r := range refs {
						add(r)
					}
					break
				}
			}
		}
	} else if t.h.real && len(paths) > 0 {
		want, err := os.Stat(paths[0])
		if err == nil {
			for _, r := range idx.byBase[path.Base(paths[0])] {
				if seen[strconv.Itoa(r.pid)+"\x00"+r.link] {
					continue
				}
				t.h.reads.Add(1)
				fi, err := os.Stat(fmt.Sprintf("/proc/%d/fd/%s", r.pid, r.fd))
				if err == nil && os.SameFile(want, fi) {
					r.link = paths[0] // the same file, under the asked name
					add(r)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].pid != out[j].pid {
			return out[i].pid < out[j].pid
		}
		return out[i].link < out[j].link
	})
	return out
}
