package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/scan"
	"github.com/belay-sh/belay/internal/shell"
)

func init() {
	subUsages["scan"] = `usage: belay scan [flags] PATH...

Judge every command in shell scripts, shell history (bash, zsh, fish),
crontabs, systemd unit files and belay's audit log, without running
anything. Directories are walked; "-" reads standard input (give --kind).
Each finding is printed as FILE:LINE:COL RULE ACTION MESSAGE, then a
summary. Rules that ask about the host are judged as if no fact held:
scan judges what commands do, not this machine, unless --root is given.

flags:
  --json           print the findings as one JSON object on stdout
  --sarif          print SARIF 2.1.0 on stdout (code scanning)
  --kind KIND      read every file as script, history, crontab, unit or audit
  --shell SHELL    the language of scripts, history and crontabs: bash, zsh or sh
  --fail-on ACTION exit 1 when a finding is at least warn, confirm or block
                   (default block); none never fails
  --root DIR       ask the facts of the host under DIR for rules that need them
  --rules DIR      also load the packs in DIR (may be repeated)
  --config FILE    read this belay.toml instead of /etc/belay's and the user's

exit status: 0 nothing reached --fail-on, 1 something did, 2 usage error or
a file that could not be read.
`
}

// scanOpts are the flags of belay scan.
type scanOpts struct {
	json, sarif bool
	kind        string
	shell       string
	failOn      string
	root        string
	rules       stringList
}

// Limits on what scan reads.
const (
	maxScanFile = 512 << 20 // bytes in one file
	scanChunk   = 256       // units judged per batch
)

// progressAfter is how long a scan runs before it shows progress; a
// variable for tests.
var progressAfter = time.Second

// memoMax is how many distinct lines' verdicts a scan remembers; a
// variable so that benchmarks can measure without it.
var memoMax = 1 << 16

// scanFile is one file being scanned.
type scanFile struct {
	path  string    // as named or walked, for output
	kind  scan.Kind // how it is read
	lines int       // its number of lines
}

// scanFinding is one finding at a place in a file: a relFinding whose
// position has been moved from the unit's text into the file's.
type scanFinding struct {
	file *scanFile
	relFinding
}

// relFinding is a finding of one unit, at a position in the unit's text.
type relFinding struct {
	line, col    int
	rule         *policy.Rule
	ruleID       string
	action       policy.Action
	message      string
	command      string
	reference    string
	acknowledged bool
}

// hostless answers every fact as not holding: scan judges what commands
// do, not the state of the machine it happens to run on, so a rule that
// needs a fact (init is broken, an image is in use) does not match.
type hostless struct{}

// Ask says the fact does not hold.
func (hostless) Ask(string, string) (policy.Answer, error) { return policy.Answer{}, nil }

// scanner judges units against one rule set. Its methods may be called
// from several goroutines.
type scanner struct {
	set   *policy.Set
	asker policy.Asker

	mu   sync.Mutex
	memo map[memoKey]unitVerdict // verdicts of lines seen before (history repeats itself)
}

// unitVerdict is what one unit holds: its findings, at positions in its
// text, and how many commands the analyzer found in it.
type unitVerdict struct {
	findings []relFinding
	commands int
}

// memoKey is a line as the memo knows it: the same text in another
// language may run something else.
type memoKey struct {
	dialect shell.Dialect
	text    string
}

// scanBatch is a batch of units of one or more files, judged together
// and reported in order.
type scanBatch struct {
	jobs     []scanJob
	findings []scanFinding
	err      string    // a file that could not be read, reported in its place
	file     *scanFile // the file the batch ends in, for progress
	commands int       // invocations the analyzer found, added up by the workers
	done     chan struct{}
}

// scanJob is one unit of one file, to be judged.
type scanJob struct {
	file *scanFile
	unit scan.Unit
}

