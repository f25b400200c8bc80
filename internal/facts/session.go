package facts

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
	"golang.org/x/sys/unix"
)

// Session is who is asking, from where, on which host.
type Session struct {
	SSH           bool    `json:"ssh"`
	SSHDetail     string  `json:"ssh_detail"` // "over SSH from 10.0.0.5", "sshd ancestor (pid 812)"
	Root          bool    `json:"root"`
	UID           int     `json:"uid"`
	Hostname      string  `json:"hostname"`
	UptimeSeconds float64 `json:"uptime_seconds"` // -1 when unknown
}

// sshNames are the process names of remote-login servers.
var sshNames = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"sshd": true, "sshd-session": true, "mosh-server": true, "dropbear": true}
}}

// maxAncestors bounds the walk up the process tree.
const maxAncestors = 64

// sessionInfo gathers the session facts once.
func (h *Host) sessionInfo() Session {
	if h.session != nil {
		return *h.session
	}
	s := Session{UID: os.Geteuid(), UptimeSeconds: -1}
	s.Root = s.UID == 0
	s.SSH, s.SSHDetail = h.sshSession()
	s.Hostname = h.hostname()
	s.UptimeSeconds = h.uptime()
	h.session = &s
	return s
}

// uptime reads /proc/uptime: seconds since boot, -1 if unknown.
func (h *Host) uptime() float64 {
	data, err := h.readFile("/proc/uptime")
	if err != nil {
		return -1
	}
	u, err := parseUptime(data)
	if err != nil {
		h.problem("/proc/uptime: %v", err)
		return -1
	}
	return u
}

// sshSession decides whether this is an SSH session: SSH_CONNECTION or
// SSH_TTY, else an sshd or mosh-server among the ancestors.
func (h *Host) sshSession() (bool, string) {
	if c := strings.Fields(h.env("SSH_CONNECTION")); len(c) > 0 {
		return true, "over SSH from " + c[0]
	}
	if t := h.env("SSH_TTY"); t != "" {
		return true, "over SSH (SSH_TTY=" + t + ")"
	}
	t := h.procTable()
	var st procStat
	var ok bool
	if h.real {
		parent := h.opt.Parent
		if parent <= 0 {
			parent = os.Getppid()
		}
		st, ok = t.procStat(parent)
	} else {
		var err error
		st, err = h.readStat("self")
		ok = err == nil
	}
	seen := map[int]bool{}
	for i := 0; ok && i < maxAncestors && !seen[st.PID]; i++ {
		seen[st.PID] = true
		name := st.Comm
		if c := t.name(st.PID); c != "" {
			name = c
		}
		if sshNames.Get()[name] {
			return true, fmt.Sprintf("%s ancestor (pid %d)", name, st.PID)
		}
		if st.PID <= 1 || st.PPID <= 0 {
			break
		}
		st, ok = t.procStat(st.PPID)
	}
	return false, "not an SSH session"
}

// hostname reads /etc/hostname, else asks the kernel on the live host.
func (h *Host) hostname() string {
	if data, err := h.readFile("/etc/hostname"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && l[0] != '#' {
				return l
			}
		}
	}
	if h.real {
		if n, err := os.Hostname(); err == nil {
			return n
		}
	}
	return ""
}

// parseUptime reads /proc/uptime's first field, seconds since boot.
func parseUptime(data []byte) (float64, error) {
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return 0, errors.New("empty")
	}
	u, err := strconv.ParseFloat(f[0], 64)
	if err != nil || u < 0 || u != u || u > 1e12 {
		return 0, fmt.Errorf("bad uptime %s", quoteShort(f[0]))
	}
	return u, nil
}

// formatUptime says how long the host has been up: "up 3d 4h 5m".
func formatUptime(sec float64) string {
	s := int64(sec)
	d, hr, m := s/86400, s%86400/3600, s%3600/60
	switch {
	case d > 0:
		return fmt.Sprintf("up %dd %dh %dm", d, hr, m)
	case hr > 0:
		return fmt.Sprintf("up %dh %dm", hr, m)
	}
	return fmt.Sprintf("up %dm %ds", m, s%60)
}

// sessionUser is the person behind the command: SUDO_USER under sudo (the
// plugin, belay sudo), else the real user's name.
func (h *Host) sessionUser() string {
	if u := h.env("SUDO_USER"); u != "" && h.env("SUDO_UID") != "" {
		return u
	}
	if u, err := user.LookupId(strconv.Itoa(os.Getuid())); err == nil {
		return u.Username
	}
	return h.env("USER")
}

// ownAccount answers account.own: name is the session's user, or the
// user USER or LOGNAME names (what $USER in the line stood for).
func (h *Host) ownAccount(name string) Answer {
	if name == "" {
		return Answer{Detail: "no account named"}
	}
	for _, u := range []string{h.sessionUser(), h.env("USER"), h.env("LOGNAME")} {
		if u != "" && u == name {
			return Answer{Holds: true, Detail: name + " is the account you are working as"}
		}
	}
	return Answer{Detail: name + " is another account"}
}

// sessionGroups are the names of sessionUser's groups, separated by
// spaces, at most 64.
func (h *Host) sessionGroups() string {
	name := h.sessionUser()
	if name == "" {
		return ""
	}
	u, err := user.Lookup(name)
	if err != nil {
		return ""
	}
	ids, err := u.GroupIds()
	if err != nil {
		return ""
	}
	var names []string
	for _, id := range ids[:min(len(ids), 64)] {
		if g, err := user.LookupGroupId(id); err == nil {
			names = append(names, g.Name)
		}
	}
	return strings.Join(names, " ")
}

// hasTTY says whether belay's standard input or error is a terminal.
func (h *Host) hasTTY() bool {
	if h.opt.TTY != nil {
		return h.opt.TTY()
	}
	for _, fd := range []int{0, 2} {
		if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err == nil {
			return true
		}
	}
	return false
}
