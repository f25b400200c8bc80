package facts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/belay-sh/belay/internal/facts/elf"
	"github.com/belay-sh/belay/internal/lazy"
)

// InitStatus is the init the kernel would run and whether it can start.
type InitStatus struct {
	Path     string `json:"path"`               // the init asked for: init= or the first default that exists
	Source   string `json:"source"`             // "kernel command line" or "default"
	Resolved string `json:"resolved,omitempty"` // where Path leads inside the root
	CanStart bool   `json:"can_start"`
	Detail   string `json:"detail"`               // "/sbin/init -> /lib/systemd/systemd" or what is wrong
	Libs     int    `json:"libs_found,omitempty"` // shared libraries found for it, transitively
}

// defaultInits are the paths the kernel tries, in order, when init= is not given.
var defaultInits = []string{"/sbin/init", "/etc/init", "/bin/init"}

// Bounds on the init check.
const (
	maxInterpDepth = 4   // nested #! interpreters, as the kernel allows
	maxLibs        = 512 // shared objects checked per executable
)

func (h *Host) initStatus() InitStatus {
	if h.initSt == nil {
		st := h.probeInit()
		h.initSt = &st
	}
	return *h.initSt
}

// probeInit finds the init the kernel would run and checks it. With init=
// on the kernel command line the kernel runs that or panics. Otherwise it
// tries /sbin/init, /etc/init, /bin/init, and if none can start it runs
// /bin/sh: the box boots to a bare shell on the console, which for a server
// means it does not come back, so that counts as "cannot start".
func (h *Host) probeInit() InitStatus {
	data, err := h.readFile("/proc/cmdline")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		h.problem("/proc/cmdline: %s", errText(err))
	}
	if init, ok := kernelInit(string(data)); ok {
		st := InitStatus{Path: init, Source: "kernel command line"}
		if !path.IsAbs(init) {
			st.Detail = fmt.Sprintf("init=%s on the kernel command line is not an absolute path", init)
			return st
		}
		h.checkInit(&st)
		return st
	}
	var first *InitStatus
	for _, c := range defaultInits {
		st := InitStatus{Path: c, Source: "default"}
		if !h.entryExists(c) {
			continue
		}
		h.checkInit(&st)
		if st.CanStart {
			return st
		}
		if first == nil {
			first = &st
		}
	}
	const fallback = " (the kernel would fall back to /bin/sh)"
	if first != nil {
		first.Detail += fallback
		return *first
	}
	st := InitStatus{Path: defaultInits[0], Source: "default"}
	h.checkInit(&st)
	st.Detail += " (no " + strings.Join(defaultInits[1:], " or ") + " either; the kernel would fall back to /bin/sh)"
	return st
}

// entryExists reports whether the directory entry name exists inside the
// root (a dangling symlink exists).
func (h *Host) entryExists(name string) bool {
	dir, err := h.resolveDir(path.Dir(name))
	if err != nil {
		return false
	}
	_, err = h.lstat(path.Join(dir, path.Base(name)))
	return err == nil
}

// checkInit fills in st for st.Path.
func (h *Host) checkInit(st *InitStatus) {
	c := &execCheck{h: h, seen: map[string]bool{}}
	res, prob := c.check(st.Path, 0)
	st.Resolved = res
	st.Libs = c.libs
	if prob != "" {
		st.Detail = prob
		return
	}
	st.CanStart = true
	st.Detail = arrow(st.Path, res)
}

// execCheck checks that a program could be executed from the root.
type execCheck struct {
	h    *Host
	seen map[string]bool // libraries already found, by name
	libs int
}

