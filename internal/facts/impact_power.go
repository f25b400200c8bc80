package facts

import (
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/belay-sh/belay/internal/lazy"
)

// The probes of a reboot, a shutdown, or stopping the way in (sshd, the
// network): who is logged in, which guests and long jobs would be cut,
// reboots already pending, the uptime, and the connection you are on.

func powerProbes(r ImpactRequest) []probe {
	ps := []probe{
		{label: "users", what: "guests, jobs and logins", run: func(x *impactRun) []ImpactItem { return x.processes(r.Kind) }},
		{label: "host", what: "uptime", run: func(x *impactRun) []ImpactItem { return x.hostItems(r.Kind) }},
	}
	if r.Kind == ImpactPower {
		ps = append(ps,
			probe{label: "reboots", what: "scheduled reboots", run: func(x *impactRun) []ImpactItem { return x.pendingReboots() }},
			probe{label: "dpkg", what: "dpkg's state", run: func(x *impactRun) []ImpactItem { return x.dpkgItems() }})
	}
	return ps
}

// userHZ is the kernel's clock tick for /proc times (USER_HZ): 100 on
// every Linux architecture belay runs on; sysconf(_SC_CLK_TCK) needs libc.
const userHZ = 100

// jobKinds are the programs whose work is lost or left half-done when
// they are cut: package managers, copies, backups, database dumps, disk
// tools, by process name (comm, at most 15 characters).
var jobKinds = lazy.Value[map[string]string]{Build: func() map[string]string {
	return map[string]string{
		"apt": "packages", "apt-get": "packages", "aptitude": "packages", "dpkg": "packages",
		"unattended-upgr": "packages", "yum": "packages", "dnf": "packages", "rpm": "packages",
		"zypper": "packages", "pacman": "packages", "emerge": "packages", "apk": "packages", "snap": "packages",
		"rsync": "copy", "scp": "copy", "sftp-server": "copy", "rclone": "copy", "dd": "copy",
		"borg": "backup", "restic": "backup", "duplicity": "backup", "bacula-fd": "backup", "bareos-fd": "backup",
		"duplicati": "backup", "rdiff-backup": "backup", "tar": "backup", "zfs": "backup", "btrfs": "backup",
		"pg_dump": "dump", "pg_dumpall": "dump", "pg_basebackup": "dump", "mysqldump": "dump", "mariadb-dump": "dump",
		"mongodump": "dump", "xtrabackup": "dump", "mariabackup": "dump", "redis-cli": "dump",
		"fsck": "disk", "e2fsck": "disk", "xfs_repair": "disk", "resize2fs": "disk", "badblocks": "disk",
		"cryptsetup": "disk", "pvmove": "disk", "lvconvert": "disk", "mkfs": "disk",
	}
}}

// isJob reports whether a process name is a long job's.
func isJob(name string) bool {
	if jobKinds.Get()[name] != "" {
		return true
	}
	return strings.HasPrefix(name, "mkfs.") || strings.HasPrefix(name, "fsck.")
}

// job is a long-running process met on the scan.
type job struct {
	pid, ppid int
	name      string
	argv      []string
	runtime   time.Duration // -1 if unknown
}

// sshSession is an sshd session process: "sshd: alice@pts/0".
type sshSession struct {
	pid  int
	user string
	tty  string // "pts/0", or "notty" for a command or a copy
}

// parseSSHTitle reads the process title sshd gives a session's
// unprivileged process: "sshd: USER@TTY" (or "sshd-session: USER@TTY").
func parseSSHTitle(argv []string) (sshSession, bool) {
	if len(argv) == 0 {
		return sshSession{}, false
	}
	s := strings.Join(argv, " ")
	rest, ok := strings.CutPrefix(s, "sshd: ")
	if !ok {
		rest, ok = strings.CutPrefix(s, "sshd-session: ")
	}
	if !ok {
		return sshSession{}, false
	}
	rest = strings.TrimSpace(rest)
	user, tty, ok := strings.Cut(rest, "@")
	tty, _, _ = strings.Cut(tty, " ")
	if !ok || user == "" || tty == "" || strings.ContainsAny(user, " [") {
		return sshSession{}, false
	}
	return sshSession{user: user, tty: tty}, true
}

