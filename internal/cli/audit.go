package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"

	"github.com/belay-sh/belay/internal/audit"
	"github.com/belay-sh/belay/internal/packs"
	"github.com/belay-sh/belay/internal/policy"
)

// systemAuditFile is the fleet's decision log. The package makes its
// directory; belay run as root makes it on first use (root:root, 0750).
// A variable for tests: trusted mode reads no environment to move it.
var systemAuditFile = "/var/log/belay/audit.jsonl"

// geteuid is os.Geteuid; tests stand in for root and for a user.
var geteuid = os.Geteuid

// auditFiles returns where records go, in order of preference:
// BELAY_AUDIT_FILE alone (for tests; not in trusted mode), else the
// config's audit.file or the fleet's log, then the user's own log.
//
// Run as root (a root shell, sudo belay …, the sudo plugin), belay never
// writes into a user's home: only the fleet's log, and syslog when that
// cannot be written. The environment that names a home (HOME,
// XDG_STATE_HOME) may be the invoking user's, whose ~/.local/state/belay
// could lead anywhere.
func (a *app) auditFiles(cfg *packs.Config) []audit.File {
	if f := a.getenv("BELAY_AUDIT_FILE"); f != "" && !a.trusted {
		return []audit.File{{Path: f, Mkdir: true}}
	}
	root := geteuid() == 0
	files := []audit.File{{Path: systemAuditFile, Mkdir: root, DirMode: 0o750}}
	if cfg != nil && cfg.Audit.File != "" {
		files[0] = audit.File{Path: cfg.Audit.File, Mkdir: true, DirMode: 0o750}
	}
	if root || a.trusted {
		return files
	}
	if f := a.userAuditFile(); f != "" {
		files = append(files, audit.File{Path: f, Mkdir: true})
	}
	return files
}

// userAuditFile is $XDG_STATE_HOME/belay/audit.jsonl, default
// ~/.local/state/belay/audit.jsonl.
func (a *app) userAuditFile() string {
	if x := a.getenv("XDG_STATE_HOME"); x != "" {
		return filepath.Join(x, "belay", "audit.jsonl")
	}
	if h := a.getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "state", "belay", "audit.jsonl")
	}
	return ""
}

// auditOptions says where a record goes. BELAY_AUDIT_SYSLOG=off turns
// syslog off, and a path sends to that socket instead (for tests); it is
// not read in trusted mode.
func (a *app) auditOptions(cfg *packs.Config, out *output) audit.Options {
	if cfg == nil {
		cfg = &packs.Config{}
	}
	opt := audit.Options{Files: a.auditFiles(cfg), Syslog: cfg.Audit.Syslog == nil || *cfg.Audit.Syslog}
	if fac, err := audit.Facility(cfg.Audit.Facility); err == nil {
		opt.Facility = fac
	} else {
		out.warnf("audit: %v: using auth", err)
	}
	if s := a.getenv("BELAY_AUDIT_SYSLOG"); s != "" && !a.trusted {
		switch s {
		case "off", "0", "false", "no":
			opt.Syslog = false
		default:
			opt.SyslogAddr = s
		}
	}
	return opt
}

// writeAudit fills in who and where, and records. A record that no file
// took is reported, and changes nothing else: the outcome stands.
func (a *app) writeAudit(rec *audit.Record, cfg *packs.Config) {
	a.writeAuditTo(rec, cfg, a.out)
}

// writeAuditTo is writeAudit reporting on out.
func (a *app) writeAuditTo(rec *audit.Record, cfg *packs.Config, out *output) {
	defer func() {
		if r := recover(); r != nil {
			out.warnf("audit: internal error: %v", r)
		}
	}()
	if a.holdAudit {
		a.held = append(a.held, heldRecord{rec, cfg})
		return
	}
	rec.Who(a.getenv)
	if a.auditTTY != nil {
		rec.TTY = a.auditTTY()
	}
	rec.Cwd = a.cwd
	if rec.Source == "" {
		rec.Source = a.source
	}
	opt := a.auditOptions(cfg, out)
	if _, err := audit.Write(rec, opt); err != nil {
		out.warnf("audit: %v", err)
	}
}

// heldRelative says whether a record held back would go to a log named
// by a relative path.
func (a *app) heldRelative() bool {
	for _, h := range a.held {
		if h.cfg != nil && h.cfg.Audit.File != "" && !filepath.IsAbs(h.cfg.Audit.File) {
			return true
		}
	}
	return false
}

// releaseAudit writes the records holdAudit kept back.
func (a *app) releaseAudit() {
	a.holdAudit = false
	for _, h := range a.held {
		a.writeAudit(h.rec, h.cfg)
	}
	a.held = nil
}