// check returns what name resolves to and, if it cannot run, why.
func (c *execCheck) check(name string, depth int) (string, string) {
	h := c.h
	res, fi, err := h.resolve(name)
	who := arrow(name, res)
	if err != nil {
		return res, fmt.Sprintf("%s: %s", who, errText(err))
	}
	if !fi.Mode().IsRegular() {
		return res, who + ": not a regular file"
	}
	if fi.Mode().Perm()&0o111 == 0 {
		return res, who + ": not executable"
	}
	h.reads.Add(1)
	fd, err := openRaw(h.join(res), 0)
	if err != nil {
		return res, fmt.Sprintf("%s: %s", who, errText(err))
	}
	defer syscall.Close(fd)
	f := fdReaderAt(fd)
	head := make([]byte, 256) // the kernel's BINPRM_BUF_SIZE
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return res, fmt.Sprintf("%s: %s", who, errText(err))
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("#!")):
		interp := shebang(head)
		if interp == "" {
			return res, who + ": empty #! line"
		}
		if depth >= maxInterpDepth {
			return res, who + ": too many levels of #! interpreters"
		}
		_, prob := c.check(interp, depth+1)
		if prob != "" {
			return res, interpProblem(who, interp, prob)
		}
		return res, ""
	case bytes.HasPrefix(head, []byte(elf.ELFMAG)):
		info, err := inspectELF(f)
		if err != nil {
			return res, fmt.Sprintf("%s: bad ELF file: %v", who, err)
		}
		if info.typ != elf.ET_EXEC && info.typ != elf.ET_DYN {
			return res, fmt.Sprintf("%s: ELF type %v is not executable", who, info.typ)
		}
		if info.interp != "" {
			if prob := c.checkInterp(info); prob != "" {
				return res, interpProblem(who, info.interp, prob)
			}
		}
		if prob := c.checkLibs(res, info); prob != "" {
			return res, prob
		}
		return res, ""
	}
	return res, who + ": neither an ELF binary nor a #! script"
}

// interpProblem phrases a problem with an interpreter.
func interpProblem(who, interp, prob string) string {
	if strings.HasSuffix(prob, ": no such file") || strings.HasSuffix(prob, ": not a directory") {
		return fmt.Sprintf("%s: interpreter %s missing", who, interp)
	}
	return fmt.Sprintf("%s: interpreter %s", who, prob)
}