// processes scans /proc once for guests (reboot only), long jobs and SSH
// sessions, and reads who is logged in.
func (x *impactRun) processes(kind ImpactKind) []ImpactItem {
	var items []ImpactItem
	t := x.h.procTable()
	if kind == ImpactPower {
		if it, ok := x.guestItem(); ok {
			items = append(items, it)
		}
	}
	self := -1
	if x.h.real {
		self = os.Getpid()
	}
	up := x.h.uptime()
	var jobs []job
	var sessions []sshSession
	cut := false
	isJobPID := map[int]bool{}
	for _, pid := range t.list() {
		if x.late() {
			cut = true
			break
		}
		if pid == self {
			continue
		}
		name := t.name(pid)
		switch {
		case isJob(name):
			j := job{pid: pid, name: name, argv: t.argv(pid), runtime: -1}
			if st, ok := t.procStat(pid); ok {
				j.ppid = st.PPID
			}
			if data, err := x.h.readFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil && up >= 0 {
				if ticks, ok := procStartTicks(data); ok {
					j.runtime = max(time.Duration((up-float64(ticks)/userHZ)*float64(time.Second)), 0)
				}
			}
			isJobPID[pid] = true
			jobs = append(jobs, j)
		case sshNames.Get()[name]:
			if s, ok := parseSSHTitle(t.argv(pid)); ok {
				s.pid = pid
				sessions = append(sessions, s)
			}
		}
	}
	// a job's helpers (dpkg under apt, rsync's receiver) are the same job
	var top []job
	for _, j := range jobs {
		if !isJobPID[j.ppid] {
			top = append(top, j)
		}
	}
	if len(top) > 0 {
		var parts []string
		for _, j := range top {
			parts = append(parts, j.String())
		}
		cert := Exact
		text := strings.Join(parts[:min(len(parts), 3)], "; ")
		if len(parts) > 3 {
			text += fmt.Sprintf("; and %d more", len(parts)-3)
		}
		if cut {
			cert, text = AtLeast, text+" (stopped at the time limit)"
		}
		items = append(items, ImpactItem{Label: "jobs", Text: text, Certainty: cert})
	} else if cut {
		items = append(items, ImpactItem{Label: "jobs", Text: "long-running jobs: unknown (stopped at the time limit)", Certainty: Unknown})
	}
	items = append(items, x.loginItem(sessions, cut))
	return items
}

// String names a job: "apt-get dist-upgrade (pid 4242, 12m)".
func (j job) String() string {
	cmd := j.name
	if len(j.argv) > 0 {
		a := append([]string{path.Base(j.argv[0])}, j.argv[1:]...)
		cmd = strings.Join(a, " ")
	}
	if len(cmd) > 48 {
		cmd = cmd[:47] + "…"
	}
	s := fmt.Sprintf("%s (pid %d", cmd, j.pid)
	if j.runtime >= 0 {
		s += ", " + short(j.runtime)
	}
	return s + ")"
}

// guestItem names the running guests and the state of those not running.
func (x *impactRun) guestItem() (ImpactItem, bool) {
	gs := x.h.runningGuests()
	if len(gs) == 0 {
		return ImpactItem{}, false
	}
	names := make([]string, 0, len(gs))
	for _, g := range gs {
		st := g.State
		if g.Kind == "qemu" && g.PID > 0 {
			st = x.qemuState(g.PID)
		}
		names = append(names, g.Name+stateNote(st))
	}
	return ImpactItem{Label: "guests", Text: fmt.Sprintf("%d running: %s", len(gs), listFit(names, 100)), Certainty: Exact}, true
}

// logins reads who is logged in: utmp, else logind's session files.
func (x *impactRun) logins() ([]login, bool) {
	for _, f := range []string{"/run/utmp", "/var/run/utmp"} {
		data, err := x.h.readFile(f)
		if err != nil {
			continue
		}
		ls := parseUtmp(data)
		// a record whose process is gone is stale (a crashed login)
		if pids := x.h.procTable().list(); len(pids) > 0 {
			live := ls[:0]
			for _, l := range ls {
				if l.PID <= 0 || x.h.exists("/proc/"+strconv.Itoa(l.PID)) {
					live = append(live, l)
				}
			}
			ls = live
		}
		return ls, true
	}
	names, err := x.h.readDirNames("/run/systemd/sessions")
	if err != nil {
		return nil, false
	}
	var ls []login
	for _, n := range names {
		if strings.Contains(n, ".") || len(ls) >= maxUtmpRecords {
			continue // NAME.ref FIFOs are never read
		}
		data, err := x.h.readFile("/run/systemd/sessions/" + n)
		if err != nil {
			continue
		}
		if l, ok := parseLogindSession(data); ok {
			ls = append(ls, l)
		}
	}
	return ls, true
}