// scanFlags are the flags of belay scan, documented in subUsages["scan"].
func (a *app) scanFlags(o *scanOpts) *flag.FlagSet {
	fs := a.newFlags("scan")
	fs.BoolVar(&o.json, "json", false, "print the findings as JSON")
	fs.BoolVar(&o.sarif, "sarif", false, "print SARIF 2.1.0")
	fs.StringVar(&o.kind, "kind", "", "script, history, crontab, unit or audit")
	fs.StringVar(&o.shell, "shell", "", "bash, zsh or sh")
	fs.StringVar(&o.failOn, "fail-on", "block", "warn, confirm, block or none")
	fs.StringVar(&o.root, "root", "", "host root for facts")
	fs.Var(&o.rules, "rules", "extra rule pack directory")
	fs.StringVar(&a.configPath, "config", "", "config file")
	return fs
}

// scan is belay scan.
func (a *app) scan(args []string) error {
	var o scanOpts
	fs := a.scanFlags(&o)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if o.json && o.sarif {
		return usageErr("--json and --sarif cannot be used together", "")
	}
	var kind scan.Kind
	if o.kind != "" {
		k, ok := scan.ParseKind(o.kind)
		if !ok {
			return usageErr("unknown kind "+quote(o.kind), "use script, history, crontab, unit or audit")
		}
		kind = k
	}
	var dialect shell.Dialect
	if o.shell != "" {
		d, ok := shell.ParseDialect(o.shell)
		if !ok || d == shell.Fish {
			return usageErr("unknown shell "+quote(o.shell), "use bash, zsh or sh (fish history is always read as fish)")
		}
		dialect = d
	}
	failOn := policy.Action(-1)
	if o.failOn != "none" {
		act, err := policy.ParseAction(o.failOn)
		if err != nil || act == policy.Allow {
			return usageErr("--fail-on takes warn, confirm, block or none", "")
		}
		failOn = act
	}
	if fs.NArg() == 0 {
		return usageErr("nothing to scan", "belay scan FILE|DIR...; '-' reads standard input")
	}
	l := a.loadRules(o.rules)
	a.warnRefused(l)
	s := &scanner{set: l.Set, asker: hostless{}, memo: map[memoKey]unitVerdict{}}
	if o.root != "" {
		s.asker = hostAsker{a.newHost(o.root, cmpDialect(dialect))}
	}

	run := &scanRun{app: a, s: s, kind: kind, opt: scan.Options{Dialect: dialect}, text: !o.json && !o.sarif}
	if f, ok := a.stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		run.progress = &progress{w: a.stderr, start: time.Now()}
	}
	run.scan(fs.Args())

	failed := false
	for _, f := range run.findings {
		if !f.acknowledged && failOn >= 0 && f.action >= failOn {
			failed = true
		}
	}
	switch {
	case o.json:
		a.scanJSON(run, failed)
	case o.sarif:
		a.scanSARIF(run)
	default:
		a.scanSummary(run)
	}
	if run.skipped > 0 {
		a.out.hint(fmt.Sprintf("%d file(s) of no kind belay reads were skipped; --kind reads them as one", run.skipped))
	}
	switch {
	case run.unreadable > 0:
		return &exitError{code: ExitUsage}
	case failed:
		return &exitError{code: ExitBlock}
	}
	return nil
}

// cmpDialect is d, or bash when no --shell was given.
func cmpDialect(d shell.Dialect) shell.Dialect {
	if d == "" {
		return shell.Bash
	}
	return d
}

// scanRun is one belay scan: the files it read and what it found.
type scanRun struct {
	app      *app
	s        *scanner
	kind     scan.Kind // forced with --kind, or "" to tell each file's
	opt      scan.Options
	text     bool // print findings as they come (not --json or --sarif)
	progress *progress

	files      []*scanFile
	findings   []scanFinding
	commands   int
	skipped    int                // walked files of no kind
	unreadable int                // files named or walked that could not be read
	seen       map[[2]uint64]bool // device and inode of the walked files read
}