// shebang returns the interpreter named on a #! line.
func shebang(head []byte) string {
	line := head[2:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(strings.TrimRight(string(line), "\r"))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// checkInterp checks an ELF interpreter (the dynamic loader) is there, is
// executable and is an ELF object of the same class and machine.
func (c *execCheck) checkInterp(exe elfInfo) string {
	h := c.h
	res, fi, err := h.resolve(exe.interp)
	who := arrow(exe.interp, res)
	if err != nil {
		return fmt.Sprintf("%s: %s", who, errText(err))
	}
	if !fi.Mode().IsRegular() {
		return who + ": not a regular file"
	}
	if fi.Mode().Perm()&0o111 == 0 {
		return who + ": not executable"
	}
	info, err := h.readELF(res)
	if err != nil {
		return fmt.Sprintf("%s: bad ELF file: %v", who, err)
	}
	if info.class != exe.class || info.machine != exe.machine {
		return who + ": wrong ELF class or machine"
	}
	return ""
}

// readELF inspects the ELF object at a resolved host path.
func (h *Host) readELF(res string) (elfInfo, error) {
	h.reads.Add(1)
	fd, err := openRaw(h.join(res), 0)
	if err != nil {
		return elfInfo{}, errors.New(errText(err))
	}
	defer syscall.Close(fd)
	return inspectELF(fdReaderAt(fd))
}

// libItem is a shared library to find, and who needs it.
type libItem struct {
	name, by string
	rpath    []string
	runpath  []string
}

// checkLibs finds every shared library exe needs, transitively, as the
// dynamic loader would: DT_RPATH (when there is no DT_RUNPATH), DT_RUNPATH,
// the ld.so.conf directories, then the system directories.
func (c *execCheck) checkLibs(exe string, info elfInfo) string {
	var queue []libItem
	add := func(by string, in elfInfo) {
		for _, n := range in.needed {
			queue = append(queue, libItem{n, by, expandOrigin(in.rpath, by, in.class), expandOrigin(in.runpath, by, in.class)})
		}
	}
	add(exe, info)
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		if c.seen[it.name] {
			continue
		}
		c.seen[it.name] = true
		if len(c.seen) > maxLibs {
			return fmt.Sprintf("%s: more than %d shared libraries", exe, maxLibs)
		}
		found, lib, why := c.findLib(it, info)
		if found == "" {
			return fmt.Sprintf("%s needed by %s not found%s", it.name, it.by, why)
		}
		c.libs++
		add(found, lib)
	}
	return ""
}

// findLib searches for one library; why explains a candidate that was rejected.
func (c *execCheck) findLib(it libItem, exe elfInfo) (string, elfInfo, string) {
	h := c.h
	var dirs []string
	if strings.Contains(it.name, "/") {
		dirs = []string{path.Dir(path.Join("/", it.name))}
		it.name = path.Base(it.name)
	} else {
		if len(it.runpath) == 0 {
			dirs = append(dirs, it.rpath...)
		}
		dirs = append(dirs, it.runpath...)
		dirs = append(dirs, h.ldSoConfDirs()...)
		dirs = append(dirs, systemLibDirs(exe.class, exe.machine)...)
	}
	why := ""
	tried := map[string]bool{}
	for _, d := range dirs {
		rd, err := h.resolveDir(d)
		if err != nil || tried[rd] {
			continue
		}
		tried[rd] = true
		res, fi, err := h.walk(rd, []string{it.name})
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		lib, err := h.readELF(res)
		if err != nil {
			why = fmt.Sprintf(" (%s: %v)", res, err)
			continue
		}
		if lib.class != exe.class || lib.machine != exe.machine {
			if why == "" {
				why = fmt.Sprintf(" (%s is for another ELF class or machine)", res)
			}
			continue
		}
		return res, lib, ""
	}
	return "", elfInfo{}, why
}

// expandOrigin substitutes $ORIGIN and $LIB in DT_RPATH/DT_RUNPATH entries;
// entries with other tokens ($PLATFORM) or relative ones are dropped.
func expandOrigin(dirs []string, obj string, class elf.Class) []string {
	lib := "lib"
	if class == elf.ELFCLASS64 {
		lib = "lib64"
	}
	var out []string
	for _, d := range dirs {
		d = strings.NewReplacer("${ORIGIN}", path.Dir(obj), "$ORIGIN", path.Dir(obj), "${LIB}", lib, "$LIB", lib).Replace(d)
		if strings.Contains(d, "$") || !path.IsAbs(d) {
			continue
		}
		out = append(out, path.Clean(d))
	}
	return out
}

// multiarch maps an ELF machine to Debian multiarch triplets.
var multiarch = lazy.Value[map[elf.Machine][]string]{Build: func() map[elf.Machine][]string {
	return map[elf.Machine][]string{
		elf.EM_X86_64:  {"x86_64-linux-gnu"},
		elf.EM_386:     {"i386-linux-gnu", "i686-linux-gnu"},
		elf.EM_AARCH64: {"aarch64-linux-gnu"},
		elf.EM_ARM:     {"arm-linux-gnueabihf", "arm-linux-gnueabi"},
		elf.EM_PPC64:   {"powerpc64le-linux-gnu", "powerpc64-linux-gnu"},
		elf.EM_S390:    {"s390x-linux-gnu"},
		elf.EM_RISCV:   {"riscv64-linux-gnu"},
		elf.EM_MIPS:    {"mips64el-linux-gnuabi64", "mipsel-linux-gnu"},
	}
}}

// systemLibDirs are the loader's built-in directories, for a class and machine.
func systemLibDirs(class elf.Class, m elf.Machine) []string {
	var dirs []string
	for _, t := range multiarch.Get()[m] {
		dirs = append(dirs, "/lib/"+t, "/usr/lib/"+t)
	}
	if class == elf.ELFCLASS64 {
		dirs = append(dirs, "/lib64", "/usr/lib64")
	} else {
		dirs = append(dirs, "/lib32", "/usr/lib32")
	}
	return append(dirs, "/lib", "/usr/lib")
}

// ldSoConfDirs returns the directories listed in /etc/ld.so.conf and the
// files it includes, read once per Host.
func (h *Host) ldSoConfDirs() []string {
	if h.ldDirs != nil {
		return *h.ldDirs
	}
	var dirs []string
	seen := map[string]bool{}
	var read func(file string, depth int)
	read = func(file string, depth int) {
		if seen[file] || depth > 8 || len(seen) > 256 {
			return
		}
		seen[file] = true
		data, ok := h.readPresent(file, false)
		if !ok {
			return
		}
		ds, incs := parseLdSoConf(data)
		dirs = append(dirs, ds...)
		for _, pat := range incs {
			if !path.IsAbs(pat) {
				pat = path.Join(path.Dir(file), pat)
			}
			for _, m := range h.glob(pat) {
				read(m, depth+1)
			}
		}
	}
	read("/etc/ld.so.conf", 0)
	h.ldDirs = &dirs
	return dirs
}

// glob matches a host path pattern under the root, returning host paths, sorted.
func (h *Host) glob(pattern string) []string {
	h.reads.Add(1)
	p, err := h.p(pattern)
	if err != nil {
		return nil
	}
	ms, err := filepath.Glob(p)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		if h.real {
			out = append(out, m)
			continue
		}
		rel, err := filepath.Rel(h.root, m)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		out = append(out, "/"+filepath.ToSlash(rel))
	}
	return out
}