// loginItem says who is logged in (user, terminal, from where, idle
// time from the terminal's last input), and which SSH sessions have no
// terminal: remote commands and copies.
func (x *impactRun) loginItem(sessions []sshSession, cut bool) ImpactItem {
	ls, ok := x.logins()
	now := x.h.now()
	var parts []string
	ttys := map[string]bool{}
	for _, l := range ls {
		s := l.User
		if l.Line != "" {
			s += " on " + l.Line
			ttys[l.User+"@"+l.Line] = true
		}
		if l.Host != "" {
			s += " from " + l.Host
		}
		if idle, ok := x.idle(l.Line, now); ok {
			if idle < time.Minute {
				s += " (active)"
			} else {
				s += " (idle " + short(idle) + ")"
			}
		}
		parts = append(parts, s)
	}
	var notty []string
	for _, s := range sessions {
		if !ttys[s.user+"@"+s.tty] && (s.tty == "notty" || !ok) {
			notty = append(notty, fmt.Sprintf("%s (pid %d)", s.user, s.pid))
		}
	}
	var text string
	cert := Exact
	switch {
	case !ok && len(notty) == 0:
		return ImpactItem{Label: "users", Text: "who is logged in: unknown (no utmp or logind sessions to read)", Certainty: Unknown}
	case !ok:
		cert = AtLeast
	case len(parts) == 0:
		text = "nobody logged in"
	default:
		text = fmt.Sprintf("%d logged in: %s", len(parts), listNames(parts, len(parts), 3))
	}
	if len(notty) > 0 {
		if text != "" {
			text += "; "
		}
		text += fmt.Sprintf("%s over SSH without a terminal: %s", pluralN(int64(len(notty)), "session", "sessions"), listNames(notty, len(notty), 3))
	}
	if cut && cert == Exact {
		cert = AtLeast
	}
	return ImpactItem{Label: "users", Text: text, Certainty: cert}
}

// idle is the time since a terminal's last input: now less its atime.
func (x *impactRun) idle(line string, now time.Time) (time.Duration, bool) {
	if line == "" || strings.Contains(line, "..") || strings.HasPrefix(line, "/") || strings.HasPrefix(line, ":") {
		return 0, false
	}
	fi, err := x.h.lstat("/dev/" + line)
	if err != nil {
		return 0, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	d := now.Sub(time.Unix(st.Atim.Sec, st.Atim.Nsec))
	return max(d, 0), true
}

// pendingReboots names reboots already scheduled by cron, at or shutdown.
func (x *impactRun) pendingReboots() []ImpactItem {
	rs := x.h.scheduledReboots()
	if len(rs) == 0 {
		return nil
	}
	text := "already scheduled: " + rs[0].String()
	if len(rs) > 1 {
		text += fmt.Sprintf("; and %d more", len(rs)-1)
	}
	return []ImpactItem{{Label: "reboots", Text: text, Certainty: Exact}}
}

// dpkgItems says whether dpkg is in the middle of a change.
func (x *impactRun) dpkgItems() []ImpactItem {
	st := x.h.dpkgProbe()
	if st.err != nil {
		return []ImpactItem{{Label: "dpkg", Text: "dpkg's state: unknown (" + st.err.Error() + ")", Certainty: Unknown}}
	}
	if len(st.bad) == 0 && !st.interrupted {
		return nil
	}
	var text string
	if len(st.bad) > 0 {
		var names []string
		for _, p := range st.bad {
			names = append(names, p.Name+" ("+p.Status+")")
		}
		text = fmt.Sprintf("%s not fully installed: %s", pluralN(int64(len(st.bad)), "package", "packages"), listNames(names, len(names), 3))
	}
	if st.interrupted {
		if text != "" {
			text += "; "
		}
		text += "a dpkg run was interrupted"
	}
	return []ImpactItem{{Label: "dpkg", Text: text + " (dpkg --configure -a finishes it)", Certainty: Exact}}
}

// hostItems names the host and its uptime, and the connection you are on.
func (x *impactRun) hostItems(kind ImpactKind) []ImpactItem {
	var items []ImpactItem
	name := x.h.hostname()
	up := x.h.uptime()
	switch {
	case name != "" && up >= 0:
		items = append(items, ImpactItem{Label: "host", Text: name + ", " + formatUptime(up), Certainty: Exact})
	case up >= 0:
		items = append(items, ImpactItem{Label: "host", Text: formatUptime(up), Certainty: Exact})
	case name != "":
		items = append(items, ImpactItem{Label: "host", Text: name + ", uptime unknown", Certainty: Exact})
	}
	if it, ok := x.youItem(kind); ok {
		items = append(items, it)
	}
	return items
}

// youItem says how you are connected, when it is over SSH.
func (x *impactRun) youItem(kind ImpactKind) (ImpactItem, bool) {
	var conn string
	if c := strings.Fields(x.h.env("SSH_CONNECTION")); len(c) == 4 {
		conn = fmt.Sprintf("SSH from %s to %s port %s", c[0], c[2], c[3])
	} else if ok, d := x.h.sshSession(); ok {
		if c, ok := strings.CutPrefix(d, "over "); ok {
			conn = c // "SSH from 10.0.0.5", "SSH (SSH_TTY=/dev/pts/0)"
		} else {
			conn = "an SSH session (" + d + ")"
		}
	} else {
		return ImpactItem{}, false
	}
	if kind == ImpactAccess {
		return ImpactItem{Label: "you", Text: "this is the connection you are on: " + conn, Certainty: Exact}, true
	}
	return ImpactItem{Label: "you", Text: "you are on " + conn, Certainty: Exact}, true
}