// settle is deferred by conclude: it turns a panic while reporting or
// asking into "confirmation needed" (exit 3) with an error, never a crash
// that a hook could take for a missing guard, and records the outcome.
func (a *app) settle(o *checkOpts, v *verdict, outcome *string, code *int) {
	if r := recover(); r != nil {
		*outcome, *code = "internal error", ExitConfirm
		a.internalError(r)
	}
	a.auditCheck(o, v, *outcome)
}

// settleJudge is deferred by judge: a panic while analysing becomes exit
// 3 with an error, and is recorded.
func (a *app) settleJudge(o *checkOpts, line string, argv []string, v **verdict, err *error) {
	r := recover()
	if r == nil {
		return
	}
	*v = nil
	*err = &exitError{code: ExitConfirm, msg: fmt.Sprintf("internal error: %v", r),
		hint: "the line was not run; please report this with the line that caused it"}
	if argv != nil {
		line = joinArgv(argv)
	}
	rec := &audit.Record{Decision: policy.Confirm.String(), Outcome: "internal error", Shell: o.shell, Reason: fmt.Sprint(r)}
	rec.SetLine(line)
	a.agent.mark(rec)
	cfg, _ := a.loadConfig()
	a.writeAudit(rec, cfg)
}

func (a *app) internalError(r any) {
	if a.out == nil {
		a.out = newOutput(a.stderr, a.getenv, "auto")
	}
	a.out.errorf("internal error: %v", r)
	a.out.hint("the line was not run; please report this with the line that caused it")
}

// auditCheck records the outcome of one check: every one that a rule had
// a say in (warned, stopped, asked, acknowledged, observed), and allowed
// lines too when audit.log_allowed is set.
func (a *app) auditCheck(o *checkOpts, v *verdict, outcome string) {
	if v == nil {
		return
	}
	var cfg *packs.Config
	if v.rules != nil {
		cfg = v.rules.Config
	}
	var refused []string
	if v.rules != nil {
		refused = refusedList(v.rules)
	}
	// Under sudo a refused fleet pack (or fleet config) is a hole in the
	// fleet's policy: every command judged without it is recorded, allowed
	// or not.
	if outcome == "allowed" && (cfg == nil || !cfg.Audit.LogAllowed) && !(a.trusted && len(refused) > 0) {
		return
	}
	rec := &audit.Record{
		Decision:     v.decision.Action.String(),
		Outcome:      outcome,
		Shell:        o.shell,
		Rules:        findingIDs(v.decision, policy.Warn),
		Acknowledged: v.decision.Acknowledged,
		Reason:       v.reason,
		Refused:      refused,
		Impact:       auditImpact(v.impactLines()),
	}
	rec.SetLine(v.line)
	a.agent.mark(rec)
	a.writeAudit(rec, cfg)
}

// auditEvent records what belay did not decide itself (hidden):
//
//	belay audit-event fallback --shell SHELL --reason REASON -- LINE
//
// A shell hook runs it when it let a line run unchecked because belay
// failed (timed out, crashed, was not found). It always exits 0 unless
// used wrongly.
func (a *app) auditEvent(args []string) error {
	if len(args) == 0 || args[0] != "fallback" {
		return usageErr("audit-event takes: fallback --shell SHELL --reason REASON -- LINE", "")
	}
	var shellName, reason string
	fs := flagSet("audit-event fallback", map[string]any{"shell": &shellName, "reason": &reason})
	if err := a.parseFlags(fs, args[1:]); err != nil {
		return err
	}
	cfg, ignored := a.loadConfig()
	for _, msg := range ignored {
		a.out.warnf("config: %s", msg)
	}
	rec := &audit.Record{Decision: "unchecked", Outcome: "fallback", Shell: shellName, Reason: reason}
	rec.SetLine(strings.Join(fs.Args(), " "))
	a.writeAudit(rec, cfg)
	return nil
}

