package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"log/syslog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Options say where records go.
type Options struct {
	Files      []File          // candidate files, in order: the first that can be opened for appending is used
	Syslog     bool            // also send each record to syslog
	Facility   syslog.Priority // the syslog facility; LOG_AUTH when zero
	SyslogAddr string          // a unix datagram socket to use instead of the system's (for tests)
}

// File is a candidate log file.
type File struct {
	Path  string
	Mkdir bool // create its directory (mode 0700) when it is missing
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
		f, err := openAppend(name, c.Mkdir)
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

// openAppend opens name for appending, creating it (mode 0600) and, when
// mkdir says so, its directory. A FIFO or socket is refused (opening one
// for writing can block), and so is a symbolic link as the file itself.
func openAppend(name string, mkdir bool) (*os.File, error) {
	const flags = os.O_WRONLY | os.O_APPEND | os.O_CREATE | unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_CLOEXEC
	f, err := os.OpenFile(name, flags, 0o600)
	if errors.Is(err, fs.ErrNotExist) && mkdir {
		if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
			return nil, err
		}
		f, err = os.OpenFile(name, flags, 0o600)
	}
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() && fi.Mode()&fs.ModeCharDevice == 0 {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	return f, nil
}

// appendLine writes line with one write(2). Longer than PIPE_BUF, it
// holds an exclusive flock around the write, when it can get one within
// lockWait; the write goes ahead either way.
func appendLine(f *os.File, line []byte) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var n int
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		if len(line) > pipeBuf && lock(int(fd)) {
			defer unix.Flock(int(fd), unix.LOCK_UN)
		}
		for {
			n, werr = unix.Write(int(fd), line)
			if werr != unix.EINTR {
				break
			}
		}
		return true
	})
	if err == nil {
		err = werr
	}
	if err == nil && n != len(line) {
		err = fmt.Errorf("short write: %d of %d bytes", n, len(line))
	}
	return err
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
		fac = syslog.LOG_AUTH
	}
	sev := syslog.LOG_NOTICE
	switch r.Outcome {
	case "blocked", "declined", "fallback", "internal error":
		sev = syslog.LOG_WARNING
	case "allowed":
		sev = syslog.LOG_INFO
	}
	network := ""
	if opt.SyslogAddr != "" {
		network = "unixgram"
	}
	w, err := syslog.Dial(network, opt.SyslogAddr, fac|sev, "belay")
	if err != nil {
		return
	}
	defer w.Close()
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
	msg := strings.TrimSuffix(string(line), "\n")
	switch sev {
	case syslog.LOG_WARNING:
		_ = w.Warning(msg)
	case syslog.LOG_INFO:
		_ = w.Info(msg)
	default:
		_ = w.Notice(msg)
	}
}

// Facility returns the syslog facility of a name ("auth", "local3").
func Facility(name string) (syslog.Priority, error) {
	switch strings.ToLower(name) {
	case "", "auth":
		return syslog.LOG_AUTH, nil
	case "authpriv":
		return syslog.LOG_AUTHPRIV, nil
	case "user":
		return syslog.LOG_USER, nil
	case "daemon":
		return syslog.LOG_DAEMON, nil
	case "syslog":
		return syslog.LOG_SYSLOG, nil
	case "local0":
		return syslog.LOG_LOCAL0, nil
	case "local1":
		return syslog.LOG_LOCAL1, nil
	case "local2":
		return syslog.LOG_LOCAL2, nil
	case "local3":
		return syslog.LOG_LOCAL3, nil
	case "local4":
		return syslog.LOG_LOCAL4, nil
	case "local5":
		return syslog.LOG_LOCAL5, nil
	case "local6":
		return syslog.LOG_LOCAL6, nil
	case "local7":
		return syslog.LOG_LOCAL7, nil
	}
	return 0, fmt.Errorf("unknown syslog facility %q (auth, authpriv, user, daemon, syslog, local0 … local7)", name)
}