// errSeen is a walked file already read under another name.
var errSeen = errors.New("already read")

// scan reads every path and judges what they hold, in parallel, keeping
// the order of files and of units in them.
func (r *scanRun) scan(paths []string) {
	chunks := make(chan *scanBatch, 2*runtime.GOMAXPROCS(0))
	work := make(chan *scanBatch, 2*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				for i := range c.jobs {
					c.findings = r.s.judge(c.jobs[i].file, &c.jobs[i].unit, c.findings, &c.commands)
				}
				close(c.done)
			}
		}()
	}
	go func() {
		r.produce(paths, func(c *scanBatch) {
			if c.err == "" {
				work <- c
			} else {
				close(c.done)
			}
			chunks <- c
		})
		close(work)
		close(chunks)
	}()
	for c := range chunks {
		<-c.done
		r.collect(c)
	}
	wg.Wait()
	r.progress.clear()
}

// collect takes in a judged chunk, in order.
func (r *scanRun) collect(c *scanBatch) {
	if c.err != "" {
		r.progress.clear()
		r.app.out.errorf("%s", c.err)
		r.unreadable++
		return
	}
	r.commands += c.commands
	r.findings = append(r.findings, c.findings...)
	if r.text && len(c.findings) > 0 {
		r.progress.clear()
		for i := range c.findings {
			r.app.printFinding(&c.findings[i])
		}
	}
	if c.file != nil && len(c.jobs) > 0 {
		r.progress.show(c.file, c.jobs[len(c.jobs)-1].unit.Line)
	}
}

// produce walks the paths, reads each file and sends its units in chunks.
func (r *scanRun) produce(paths []string, send func(*scanBatch)) {
	cur := &scanBatch{done: make(chan struct{})}
	flush := func() {
		if len(cur.jobs) == 0 {
			return
		}
		send(cur)
		cur = &scanBatch{done: make(chan struct{})}
	}
	fail := func(format string, args ...any) {
		flush()
		send(&scanBatch{err: fmt.Sprintf(format, args...), done: make(chan struct{})})
	}
	file := func(path string, explicit bool) {
		data, kind, err := r.read(path, explicit)
		switch {
		case err == errSeen:
			return
		case err != nil:
			fail("%s", err.Error())
			return
		case kind == "":
			if explicit {
				fail("%s: cannot tell what kind of file this is; give --kind script, history, crontab, unit or audit", path)
			} else {
				r.skipped++
			}
			return
		}
		f := &scanFile{path: path, kind: kind, lines: countLines(data)}
		r.files = append(r.files, f)
		for u := range scan.Parse(kind, path, data, r.opt) {
			cur.jobs = append(cur.jobs, scanJob{file: f, unit: u})
			cur.file = f
			if len(cur.jobs) >= scanChunk {
				flush()
			}
		}
	}
	for _, p := range paths {
		if p == "-" {
			file(p, true)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			fail("%s", statErr(p, err))
			continue
		}
		if !fi.IsDir() {
			file(p, true)
			continue
		}
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			root += string(filepath.Separator) // walk the directory the link names
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fail("%s", statErr(path, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				switch d.Name() {
				case ".git", ".hg", ".svn", "node_modules":
					if path != p {
						return fs.SkipDir
					}
				}
				return nil
			}
			file(path, false)
			return nil
		})
		if err != nil {
			fail("%s", statErr(p, err))
		}
	}
	flush()
}

// statErr words an error reading a path.
func statErr(p string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return p + ": " + err.Error()
}