// logCmd shows the decision log, newest first:
//
//	belay log [--since DURATION] [--json] [--file FILE] [--color WHEN]
func (a *app) logCmd(args []string) error {
	var since, file, colour string
	var asJSON, all bool
	flags := flagSet("log", map[string]any{"since": &since, "json": &asJSON, "file": &file, "color": &colour, "config": &a.configPath, "all": &all})
	if err := a.parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErr("belay log takes no operands", "belay log [--since 24h] [--json] [--file FILE]")
	}
	if colour != "auto" && colour != "always" && colour != "never" {
		return usageErr("--color takes auto, always or never", "")
	}
	var cutoff time.Time
	if since != "" {
		d, err := parseSince(since)
		if err != nil {
			return usageErr("--since: "+err.Error(), "a duration such as 90m, 24h or 7d")
		}
		cutoff = time.Now().Add(-d)
	}
	path := file
	if path == "" {
		cfg, ignored := a.loadConfig()
		for _, msg := range ignored {
			a.out.warnf("config: %s", msg)
		}
		path = logToRead(a.auditFiles(cfg))
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && file == "" {
		a.out.hint("no decisions recorded yet in " + path)
		return nil
	}
	if err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	if !fi.Mode().IsRegular() {
		return &exitError{code: ExitUsage, msg: path + ": not a regular file"}
	}
	out := newOutput(a.stdout, a.getenv, colour)
	hidden := 0
	// Writers race a little: a record may land a moment after a newer one.
	const slack = 5 * time.Minute
	skipped, err := audit.ReadNewest(f, fi.Size(), func(r *audit.Record, line []byte) bool {
		if !cutoff.IsZero() && r.Time.Before(cutoff) {
			return r.Time.After(cutoff.Add(-slack))
		}
		if r.Source == "check" && !all {
			// A line tried by hand with belay check stopped nothing.
			hidden++
			return true
		}
		if asJSON {
			a.stdout.Write(jsonSafe(line))
			io.WriteString(a.stdout, "\n")
		} else {
			printRecord(out, a.stdout, r)
		}
		return true
	})
	if skipped > 0 {
		a.out.warnf("%d line(s) of %s are not records (torn or garbage): skipped", skipped, path)
	}
	if hidden > 0 && !asJSON {
		a.out.hint(fmt.Sprintf("%d manual check(s) (belay check) not shown: belay log --all shows them", hidden))
	}
	if err != nil {
		return &exitError{code: ExitUsage, msg: path + ": " + err.Error()}
	}
	return nil
}

// logToRead picks the log belay log shows: the first candidate belay
// would write to that exists, else the first that exists, else the first.
func logToRead(files []audit.File) string {
	for _, f := range files {
		if unix.Access(f.Path, unix.W_OK) == nil {
			return f.Path
		}
	}
	for _, f := range files {
		if _, err := os.Stat(f.Path); err == nil {
			return f.Path
		}
	}
	if len(files) > 1 && files[0].Path == systemAuditFile {
		return files[1].Path
	}
	if len(files) == 0 {
		return systemAuditFile
	}
	return files[0].Path
}

// parseSince reads a duration, with d for days.
func parseSince(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.ParseFloat(n, 64)
		if err != nil || days < 0 || days > 100000 {
			return 0, fmt.Errorf("bad duration %s", quote(s))
		}
		return time.Duration(days * 24 * float64(time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad duration %s", quote(s))
	}
	return d, nil
}

// outcomeWidth is the width of the longest outcome, "confirmation needed".
const outcomeWidth = 19

// printRecord writes one record as a line: time, outcome, user, the
// command made safe for the terminal, rule ids, and the reason.
func printRecord(out *output, w io.Writer, r *audit.Record) {
	colour := out.yellow
	switch {
	case r.Outcome == "blocked" || r.Outcome == "declined" || r.Outcome == "fallback" || r.Outcome == "internal error":
		colour = out.red
	case r.Outcome == "allowed":
		colour = out.dim
	case strings.HasPrefix(r.Outcome, "observed"):
		colour = out.cyan
	}
	who := r.User.Name
	if who == "" {
		who = "uid " + strconv.Itoa(r.User.UID)
	}
	if r.User.SudoUser != "" && r.User.SudoUser != who {
		who = r.User.SudoUser + "→" + who
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s  %s", r.Time.Local().Format("2006-01-02 15:04:05"),
		colour.Sprint(fmt.Sprintf("%-*s", outcomeWidth, safe(r.Outcome))), safe(who), safe(r.RawLine()))
	if r.LineBytes > len(r.Line) {
		b.WriteString(out.dim.Sprintf(" … (%d bytes)", r.LineBytes))
	}
	if len(r.Rules) > 0 {
		b.WriteString(" " + out.dim.Sprint("["+safe(strings.Join(r.Rules, ", "))+"]"))
	}
	if len(r.Acknowledged) > 0 {
		b.WriteString(" " + out.dim.Sprint("acknowledged: "+safe(strings.Join(r.Acknowledged, ", "))))
	}
	if r.Reason != "" {
		b.WriteString(" " + out.dim.Sprint("("+safe(r.Reason)+")"))
	}
	if r.Source != "" {
		b.WriteString(" " + out.dim.Sprint("via "+safe(r.Source)))
	}
	b.WriteByte('\n')
	io.WriteString(w, b.String())
}

// jsonSafe escapes DEL and the C1 control characters, which JSON allows
// raw inside strings and some terminals obey (U+009B is CSI), and
// replaces bytes that are not UTF-8. Outside a string none of them can
// appear in a line that parsed, so this is still the same JSON.
func jsonSafe(line []byte) []byte {
	if utf8.Valid(line) && !bytes.ContainsFunc(line, func(r rune) bool { return r == 0x7f || (r >= 0x80 && r < 0xa0) }) {
		return line
	}
	var b bytes.Buffer
	for _, r := range string(line) {
		if r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.Bytes()
}
