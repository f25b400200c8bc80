package audit

import (
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Who fills in the parts of a record that describe this process: the
// time, the host, the user and the terminal. getenv reads SUDO_USER.
func (r *Record) Who(getenv func(string) string) {
	r.Time = time.Now()
	r.Host, _ = os.Hostname()
	r.PID = os.Getpid()
	r.User = currentUser(getenv)
	r.TTY = terminal()
}

func currentUser(getenv func(string) string) User {
	u := User{UID: os.Getuid()}
	u.Name = userName(u.UID)
	if data, err := os.ReadFile("/proc/self/loginuid"); err == nil {
		// 4294967295 ((uid_t)-1) means no login session (a daemon, cron
		// without pam_loginuid).
		if id, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 32); err == nil && id != 4294967295 && int(id) != u.UID {
			u.Login = userName(int(id))
			if u.Login == "" {
				u.Login = strconv.FormatUint(id, 10)
			}
		}
	}
	if getenv != nil {
		u.SudoUser = getenv("SUDO_USER")
	}
	return u
}

func userName(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
		return u.Username
	}
	return ""
}

// terminal is the terminal on stdin, else stderr, else stdout: the
// target of its /proc/self/fd link (what ttyname(3) returns).
func terminal() string {
	for _, fd := range []int{0, 2, 1} {
		if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err != nil {
			continue
		}
		if p, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd)); err == nil {
			return p
		}
	}
	return ""
}