// read returns a file's content and kind. A walked file is read only when
// it is a regular file (or a link to one) whose name or first bytes say
// what it is; a named one may also be a pipe (crontab -l | belay scan -).
func (r *scanRun) read(path string, explicit bool) (string, scan.Kind, error) {
	if path == "-" {
		data, err := readAll(r.app.stdin, 0)
		if err != nil {
			return "", "", fmt.Errorf("-: %v", err)
		}
		kind := r.kind
		if kind == "" {
			kind = scan.Detect("", data[:min(len(data), 4096)])
		}
		return data, kind, nil
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil && !explicit && errors.Is(err, fs.ErrNotExist):
		return "", "", nil // a walked link to nothing
	case err != nil:
		return "", "", errors.New(statErr(path, err))
	}
	if !explicit {
		// A walk meets the same file under several names (enabled
		// units are links to their files): read it once.
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			id := [2]uint64{uint64(st.Dev), st.Ino}
			if r.seen[id] {
				return "", "", errSeen
			}
			if r.seen == nil {
				r.seen = map[[2]uint64]bool{}
			}
			r.seen[id] = true
		}
	}
	switch {
	case fi.Mode().IsRegular():
	case explicit && fi.Mode()&fs.ModeNamedPipe != 0:
	case explicit:
		return "", "", fmt.Errorf("%s: not a regular file", path)
	default:
		return "", "", nil
	}
	if fi.Mode().IsRegular() && fi.Size() > maxScanFile {
		return "", "", fmt.Errorf("%s: %d MiB is more than belay scan reads (%d MiB)", path, fi.Size()>>20, maxScanFile>>20)
	}
	kind := r.kind
	if kind == "" {
		kind = scan.Detect(path, "")
	}
	f, err := os.Open(path)
	if err != nil {
		return "", "", errors.New(statErr(path, err))
	}
	defer f.Close()
	var src io.Reader = f
	if kind == "" {
		// Only the head, to tell the kind: a large file of no kind is not read.
		head := make([]byte, 4096)
		n, err := io.ReadFull(f, head)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return "", "", errors.New(statErr(path, err))
		}
		head = head[:n]
		if kind = scan.Detect(path, string(head)); kind == "" {
			return "", "", nil
		}
		src = io.MultiReader(bytes.NewReader(head), f)
	}
	data, err := readAll(src, fi.Size())
	if err != nil {
		return "", "", errors.New(statErr(path, err))
	}
	return data, kind, nil
}

// readAll reads r into a string, without the copy of string(bytes), up to
// maxScanFile bytes; size is a hint.
func readAll(r io.Reader, size int64) (string, error) {
	var b strings.Builder
	if size > 0 && size <= maxScanFile {
		b.Grow(int(size) + 1)
	}
	n, err := io.Copy(&b, io.LimitReader(r, maxScanFile+1))
	if err != nil {
		return "", err
	}
	if n > maxScanFile {
		return "", fmt.Errorf("more than %d MiB", maxScanFile>>20)
	}
	return b.String(), nil
}

