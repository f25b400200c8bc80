package packs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/belay-sh/belay/internal/policy"
)

// trusted refuses a rule or config file that others could have changed:
// group- or world-writable, or in the fleet's layer not owned by root.
func trusted(path string, fi fs.FileInfo, layer policy.Layer) error {
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s: refused: writable by group or others (mode %04o); chmod go-w it", path, fi.Mode().Perm())
	}
	if layer == policy.LayerSystem && fileUID(fi) != 0 {
		return fmt.Errorf("%s: refused: fleet files must be owned by root (owner uid %d)", path, fileUID(fi))
	}
	return nil
}

// fileUID is the owner of a file, or an impossible uid when unknown.
func fileUID(fi fs.FileInfo) uint32 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Uid
	}
	return 1<<32 - 1
}

// readTrusted reads a rule or config file of a layer: a regular file (a
// FIFO would hang the check) that passes trusted and is at most max
// bytes. The checks are made on the file opened, not on its name. buf,
// when not nil, is reused for the content.
func readTrusted(path string, layer policy.Layer, max int64, buf *[]byte) ([]byte, fs.FileInfo, error) {
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if err := trusted(path, fi, layer); err != nil {
		return nil, nil, err
	}
	data, err := readAtMost(f, path, fi.Size(), max, buf)
	return data, fi, err
}

// ReadRegular reads a file belay was told to read, such as sudo.conf:
// a regular file (opening a FIFO does not wait for a writer) of at most
// max bytes. It makes no trust checks.
func ReadRegular(path string, max int64) ([]byte, error) {
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAtMost(f, path, fi.Size(), max, nil)
}

// openRegular opens a file for reading, refusing what is not a regular
// file.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	// O_NONBLOCK: opening a FIFO must not wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, fileErr(path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fileErr(path, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s: refused: not a regular file", path)
	}
	return f, fi, nil
}

// fileErr is err about path, as "PATH: what" (an *fs.PathError says
// "open PATH: what"), keeping what errors.Is needs.
func fileErr(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &pathError{path, err}
}

// pathError is what fmt.Errorf("%s: %w", path, err) makes, without fmt:
// a check reads config files that usually do not exist, and formatting
// their absence ran fmt's code at every start for an error then ignored.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

// readAtMost reads f, whose size was size when opened, refusing more than
// max bytes however much it grows meanwhile.
func readAtMost(f *os.File, path string, size, max int64, buf *[]byte) ([]byte, error) {
	if size > max {
		return nil, fmt.Errorf("%s: refused: %d bytes, more than %d", path, size, max)
	}
	var b []byte
	if buf != nil {
		b = (*buf)[:0]
	}
	if int64(cap(b)) < size+1 {
		b = make([]byte, 0, size+1)
	}
	for int64(len(b)) <= max {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):min(cap(b), int(max)+1)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fileErr(path, err)
		}
	}
	if buf != nil {
		*buf = b
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: refused: more than %d bytes", path, max)
	}
	return b, nil
}
