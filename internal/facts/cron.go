package facts

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/belay-sh/belay/internal/lazy"
	"github.com/belay-sh/belay/internal/shell"
	"github.com/robfig/cron/v3"

	"github.com/belay-sh/belay/internal/crontab"
)

// ScheduledReboot is a cron entry, at job or pending shutdown that will
// reboot, halt or power off the host.
type ScheduledReboot struct {
	Kind    string     `json:"kind"`           // "cron", "at" or "shutdown"
	Source  string     `json:"source"`         // the file it was found in, a host path
	Line    int        `json:"line,omitempty"` // 1-based line in Source, 0 if not line-based
	Text    string     `json:"text"`           // the line (or job command) as written
	User    string     `json:"user,omitempty"` // who it runs as, when known
	Command string     `json:"command"`        // the command that reboots
	Next    *time.Time `json:"next,omitempty"` // when it next runs; nil if unknown or never
}

// String names the entry as a sysadmin would look for it:
// "/etc/crontab:12: 15 3 * * * root /sbin/reboot (next 2026-12-01 03:15 UTC)".
func (s ScheduledReboot) String() string {
	where := s.Source
	if s.Line > 0 {
		where += ":" + strconv.Itoa(s.Line)
	}
	when := ""
	if s.Next != nil {
		when = " (next " + s.Next.Format("2006-01-02 15:04 MST") + ")"
	} else if s.Kind == "cron" {
		when = " (never runs)"
	}
	return where + ": " + s.Text + when
}

// cronLine is one job of a crontab that runs on a schedule.
type cronLine struct {
	Line    int
	Text    string // the line, trimmed
	Spec    string // "15 3 * * *" or "@daily"
	TZ      string // CRON_TZ (or TZ) in effect for the line
	User    string // system crontabs only
	Command string // up to the first unescaped %, with \% unescaped
	Shell   string // the command with its standard input, as shell code (crontab.Entry.Shell)
	Sched   cron.Schedule
}

// lineError is a line of input that was skipped, and why.
type lineError struct {
	Line int
	Msg  string
}

// parseCrontab reads a crontab (internal/crontab): system format (with a
// user column, as in /etc/crontab and /etc/cron.d) or user format. @reboot
// jobs run at boot and schedule nothing, so they are left out; a line cron
// refuses, or whose schedule robfig/cron cannot read, is reported.
func parseCrontab(data []byte, system bool) ([]cronLine, []lineError) {
	format := crontab.User
	if system {
		format = crontab.System
	}
	var out []cronLine
	var errs []lineError
	tz := ""
	for e := range crontab.Parse(string(data), format) {
		switch {
		case e.Kind == crontab.Env:
			if e.Name == "CRON_TZ" || e.Name == "TZ" {
				tz = e.Value
			}
			continue
		case e.Kind == crontab.Bad:
			errs = append(errs, lineError{e.Line, e.Err})
			continue
		case e.Schedule[0] == "@reboot":
			continue
		}
		spec := e.Schedule[0]
		if len(e.Schedule) == 5 {
			fields := slices.Clone(e.Schedule)
			fields[4] = fixDow(fields[4])
			spec = strings.Join(fields, " ")
		}
		sched, err := cronSchedule(spec, tz)
		if err != nil {
			errs = append(errs, lineError{e.Line, err.Error()})
			continue
		}
		code, _ := e.Shell()
		out = append(out, cronLine{Line: e.Line, Text: e.Text, Spec: spec, TZ: tz, User: e.User,
			Command: e.Command, Shell: code, Sched: sched})
	}
	return out, errs
}

// cronSchedule parses a 5-field spec or descriptor with robfig/cron,
// in the time zone tz if set; a panic in the parser is an error.
func cronSchedule(spec, tz string) (s cron.Schedule, err error) {
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("bad schedule %s", quoteShort(spec))
		}
	}()
	if tz != "" && !strings.ContainsAny(tz, " \t") {
		if s, err := cron.ParseStandard("CRON_TZ=" + tz + " " + spec); err == nil {
			return s, nil
		}
	}
	s, err = cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("bad schedule %s: %v", quoteShort(spec), err)
	}
	return s, nil
}

