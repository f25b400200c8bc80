package audit

import (
	"errors"
	"strconv"
	"syscall"
	"time"
)

// Priority is a syslog facility, a severity, or the two added, numbered
// as syslog(3) and log/syslog number them.
type Priority int

// The facilities belay.toml can name (Facility).
const (
	LogUser     Priority = 1 << 3
	LogDaemon   Priority = 3 << 3
	LogAuth     Priority = 4 << 3
	LogSyslog   Priority = 5 << 3
	LogAuthpriv Priority = 10 << 3
	LogLocal0   Priority = 16 << 3 // local1 … local7 follow, 1<<3 apart
)

// The severities of records.
const (
	logWarning Priority = 4
	logNotice  Priority = 5
	logInfo    Priority = 6
)

// The local syslog daemon's sockets, tried in this order (as log/syslog
// does), each as a datagram socket and then as a stream.
var syslogPaths = []string{"/dev/log", "/var/run/syslog", "/var/run/log"}

// syslogTimeout bounds a send to a syslog daemon that stopped reading.
const syslogTimeout = time.Second

var errNoSyslog = errors.New("no syslog socket")

// syslogMessage is a message as log/syslog writes it to the local daemon:
// <PRI>, the time stamp (time.Stamp, local time), the tag with the
// process id, the message and a newline.
func syslogMessage(p Priority, now time.Time, pid int, msg string) []byte {
	b := make([]byte, 0, len(msg)+48)
	b = append(b, '<')
	b = strconv.AppendInt(b, int64(p), 10)
	b = append(b, '>')
	b = now.AppendFormat(b, time.Stamp)
	b = append(b, " belay["...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, "]: "...)
	b = append(b, msg...)
	return append(b, '\n')
}

// sendLocal sends msg to the local syslog daemon, or to the datagram
// socket at addr when it is not empty (tests). It is what log/syslog's
// Dial("", "", …) and one write did, without the net package (its
// resolver and its tables, built at every start of belay).
func sendLocal(addr string, msg []byte) error {
	types, paths := []int{syscall.SOCK_DGRAM, syscall.SOCK_STREAM}, syslogPaths
	if addr != "" {
		types, paths = types[:1], []string{addr}
	}
	for _, typ := range types {
		for _, path := range paths {
			fd, err := syscall.Socket(syscall.AF_UNIX, typ|syscall.SOCK_CLOEXEC, 0)
			if err != nil {
				return err
			}
			if syscall.Connect(fd, &syscall.SockaddrUnix{Name: path}) != nil {
				syscall.Close(fd)
				continue
			}
			tv := syscall.NsecToTimeval(syslogTimeout.Nanoseconds())
			_ = syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &tv)
			_, err = syscall.Write(fd, msg)
			syscall.Close(fd)
			return err
		}
	}
	return errNoSyslog
}