// parseLdSoConf reads ld.so.conf syntax: directories (separated by space,
// tab, ':' or ','), "include PATTERN..." lines, "#" comments; "hwcap" lines
// and relative directories are ignored.
func parseLdSoConf(data []byte) (dirs, includes []string) {
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "include":
			includes = append(includes, f[1:]...)
			continue
		case "hwcap":
			continue
		}
		for _, d := range strings.FieldsFunc(line, func(r rune) bool {
			return r == ' ' || r == '\t' || r == ':' || r == ',' || r == '\r'
		}) {
			if i := strings.IndexByte(d, '='); i >= 0 {
				d = d[:i] // libc5 "dir=TYPE"
			}
			if path.IsAbs(d) {
				dirs = append(dirs, path.Clean(d))
			}
		}
	}
	return dirs, includes
}

// kernelInit returns the value of the last init= parameter before "--" on a
// kernel command line, parsed the way the kernel's next_arg does.
func kernelInit(cmdline string) (string, bool) {
	init, found := "", false
	for _, a := range kernelArgs(cmdline) {
		if a.param == "--" && !a.hasVal {
			break
		}
		if a.param == "init" && a.hasVal {
			init, found = a.val, true
		}
	}
	return init, found
}

// kernelArg is one kernel command-line parameter.
type kernelArg struct {
	param, val string
	hasVal     bool
}

// kernelArgs splits a kernel command line like the kernel's next_arg:
// whitespace separates, double quotes group, quotes around a value go.
func kernelArgs(s string) []kernelArg {
	var out []kernelArg
	isSpace := func(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f' }
	for {
		for len(s) > 0 && isSpace(s[0]) {
			s = s[1:]
		}
		if s == "" {
			return out
		}
		inQuote, quoted := false, false
		if s[0] == '"' {
			s = s[1:]
			inQuote, quoted = true, true
		}
		i, equals := 0, 0
		for ; i < len(s); i++ {
			if isSpace(s[i]) && !inQuote {
				break
			}
			if equals == 0 && s[i] == '=' {
				equals = i
			}
			if s[i] == '"' {
				inQuote = !inQuote
			}
		}
		tok := s[:i]
		s = s[i:]
		var a kernelArg
		if equals == 0 {
			a.param = tok
			if quoted && strings.HasSuffix(a.param, `"`) {
				a.param = a.param[:len(a.param)-1]
			}
		} else {
			a.param, a.val, a.hasVal = tok[:equals], tok[equals+1:], true
			if strings.HasPrefix(a.val, `"`) {
				a.val = a.val[1:]
				a.val = strings.TrimSuffix(a.val, `"`)
			} else if quoted {
				a.val = strings.TrimSuffix(a.val, `"`)
			}
		}
		out = append(out, a)
	}
}

// notExist reports whether err means a file is absent.
func notExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