// nextRun returns the next time a schedule runs after now, in loc; nil if never.
func nextRun(s cron.Schedule, now time.Time, loc *time.Location) (t *time.Time) {
	defer func() {
		if recover() != nil {
			t = nil
		}
	}()
	n := s.Next(now.In(loc))
	if n.IsZero() {
		return nil
	}
	n = n.In(loc)
	return &n
}

// fixDow maps cron's 7 (Sunday) into robfig's 0..6 day-of-week range.
func fixDow(f string) string {
	parts := strings.Split(f, ",")
	for i, p := range parts {
		switch {
		case p == "7":
			parts[i] = "0"
		case strings.HasSuffix(p, "-7") && !strings.Contains(p, "/"):
			lo := strings.TrimSuffix(p, "-7")
			if lo == "7" {
				parts[i] = "0"
			} else {
				parts[i] = lo + "-6,0"
			}
		}
	}
	return strings.Join(parts, ",")
}

// quoteShort quotes s for a message, cut to a readable length.
func quoteShort(s string) string {
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return strconv.Quote(s)
}

// atName is the file name of an at job: queue letter, 5 hex digits of job
// number, 8 hex digits of minutes since the epoch.
var atName = lazy.Regexp{Expr: `^[a-zA-Z=]([0-9a-f]{5})([0-9a-f]{8})$`} // compiled on first use: a check that asks no fact pays nothing

// atJobTime decodes the run time from an at job's file name.
func atJobTime(name string) (time.Time, bool) {
	m := atName.Get().FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, false
	}
	min, err := strconv.ParseUint(m[2], 16, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(int64(min)*60, 0), true
}

// atCmd is one line of an at job's commands.
type atCmd struct {
	Line int
	Text string
}

// parseAtJob returns the user's command lines of an at job script. at(1)
// writes a preamble (umask, exported environment, cd) and then the commands,
// since at 3.1.14 inside a heredoc "${SHELL:-/bin/sh} << 'marcinDELIMITER…'".
func parseAtJob(data []byte) []atCmd {
	lines := strings.Split(string(data), "\n")
	start, end := 0, len(lines)
	found := false
	for i, l := range lines {
		if j := strings.Index(l, "<<"); j >= 0 && strings.Contains(l, "marcinDELIMITER") {
			delim := strings.Trim(strings.TrimSpace(l[j+2:]), `'"`)
			start, found = i+1, true
			for k := i + 1; k < len(lines); k++ {
				if strings.TrimRight(lines[k], "\r") == delim {
					end = k
					break
				}
			}
			break
		}
	}
	if !found {
		// older at: commands follow the "cd DIR || { ... }" block
		for i, l := range lines {
			if strings.TrimSpace(l) == "}" {
				start = i + 1
			}
		}
	}
	var out []atCmd
	for i := start; i < end; i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" || t[0] == '#' {
			continue
		}
		if !found && isExportLine(t) {
			continue
		}
		out = append(out, atCmd{i + 1, t})
	}
	return out
}

// isExportLine matches at's preamble lines "NAME=value; export NAME" and "umask 22".
func isExportLine(t string) bool {
	if strings.HasPrefix(t, "umask ") {
		return true
	}
	i := strings.Index(t, "; export ")
	return i > 0 && isAssignment(t[:i])
}

// shutdownState is systemd's /run/systemd/shutdown/scheduled.
type shutdownState struct {
	Mode    string
	When    time.Time
	HasWhen bool
}