func countLines(data string) int {
	n := strings.Count(data, "\n")
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// judge analyses one unit, decides on it and appends its findings, at
// their places in the file, to out.
func (s *scanner) judge(f *scanFile, u *scan.Unit, out []scanFinding, commands *int) []scanFinding {
	if u.Err != "" {
		return append(out, scanFinding{file: f, relFinding: relFinding{line: u.Line, col: max(u.Col, 1),
			ruleID: policy.ParseErrorID, action: policy.Confirm, message: u.Err}})
	}
	v := s.verdict(u)
	*commands += v.commands
	for _, rf := range v.findings {
		rf.line, rf.col = u.Position(rf.line, rf.col)
		out = append(out, scanFinding{file: f, relFinding: rf})
	}
	return out
}

// verdict returns the verdict on a unit, remembered for units that the
// file does not give a context of their own.
func (s *scanner) verdict(u *scan.Unit) unitVerdict {
	cacheable := u.Argv == nil && u.Env == nil && u.Cwd == "" && u.Acks == nil && len(u.Text) < 4096
	key := memoKey{u.Dialect, u.Text}
	if cacheable {
		s.mu.Lock()
		rf, ok := s.memo[key]
		s.mu.Unlock()
		if ok {
			return rf
		}
	}
	rf := s.decide(u)
	if cacheable {
		s.mu.Lock()
		if len(s.memo) < memoMax {
			s.memo[key] = rf
		}
		s.mu.Unlock()
	}
	return rf
}

// decide analyses and judges one unit.
func (s *scanner) decide(u *scan.Unit) unitVerdict {
	// Whole scripts are one unit: read up to 1 MiB of them, offline.
	opt := shell.Options{Dialect: u.Dialect, Env: u.Env, Cwd: u.Cwd, MaxBytes: 1 << 20}
	var an *shell.Analysis
	if u.Argv != nil {
		an = shell.AnalyzeArgv(u.Argv, opt)
	} else {
		an = shell.Analyze(u.Text, opt)
		if an.ParseError != nil && u.Dialect == shell.POSIX {
			// #!/bin/sh scripts and cron lines often hold bashisms that
			// sh would reject; judge what bash makes of them.
			opt.Dialect = shell.Bash
			if b := shell.Analyze(u.Text, opt); b.ParseError == nil {
				an = b
			}
		}
	}
	d := s.set.DecideAcked(an, s.asker, u.Acks)
	var out []relFinding
	type seenKey struct {
		line, col int
		id        string
	}
	var seen map[seenKey]bool
	for _, f := range d.Findings {
		if f.Action < policy.Warn {
			continue
		}
		rf := relFinding{line: 1, col: 1, rule: f.Rule, ruleID: f.RuleID, action: f.Action, message: f.Message,
			reference: f.Reference, acknowledged: f.Acknowledged}
		switch {
		case f.Invocation != nil:
			rf.line, rf.col = posOf(f.Invocation.Pos)
			rf.command = f.Invocation.Text
		case f.RuleID == policy.ParseErrorID:
			var pe *shell.ParseError
			if errors.As(an.ParseError, &pe) && pe.Pos.IsValid() {
				rf.line, rf.col = pe.Pos.Line, pe.Pos.Col
				rf.message = "cannot parse: " + pe.Msg
			}
		}
		k := seenKey{rf.line, rf.col, rf.ruleID}
		if seen[k] {
			continue
		}
		if seen == nil {
			seen = map[seenKey]bool{}
		}
		seen[k] = true
		out = append(out, rf)
	}
	return unitVerdict{findings: out, commands: len(an.Invocations)}
}

// posOf is an invocation's line and column; 1, 1 when it has none.
func posOf(p shell.Pos) (int, int) {
	if !p.IsValid() {
		return 1, 1
	}
	return p.Line, p.Col
}

// printFinding prints one finding as FILE:LINE:COL RULE ACTION MESSAGE.
func (a *app) printFinding(f *scanFinding) {
	msg := f.message
	if f.acknowledged {
		msg += " (acknowledged with BELAY_ACK)"
	}
	fmt.Fprintf(a.stdout, "%s:%d:%d %s %s %s\n", safe(f.file.path), f.line, f.col, safe(f.ruleID), f.action, safe(msg))
}

// scanSummary prints the findings per rule and per action.
func (a *app) scanSummary(r *scanRun) {
	type ruleKey struct {
		id     string
		action policy.Action
	}
	byRule := map[ruleKey]int{}
	byAction := map[policy.Action]int{}
	acked := 0
	for _, f := range r.findings {
		if f.acknowledged {
			acked++
			continue
		}
		byRule[ruleKey{f.ruleID, f.action}]++
		byAction[f.action]++
	}
	w := a.stdout
	lines := 0
	for _, f := range r.files {
		lines += f.lines
	}
	where := fmt.Sprintf("%d file(s), %d line(s), %d command(s)", len(r.files), lines, r.commands)
	if len(byRule) == 0 {
		fmt.Fprintf(w, "scanned %s: no findings", where)
		if acked > 0 {
			fmt.Fprintf(w, " (%d acknowledged)", acked)
		}
		fmt.Fprintln(w)
		return
	}
	keys := make([]ruleKey, 0, len(byRule))
	for k := range byRule {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].action != keys[j].action {
			return keys[i].action > keys[j].action
		}
		if byRule[keys[i]] != byRule[keys[j]] {
			return byRule[keys[i]] > byRule[keys[j]]
		}
		return keys[i].id < keys[j].id
	})
	width := len("rule")
	for _, k := range keys {
		width = max(width, len(safe(k.id)))
	}
	fmt.Fprintf(w, "\n%-*s  %-7s  %8s\n", width, "rule", "action", "findings")
	for _, k := range keys {
		fmt.Fprintf(w, "%-*s  %-7s  %8d\n", width, safe(k.id), k.action, byRule[k])
	}
	fmt.Fprintf(w, "\n%-7s  %8s\n", "action", "findings")
	total := 0
	for _, act := range []policy.Action{policy.Block, policy.Confirm, policy.Warn} {
		fmt.Fprintf(w, "%-7s  %8d\n", act, byAction[act])
		total += byAction[act]
	}
	fmt.Fprintf(w, "\nscanned %s: %d finding(s)", where, total)
	if acked > 0 {
		fmt.Fprintf(w, ", %d acknowledged", acked)
	}
	fmt.Fprintln(w)
}

