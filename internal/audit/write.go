package audit

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Options say where records go.
type Options struct {
	Files      []File   // candidate files, in order: the first that can be opened for appending is used
	Syslog     bool     // also send each record to syslog
	Facility   Priority // the syslog facility; LogAuth when zero
	SyslogAddr string   // a unix datagram socket to use instead of the system's (for tests)
}

// File is a candidate log file.
type File struct {
	Path    string
	Mkdir   bool        // create the directories missing on the way to it
	DirMode os.FileMode // the mode of the directories it creates; 0700 when zero
}

// pipeBuf is PIPE_BUF on Linux: the size up to which POSIX promises an
// append to a pipe is atomic. Longer records take a lock as well.
const pipeBuf = 4096

// lockWait bounds the wait for the lock: anyone who can read the file can
// hold it, and a stuck lock must not hold up a command line for long.
const lockWait = time.Second

// Write appends the record to the first file of opt.Files that can be
// opened for appending and sends it to syslog. It returns an error only
// when no file took the record; syslog is best effort and skipped quietly
// when there is no syslog socket.
func Write(r *Record, opt Options) (file string, err error) {
	line, err := r.Marshal()
	if err != nil {
		return "", err
	}
	if opt.Syslog {
		sendSyslog(r, opt)
	}
	if len(opt.Files) == 0 {
		return "", errors.New("no file to write to (set audit.file in belay.toml)")
	}
	var errs []string
	for _, c := range opt.Files {
		name := c.Path
		f, err := openAppend(c)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		err = appendLine(f, line)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return name, fmt.Errorf("%s: %v", name, err)
		}
		return name, nil
	}
	return "", errors.New(strings.Join(errs, "; "))
}

// writeFD is write(2); tests replace it to cut a write short.
var writeFD = unix.Write

// appendLine writes line with one write(2). Longer than PIPE_BUF, it
// holds an exclusive flock around the write, when it can get one within
// lockWait; the write goes ahead either way.
//
// A record is never glued to a torn one: when the file does not end in a
// newline (an earlier write was cut short, on a full disk or by a signal),
// the record starts with one; and when this write is cut short, a newline
// is written after the part that made it, so the next record starts on a
// line of its own and the torn one is skipped by readers.
func appendLine(f *os.File, line []byte) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var n int
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		locked := len(line) > pipeBuf && lock(int(fd))
		if !locked && tornEnd(int(fd)) {
			// Maybe a long record is being written, and the file has
			// grown by part of it: its writer holds the lock.
			locked = lock(int(fd))
		}
		if locked {
			defer unix.Flock(int(fd), unix.LOCK_UN)
		}
		// Or a short record is being written by a writer without the
		// lock, and the file has grown by its first page: it is whole
		// within moments. A record cut short for good stays torn.
		for i := 0; tornEnd(int(fd)); i++ {
			if i == 5 {
				line = append([]byte{'\n'}, line...)
				break
			}
			time.Sleep(time.Millisecond)
		}
		n, werr = writeRetry(int(fd), line)
		if n > 0 && n < len(line) {
			_, _ = writeRetry(int(fd), []byte{'\n'})
		}
		return true
	})
	if err == nil {
		err = werr
	}
	if err == nil && n != len(line) {
		err = fmt.Errorf("short write: %d of %d bytes (the torn record was ended with a newline)", n, len(line))
	}
	return err
}

func writeRetry(fd int, b []byte) (int, error) {
	for {
		n, err := writeFD(fd, b)
		if err != unix.EINTR {
			return n, err
		}
	}
}

// tornEnd says whether the file open as fd has bytes after its last
// newline. A file it cannot read (opened write-only) is taken as whole.
func tornEnd(fd int) bool {
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Size == 0 {
		return false
	}
	var b [1]byte
	n, err := unix.Pread(fd, b[:], st.Size-1)
	return err == nil && n == 1 && b[0] != '\n'
}

// lock takes an exclusive flock on fd, waiting up to lockWait.
func lock(fd int) bool {
	deadline := time.Now().Add(lockWait)
	for delay := 100 * time.Microsecond; ; delay = min(2*delay, 20*time.Millisecond) {
		err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return true
		}
		if (err != unix.EWOULDBLOCK && err != unix.EINTR) || time.Now().After(deadline) {
			return false
		}
		time.Sleep(delay)
	}
}

// syslogLine bounds the command line sent to syslog: many syslog daemons
// cut messages at 2 or 8 KiB.
const syslogLine = 1024

// sendSyslog sends the record, its line cut to syslogLine, as JSON with
// the tag "belay". No syslog socket is not an error.
func sendSyslog(r *Record, opt Options) {
	fac := opt.Facility
	if fac == 0 {
		fac = LogAuth
	}
	sev := logNotice
	switch r.Outcome {
	case "blocked", "declined", "fallback", "internal error":
		sev = logWarning
	case "allowed":
		sev = logInfo
	}
	short := *r
	if len(r.Line) > syslogLine {
		short.SetLine(r.Line[:syslogLine])
		short.LineBytes = max(r.LineBytes, len(r.Line))
	}
	short.LineBase64 = ""
	line, err := short.Marshal()
	if err != nil {
		return
	}
	_ = sendLocal(opt.SyslogAddr, syslogMessage(fac|sev, time.Now(), os.Getpid(), strings.TrimSuffix(string(line), "\n")))
}

// Facility returns the syslog facility of a name ("auth", "local3").
func Facility(name string) (Priority, error) {
	switch n := strings.ToLower(name); n {
	case "", "auth":
		return LogAuth, nil
	case "authpriv":
		return LogAuthpriv, nil
	case "user":
		return LogUser, nil
	case "daemon":
		return LogDaemon, nil
	case "syslog":
		return LogSyslog, nil
	case "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7":
		return LogLocal0 + Priority(n[5]-'0')<<3, nil
	}
	return 0, fmt.Errorf("unknown syslog facility %q (auth, authpriv, user, daemon, syslog, local0 … local7)", name)
}