// parseShutdownScheduled reads systemd's scheduled-shutdown file (USEC=, MODE=).
func parseShutdownScheduled(data []byte) (shutdownState, []lineError) {
	var st shutdownState
	var errs []lineError
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			errs = append(errs, lineError{i + 1, "not KEY=VALUE"})
			continue
		}
		switch k {
		case "USEC":
			u, err := strconv.ParseUint(v, 10, 64)
			if err != nil || u > 1<<62 {
				errs = append(errs, lineError{i + 1, "bad USEC " + quoteShort(v)})
				continue
			}
			st.When, st.HasWhen = time.UnixMicro(int64(u)), true
		case "MODE":
			st.Mode = v
		}
	}
	if st.Mode == "" {
		st.Mode = "poweroff" // systemd's default
	}
	return st, errs
}

// cronDirs are scanned for crontabs: system format, then user format.
var (
	systemCronFiles = []string{"/etc/crontab"}
	systemCronDirs  = []string{"/etc/cron.d"}
	userCronDirs    = []string{"/var/spool/cron/crontabs", "/var/spool/cron/tabs", "/var/spool/cron"}
	atDirs          = []string{"/var/spool/cron/atjobs", "/var/spool/at", "/var/spool/atjobs"}
)

// debianName is run-parts' rule for file names, which Debian's cron applies to /etc/cron.d.
var debianName = lazy.Regexp{Expr: `^[A-Za-z0-9_-]+$`} // compiled on first use: a check that asks no fact pays nothing

// cronFileSkipped says whether cron ignores a file in a cron directory.
func cronFileSkipped(name string, debian bool) bool {
	if debian {
		return !debianName.Get().MatchString(name)
	}
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") {
		return true
	}
	for _, s := range []string{".rpmsave", ".rpmorig", ".rpmnew", ".dpkg-old", ".dpkg-dist", ".dpkg-new", ".swp"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

func (h *Host) rebootAnswer() Answer {
	return listAnswer(h.scheduledReboots(), "no reboot scheduled by cron, at or shutdown", "; ", ScheduledReboot.String)
}

// scheduledReboots probes cron, at and shutdown once.
func (h *Host) scheduledReboots() []ScheduledReboot {
	if h.reboots != nil {
		return *h.reboots
	}
	now := h.now()
	loc := h.cronLocation(now)
	var out []ScheduledReboot
	debian := false
	addTab := func(file string, system bool, user string) {
		data, ok := h.readPresent(file, true)
		if !ok {
			return
		}
		lines, errs := parseCrontab(data, system)
		for _, e := range errs {
			h.problem("%s:%d: %s", file, e.Line, e.Msg)
		}
		for _, l := range lines {
			if !h.isReboot(l.Shell) {
				continue
			}
			u := l.User
			if !system {
				u = user
			}
			out = append(out, ScheduledReboot{Kind: "cron", Source: file, Line: l.Line, Text: l.Text,
				User: u, Command: l.Command, Next: nextRun(l.Sched, now, loc)})
		}
	}
	for _, f := range systemCronFiles {
		addTab(f, true, "")
	}
	for _, d := range systemCronDirs {
		names := h.listDir(d)
		if len(names) > 0 {
			debian = h.exists("/etc/debian_version")
		}
		for _, n := range names {
			if !cronFileSkipped(n, debian) {
				addTab(path.Join(d, n), true, "")
			}
		}
	}
	for _, d := range userCronDirs {
		for _, n := range h.listDir(d) {
			if !strings.HasPrefix(n, ".") && !strings.HasSuffix(n, "~") {
				addTab(path.Join(d, n), false, n)
			}
		}
	}
	for _, d := range atDirs {
		for _, n := range h.listDir(d) {
			if strings.HasPrefix(n, ".") {
				continue
			}
			out = append(out, h.atJob(path.Join(d, n), n, loc)...)
		}
	}
	out = append(out, h.pendingShutdown(loc)...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Next, out[j].Next
		if a == nil || b == nil {
			return a != nil
		}
		return a.Before(*b)
	})
	h.reboots = &out
	return out
}

// listDir lists a directory's entries, sorted; absent means empty.
func (h *Host) listDir(d string) []string {
	names, err := h.readDirNames(d)
	if err != nil {
		if !notExist(err) {
			h.problem("%s: %s", d, errText(err))
		}
		return nil
	}
	sort.Strings(names)
	return names
}

