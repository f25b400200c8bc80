package scan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// maxFile bounds the bytes read of one file.
const maxFile = 512 << 20

// ErrUnknownKind is the error for a named file whose kind cannot be told
// from its name or its first bytes.
var ErrUnknownKind = errors.New("cannot tell what kind of file this is")

// errSeen is a walked file already read under another name.
var errSeen = errors.New("already read")

// produce walks the paths, reads each file and sends its units in
// batches, until send returns false.
func (s *Scanner) produce(paths []string, send func(*batch) bool) {
	p := producer{s: s, send: send, cur: &batch{done: make(chan struct{})}}
	for _, path := range paths {
		if !p.path(path) {
			return
		}
	}
	p.flush()
}

// producer is the state of one produce.
type producer struct {
	s       *Scanner
	send    func(*batch) bool
	cur     *batch
	stopped bool // send returned false
}

// flush sends the batch being filled, if it holds anything.
func (p *producer) flush() {
	if len(p.cur.jobs) == 0 || p.stopped {
		return
	}
	p.stopped = !p.send(p.cur)
	p.cur = &batch{done: make(chan struct{})}
}

// fail sends an error in its place, after what came before it.
func (p *producer) fail(err error) {
	p.flush()
	if !p.stopped {
		p.stopped = !p.send(&batch{err: err, done: make(chan struct{})})
	}
}

// path reads a path named to the scan: a file, "-", or a directory to
// walk. false when the scan stopped.
func (p *producer) path(path string) bool {
	if path == "-" {
		p.file(path, true)
		return !p.stopped
	}
	fi, err := os.Stat(path)
	if err != nil {
		p.fail(statErr(path, err))
		return !p.stopped
	}
	if !fi.IsDir() {
		p.file(path, true)
		return !p.stopped
	}
	root := path
	if li, err := os.Lstat(path); err == nil && li.Mode()&os.ModeSymlink != 0 {
		root += string(filepath.Separator) // walk the directory the link names
	}
	err = filepath.WalkDir(root, func(walked string, d os.DirEntry, err error) error {
		switch {
		case p.stopped:
			return filepath.SkipAll
		case err != nil:
			p.fail(statErr(walked, err))
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir():
			switch d.Name() {
			case ".git", ".hg", ".svn", "node_modules":
				if walked != path {
					return filepath.SkipDir
				}
			}
			return nil
		}
		p.file(walked, false)
		return nil
	})
	if err != nil {
		p.fail(statErr(path, err))
	}
	return !p.stopped
}

// file reads one file and adds its units to the batches.
func (p *producer) file(path string, named bool) {
	data, kind, err := p.s.read(path, named)
	switch {
	case err == errSeen:
		return
	case err != nil:
		p.fail(err)
		return
	case kind == "":
		if named {
			p.fail(fmt.Errorf("%s: %w", path, ErrUnknownKind))
		} else {
			p.s.Skipped++
		}
		return
	}
	f := &File{Path: path, Kind: kind, Lines: countLines(data)}
	p.s.Files = append(p.s.Files, f)
	for u := range Parse(kind, path, data, p.s.Options) {
		p.cur.jobs = append(p.cur.jobs, job{file: f, unit: u})
		p.cur.file = f
		if len(p.cur.jobs) >= scanChunk {
			if p.flush(); p.stopped {
				return
			}
		}
	}
}

// statErr words an error reading a path: the path and the reason.
func statErr(p string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return errors.New(p + ": " + err.Error())
}

// read returns a file's content and kind. A walked file is read only when
// it is a regular file (or a link to one) whose name or first bytes say
// what it is; a named one may also be a pipe (crontab -l | belay scan -).
func (s *Scanner) read(path string, named bool) (string, Kind, error) {
	if path == "-" {
		return s.readStdin()
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil && !named && errors.Is(err, os.ErrNotExist):
		return "", "", nil // a walked link to nothing
	case err != nil:
		return "", "", statErr(path, err)
	}
	if !named && s.seenBefore(fi) {
		return "", "", errSeen
	}
	switch {
	case fi.Mode().IsRegular():
	case named && fi.Mode()&os.ModeNamedPipe != 0:
	case named:
		return "", "", fmt.Errorf("%s: not a regular file", path)
	default:
		return "", "", nil
	}
	if fi.Mode().IsRegular() && fi.Size() > maxFile {
		return "", "", fmt.Errorf("%s: %d MiB is more than belay scan reads (%d MiB)", path, fi.Size()>>20, maxFile>>20)
	}
	kind := s.Kind
	if kind == "" {
		kind = Detect(path, "")
	}
	f, err := os.Open(path)
	if err != nil {
		return "", "", statErr(path, err)
	}
	defer f.Close()
	var src io.Reader = f
	if kind == "" {
		// Only the head, to tell the kind: a large file of no kind is not read.
		head := make([]byte, 4096)
		n, err := io.ReadFull(f, head)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return "", "", statErr(path, err)
		}
		head = head[:n]
		if kind = Detect(path, string(head)); kind == "" {
			return "", "", nil
		}
		src = io.MultiReader(bytes.NewReader(head), f)
	}
	data, err := readAll(src, fi.Size())
	if err != nil {
		return "", "", statErr(path, err)
	}
	return data, kind, nil
}

// readStdin reads "-", whose kind is --kind's or told from its content.
func (s *Scanner) readStdin() (string, Kind, error) {
	var in io.Reader = strings.NewReader("")
	if s.Stdin != nil {
		in = s.Stdin
	}
	data, err := readAll(in, 0)
	if err != nil {
		return "", "", fmt.Errorf("-: %v", err)
	}
	kind := s.Kind
	if kind == "" {
		kind = Detect("", data[:min(len(data), 4096)])
	}
	return data, kind, nil
}

// seenBefore reports whether a walk already read this file: a walk meets
// the same file under several names (enabled units are links to their
// files), and reads it once.
func (s *Scanner) seenBefore(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	id := [2]uint64{uint64(st.Dev), st.Ino}
	if s.seen[id] {
		return true
	}
	if s.seen == nil {
		s.seen = map[[2]uint64]bool{}
	}
	s.seen[id] = true
	return false
}

// readAll reads r into a string, without the copy of string(bytes), up to
// maxFile bytes; size is a hint.
func readAll(r io.Reader, size int64) (string, error) {
	var b strings.Builder
	if size > 0 && size <= maxFile {
		b.Grow(int(size) + 1)
	}
	n, err := io.Copy(&b, io.LimitReader(r, maxFile+1))
	if err != nil {
		return "", err
	}
	if n > maxFile {
		return "", fmt.Errorf("more than %d MiB", maxFile>>20)
	}
	return b.String(), nil
}

func countLines(data string) int {
	n := strings.Count(data, "\n")
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}
