package facts

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
)

// utmp, the login records of glibc (utmp(5)): fixed-size records of 384
// bytes in the host's byte order, on every 64-bit and 32-bit Linux ABI
// glibc supports (ut_tv and ut_session are 32-bit there for compatibility).
const (
	utmpSize       = 384
	utmpUserProc   = 7 // USER_PROCESS: a logged-in user
	maxUtmpRecords = 4096
)

// Offsets of the fields belay reads in a utmp record.
const (
	utOffType = 0   // short ut_type (2 bytes of padding after it)
	utOffPID  = 4   // pid_t ut_pid
	utOffLine = 8   // char ut_line[32]: "pts/0", "tty1"
	utOffUser = 44  // char ut_user[32], after ut_id[4]
	utOffHost = 76  // char ut_host[256]
	utOffSec  = 340 // int32 ut_tv.tv_sec, after ut_exit[4] and ut_session[4]
	utLenLine = 32
	utLenUser = 32
	utLenHost = 256
)

// maxKVLine bounds a line of a KEY=VALUE file (logind sessions, udev
// records): longer lines end the reading.
const maxKVLine = 64 << 10

// login is one logged-in user, from utmp or logind.
type login struct {
	User string
	Line string // tty without /dev/: "pts/0"; "" if none
	Host string // where from: an address, ":0", ""
	PID  int    // the session leader
	Sec  int64  // login time, unix seconds; 0 if unknown
}

// parseUtmp reads utmp records (at most maxUtmpRecords; a trailing partial
// record is ignored) and returns the logged-in users.
func parseUtmp(data []byte) []login {
	var out []login
	n := min(len(data)/utmpSize, maxUtmpRecords)
	for i := 0; i < n; i++ {
		r := data[i*utmpSize : (i+1)*utmpSize]
		if int16(binary.NativeEndian.Uint16(r[utOffType:])) != utmpUserProc {
			continue
		}
		l := login{
			PID:  int(int32(binary.NativeEndian.Uint32(r[utOffPID:]))),
			Line: cString(r[utOffLine : utOffLine+utLenLine]),
			User: cString(r[utOffUser : utOffUser+utLenUser]),
			Host: cString(r[utOffHost : utOffHost+utLenHost]),
			Sec:  int64(int32(binary.NativeEndian.Uint32(r[utOffSec:]))),
		}
		if l.User == "" {
			continue
		}
		out = append(out, l)
	}
	return out
}

// cString is a fixed-size C string field: up to its first NUL, or all of it.
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// parseLogindSession reads a systemd-logind session file
// (/run/systemd/sessions/ID: KEY=VALUE lines) into a login; ok is false
// for a session that is not a user's or is closing.
func parseLogindSession(data []byte) (login, bool) {
	var l login
	class, state := "", ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxKVLine)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			continue
		}
		switch k {
		case "USER":
			l.User = v
		case "TTY":
			l.Line = strings.TrimPrefix(v, "/dev/")
		case "REMOTE_HOST":
			l.Host = v
		case "LEADER":
			l.PID, _ = strconv.Atoi(v)
		case "REALTIME":
			if us, err := strconv.ParseInt(v, 10, 64); err == nil && us > 0 {
				l.Sec = us / 1e6
			}
		case "CLASS":
			class = v
		case "STATE":
			state = v
		}
	}
	if l.User == "" || class != "" && class != "user" || state == "closing" {
		return login{}, false
	}
	return l, true
}

// procStartTicks reads a process's start time from /proc/PID/stat: field
// 22, in clock ticks after boot. The fields are counted after the last
// ")", since the command name may hold spaces and parentheses.
func procStartTicks(data []byte) (uint64, bool) {
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 20 {
		return 0, false
	}
	n, err := strconv.ParseUint(f[19], 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}