// jsonScanFinding is one finding in belay scan --json.
type jsonScanFinding struct {
	File         string `json:"file"`
	Line         int    `json:"line"`
	Col          int    `json:"col"`
	Kind         string `json:"kind"`
	Rule         string `json:"rule"`
	Action       string `json:"action"`
	Message      string `json:"message"`
	Command      string `json:"command,omitempty"`
	Reference    string `json:"reference,omitempty"`
	Acknowledged bool   `json:"acknowledged,omitempty"`
}

// scanJSON prints the whole scan as one JSON object.
func (a *app) scanJSON(r *scanRun, failed bool) {
	type summary struct {
		Files    int            `json:"files"`
		Lines    int            `json:"lines"`
		Commands int            `json:"commands"`
		Skipped  int            `json:"skipped,omitempty"`
		Errors   int            `json:"unreadable,omitempty"`
		ByRule   map[string]int `json:"by_rule"`
		ByAction map[string]int `json:"by_action"`
	}
	out := struct {
		Findings []jsonScanFinding `json:"findings"`
		Summary  summary           `json:"summary"`
		Failed   bool              `json:"failed"`
	}{Findings: []jsonScanFinding{}, Failed: failed}
	out.Summary = summary{Files: len(r.files), Commands: r.commands, Skipped: r.skipped, Errors: r.unreadable,
		ByRule: map[string]int{}, ByAction: map[string]int{}}
	for _, f := range r.files {
		out.Summary.Lines += f.lines
	}
	for _, f := range r.findings {
		out.Findings = append(out.Findings, jsonScanFinding{File: f.file.path, Line: f.line, Col: f.col, Kind: string(f.file.kind),
			Rule: f.ruleID, Action: f.action.String(), Message: f.message, Command: f.command, Reference: f.reference,
			Acknowledged: f.acknowledged})
		if !f.acknowledged {
			out.Summary.ByRule[f.ruleID]++
			out.Summary.ByAction[f.action.String()]++
		}
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}

// progress is a line on a terminal's stderr, rewritten in place, for
// scans that take more than a second.
type progress struct {
	w     io.Writer
	start time.Time
	last  time.Time
	shown bool
}

// show draws the line for a file and a line in it, at most ten times a
// second, once the scan has run for progressAfter.
func (p *progress) show(f *scanFile, line int) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < progressAfter || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\rbelay: scanning %s: line %d of %d\x1b[K", safe(f.path), line, f.lines)
}

// clear takes the line away, before findings are printed and at the end.
func (p *progress) clear() {
	if p == nil || !p.shown {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.shown = false
}
