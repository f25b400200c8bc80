package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/belay-sh/belay/internal/shell"
)

// codeFileReader is shell.Options.ReadFile for a check on the host under
// root ("" for this one): a file of code a line queues to run later (at
// -f FILE) is read there, as the program will read it. Only a regular
// file of at most shell.DefaultMaxBytes is read, and as root only one
// that everyone may read; it is opened non-blocking, so that a FIFO
// cannot hang the check. Anything else is an error, and the file is code
// belay cannot see.
func codeFileReader(root string) func(string) (string, error) {
	return func(p string) (string, error) {
		if !filepath.IsAbs(p) {
			return "", errors.New("not an absolute path")
		}
		f, err := os.OpenFile(filepath.Join(root, p), os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			return "", err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return "", err
		}
		if !st.Mode().IsRegular() {
			return "", errors.New("not a regular file")
		}
		if os.Geteuid() == 0 && st.Mode().Perm()&0o004 == 0 {
			// As root (the sudo plugin) belay could read a file the user
			// who typed the line cannot, and show parts of it: only a
			// file everyone may read is read.
			return "", errors.New("not readable by everyone")
		}
		if st.Size() > shell.DefaultMaxBytes {
			return "", errors.New("too long")
		}
		b, err := io.ReadAll(io.LimitReader(f, shell.DefaultMaxBytes+1))
		if err != nil {
			return "", err
		}
		if len(b) > shell.DefaultMaxBytes {
			return "", errors.New("too long")
		}
		return string(b), nil
	}
}