// atJob returns the reboots in one at job file.
func (h *Host) atJob(file, name string, loc *time.Location) []ScheduledReboot {
	data, ok := h.readPresent(file, true)
	if !ok {
		return nil
	}
	var next *time.Time
	if t, ok := atJobTime(name); ok {
		t = t.In(loc)
		next = &t
	} else if fi, err := h.lstat(file); err == nil {
		t := fi.ModTime().In(loc)
		next = &t
	}
	var out []ScheduledReboot
	for _, c := range parseAtJob(data) {
		if h.isReboot(c.Text) {
			out = append(out, ScheduledReboot{Kind: "at", Source: file, Line: c.Line, Text: c.Text, Command: c.Text, Next: next})
		}
	}
	return out
}

// pendingShutdown reads systemd's scheduled shutdown, and sysvinit's
// shutdown.pid when its process is alive.
func (h *Host) pendingShutdown(loc *time.Location) []ScheduledReboot {
	var out []ScheduledReboot
	const sched = "/run/systemd/shutdown/scheduled"
	if data, ok := h.readPresent(sched, false); ok {
		st, errs := parseShutdownScheduled(data)
		for _, e := range errs {
			h.problem("%s:%d: %s", sched, e.Line, e.Msg)
		}
		flag := map[string]string{"reboot": "-r", "poweroff": "-P", "halt": "-H", "kexec": "-r (kexec)", "soft-reboot": "-r (soft)"}[st.Mode]
		if flag != "" {
			r := ScheduledReboot{Kind: "shutdown", Source: sched, Text: "shutdown " + flag + " (MODE=" + st.Mode + ")", Command: "shutdown " + flag}
			if st.HasWhen {
				t := st.When.In(loc)
				r.Next = &t
			}
			out = append(out, r)
		}
	}
	for _, pf := range []string{"/run/shutdown.pid", "/var/run/shutdown.pid"} {
		data, err := h.readFile(pf)
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil || pid <= 0 {
			h.problem("%s: bad pid %s", pf, quoteShort(strings.TrimSpace(string(data))))
			continue
		}
		argv := h.procTable().argv(pid)
		if len(argv) == 0 {
			continue
		}
		cmd := strings.Join(argv, " ")
		if h.isReboot(cmd) {
			out = append(out, ScheduledReboot{Kind: "shutdown", Source: pf, Text: fmt.Sprintf("%s (pid %d)", cmd, pid), Command: cmd})
		}
		break
	}
	return out
}

// cronLocation is the time zone cron runs in: the root's /etc/localtime,
// else the zone of now.
func (h *Host) cronLocation(now time.Time) *time.Location {
	data, err := h.readFile("/etc/localtime")
	if err == nil {
		name := "localtime"
		if tz, err := h.readFile("/etc/timezone"); err == nil && len(strings.TrimSpace(string(tz))) > 0 {
			name = strings.TrimSpace(string(tz))
		}
		if loc, err := time.LoadLocationFromTZData(name, data); err == nil {
			return loc
		}
		h.problem("/etc/localtime: not a time zone file")
	}
	return now.Location()
}

// rebootLine reports whether a command line that cron, at or a shell runs
// reboots or powers off this machine, as internal/shell reads it: the
// same analyzer as belay check. The line is read as sh reads it; one that
// only bash can parse (cron with SHELL=/bin/bash) is read as bash.
func rebootLine(cmd string) bool {
	a := shell.Analyze(cmd, shell.Options{Dialect: shell.POSIX})
	if a.ParseError != nil {
		if b := shell.Analyze(cmd, shell.Options{Dialect: shell.Bash}); b.ParseError == nil {
			a = b
		}
	}
	return a.Reboots()
}

// isAssignment reports whether a word is NAME=value.
func isAssignment(w string) bool {
	i := strings.IndexByte(w, '=')
	if i <= 0 {
		return false
	}
	for j := 0; j < i; j++ {
		c := w[j]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
