package facts

import (
	"errors"
	"io"
	"io/fs"
	"syscall"
	"time"
)

// Plain system calls for the probes' many small reads of /proc and /sys:
// os.Open registers every descriptor with the runtime poller, which costs
// more system calls than the read itself.

// openRaw opens a file read-only, close-on-exec and non-blocking (so that a
// FIFO planted where a crontab should be cannot hang the probe).
func openRaw(name string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|flags, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return fd, nil
	}
}

// readFileRaw reads a whole file, at most max bytes. With pseudo set (for
// /proc and /sys, whose reads return all there is) a short read is taken as
// the end, saving a read; otherwise the file must be a regular file.
func readFileRaw(name string, max int, pseudo bool) ([]byte, error) {
	fd, err := openRaw(name, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	size := 1024
	if !pseudo {
		var st syscall.Stat_t
		if err := syscall.Fstat(fd, &st); err != nil {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
		}
		if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
			if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
				return nil, &fs.PathError{Op: "read", Path: name, Err: syscall.EISDIR}
			}
			return nil, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
		}
		size = int(min(st.Size, int64(max))) + 1 // +1 to see the end in one read
	}
	buf := make([]byte, 0, size)
	for len(buf) < max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		room := min(cap(buf)-len(buf), max-len(buf))
		n, err := syscall.Read(fd, buf[len(buf):len(buf)+room])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		buf = buf[:len(buf)+n]
		if pseudo && n < room {
			break
		}
	}
	return buf, nil
}

// errNotRegular is the error for reading a device, FIFO or socket as a file.
var errNotRegular = errors.New("not a regular file")

// readDirRaw lists a directory's entry names (without "." and ".."). With
// pseudo set, a batch that leaves room for more entries is taken as the end.
func readDirRaw(name string, pseudo bool) ([]string, error) {
	fd, err := openRaw(name, syscall.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var names []string
	buf := make([]byte, 8192)
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return names, &fs.PathError{Op: "readdirent", Path: name, Err: err}
		}
		if n <= 0 {
			return names, nil
		}
		_, _, names = syscall.ParseDirent(buf[:n], -1, names)
		if pseudo && n < len(buf)-1024 {
			return names, nil
		}
	}
}

// fdReaderAt reads a raw descriptor at offsets.
type fdReaderAt int

// ReadAt implements io.ReaderAt with pread.
func (fd fdReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, syscall.EINVAL
	}
	done := 0
	for done < len(p) {
		n, err := syscall.Pread(int(fd), p[done:], off+int64(done))
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return done, err
		}
		if n <= 0 {
			return done, io.EOF
		}
		done += n
	}
	return done, nil
}

// readDirLimited lists at most max entry names of a directory, stopping
// at the deadline too; cut says it stopped early.
func readDirLimited(name string, max int, deadline time.Time) (names []string, cut bool, err error) {
	fd, err := openRaw(name, syscall.O_DIRECTORY)
	if err != nil {
		return nil, false, err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 8192)
	for {
		if len(names) >= max || time.Now().After(deadline) {
			return names, true, nil
		}
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return names, false, &fs.PathError{Op: "readdirent", Path: name, Err: err}
		}
		if n <= 0 {
			return names, false, nil
		}
		_, _, names = syscall.ParseDirent(buf[:n], max-len(names), names)
	}
}
