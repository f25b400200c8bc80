package facts

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// maxFile bounds how much of any one file a probe reads.
const maxFile = 64 << 20

// maxLinks bounds symlink hops when resolving a path inside the root, like the kernel's ELOOP limit.
const maxLinks = 40

// join returns the real path of host path name under the root, as is:
// the kernel would follow any symlink in it, possibly out of the root.
func (h *Host) join(name string) string {
	if h.real {
		return path.Clean("/" + name)
	}
	return filepath.Join(h.root, filepath.FromSlash(path.Clean("/"+name)))
}

// p returns the real path of host path name under the root, with its
// symlinks followed inside the root (see resolve), so that reading it never
// leaves the root. On the live host ("/") it is the path itself. The error
// is a symlink loop or an unreadable directory on the way.
func (h *Host) p(name string) (string, error) { return h.under(name, true) }

// under is p; with follow unset the last component is not followed (for lstat, readlink).
func (h *Host) under(name string, follow bool) (string, error) {
	name = path.Clean("/" + name)
	if h.real {
		return name, nil
	}
	var res string
	var err error
	if follow {
		res, _, err = h.walk("/", splitPath(name))
	} else {
		dir, base := path.Split(name)
		res, _, err = h.walk("/", splitPath(dir))
		res = path.Join(res, base)
	}
	if err != nil && !notExist(err) {
		return "", &fs.PathError{Op: "resolve", Path: name, Err: err}
	}
	return h.join(res), nil
}

// readFile reads a host file (at most maxFile bytes).
// readPresent reads a host file that may be absent: absent, or (with
// dirOK) a directory, is nothing to read; any other error is reported as
// a problem. ok is false when there is nothing to read.
func (h *Host) readPresent(name string, dirOK bool) (data []byte, ok bool) {
	data, err := h.readFile(name)
	if err != nil {
		if !notExist(err) && !(dirOK && errors.Is(err, syscall.EISDIR)) {
			h.problem("%s: %s", name, errText(err))
		}
		return nil, false
	}
	return data, true
}

// readParsed reads a host file that may be absent (readPresent) with
// parse, and reports the lines parse skipped as problems at name:line.
func readParsed[T any](h *Host, name string, parse func([]byte) ([]T, []lineError)) []T {
	data, ok := h.readPresent(name, false)
	if !ok {
		return nil
	}
	out, errs := parse(data)
	for _, e := range errs {
		h.problem("%s:%d: %s", name, e.Line, e.Msg)
	}
	return out
}

func (h *Host) readFile(name string) ([]byte, error) {
	h.reads.Add(1)
	p, err := h.p(name)
	if err != nil {
		return nil, err
	}
	return readFileRaw(p, maxFile, h.pseudoFS(name))
}

// pseudoFS says whether a host path is in the real /proc or /sys, where a
// short read is the end. Under a fake root the files are on an ordinary
// filesystem, where getdents may return a directory in several short
// batches: there every read goes on to the end.
func (h *Host) pseudoFS(name string) bool {
	if !h.real {
		return false
	}
	return strings.HasPrefix(name, "/proc/") || strings.HasPrefix(name, "/sys/") || name == "/proc" || name == "/sys"
}

// readDirNames lists a host directory, unsorted.
func (h *Host) readDirNames(name string) ([]string, error) {
	h.reads.Add(1)
	p, err := h.p(name)
	if err != nil {
		return nil, err
	}
	return readDirRaw(p, h.pseudoFS(name))
}

// readlink reads a host symlink.
func (h *Host) readlink(name string) (string, error) {
	h.reads.Add(1)
	p, err := h.under(name, false)
	if err != nil {
		return "", err
	}
	return os.Readlink(p)
}

// lstat stats a host path without following a final symlink.
func (h *Host) lstat(name string) (fs.FileInfo, error) {
	h.reads.Add(1)
	p, err := h.under(name, false)
	if err != nil {
		return nil, err
	}
	return os.Lstat(p)
}

// exists reports whether a host path exists, following symlinks inside the root.
func (h *Host) exists(name string) bool {
	h.reads.Add(1)
	p, err := h.p(name)
	if err == nil {
		_, err = os.Stat(p)
	}
	return err == nil
}

// dirRes caches the resolution of a directory inside the root.
type dirRes struct {
	resolved string
	err      error
}

// resolve follows name inside the root, component by component: a symlink's
// absolute target is taken relative to the root, ".." stops at the root. It
// returns the resolved host path and its FileInfo. On error, resolved is the
// path as far as it was followed, with the remaining components appended, so
// that a message can say "/sbin/init -> /lib/systemd/systemd: no such file".
func (h *Host) resolve(name string) (string, fs.FileInfo, error) {
	return h.walk("/", splitPath(name))
}

// resolveDir resolves a directory once per Host.
func (h *Host) resolveDir(dir string) (string, error) {
	dir = path.Clean("/" + dir)
	if r, ok := h.dirCache[dir]; ok {
		return r.resolved, r.err
	}
	res, fi, err := h.resolve(dir)
	if err == nil && !fi.IsDir() {
		err = syscall.ENOTDIR
	}
	h.dirCache[dir] = dirRes{res, err}
	return res, err
}

// splitPath returns the components of a path, without empty ones and ".".
func splitPath(name string) []string {
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == '/' })
	return slices.DeleteFunc(parts, func(c string) bool { return c == "." })
}

// walk resolves the components rest starting from the already-resolved directory cur.
func (h *Host) walk(cur string, rest []string) (string, fs.FileInfo, error) {
	links := 0
	var fi fs.FileInfo
	rest = append([]string(nil), rest...)
	if len(rest) == 0 {
		fi, err := h.lstatRaw(cur)
		return cur, fi, err
	}
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			if len(rest) == 0 {
				st, err := h.lstatRaw(cur)
				return cur, st, err
			}
			continue
		case "..":
			cur = path.Dir(cur)
			if len(rest) == 0 {
				st, err := h.lstatRaw(cur)
				return cur, st, err
			}
			continue
		}
		next := path.Join(cur, c)
		st, err := h.lstatRaw(next)
		if err != nil {
			return path.Join(append([]string{next}, rest...)...), nil, err
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			links++
			if links > maxLinks {
				return path.Join(append([]string{next}, rest...)...), nil, syscall.ELOOP
			}
			target, err := h.readlinkRaw(next)
			if err != nil {
				return path.Join(append([]string{next}, rest...)...), nil, err
			}
			if strings.HasPrefix(target, "/") {
				cur = "/"
			}
			parts := strings.Split(target, "/")
			if target == "/" || len(splitPath(target)) == 0 {
				parts = []string{"."}
			}
			rest = append(parts, rest...)
			continue
		}
		if len(rest) > 0 && !st.IsDir() {
			return path.Join(append([]string{next}, rest...)...), nil, syscall.ENOTDIR
		}
		cur = next
		fi = st
	}
	return cur, fi, nil
}

// lstatRaw and readlinkRaw act on an already resolved host path.
func (h *Host) lstatRaw(name string) (fs.FileInfo, error) {
	h.reads.Add(1)
	return os.Lstat(h.join(name))
}

func (h *Host) readlinkRaw(name string) (string, error) {
	h.reads.Add(1)
	return os.Readlink(h.join(name))
}

// errText turns a file error into the short words of a message.
func errText(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, syscall.ELOOP):
		return "too many levels of symbolic links"
	case errors.Is(err, syscall.ENOTDIR):
		return "not a directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// arrow names a path and, if different, what it resolves to.
func arrow(from, to string) string {
	if to == "" || to == from {
		return from
	}
	return from + " -> " + to
}
