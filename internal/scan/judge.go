package scan

import (
	"errors"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
)

// memoMax is how many distinct lines' verdicts a Scanner remembers; a
// variable so that tests and benchmarks can do without it.
var memoMax = 1 << 16

// unitVerdict is what one unit holds: its findings, at positions in its
// text, and how many commands the analyzer found in it.
type unitVerdict struct {
	findings []Finding
	commands int
}

// memoKey is a line as the memo knows it: the same text in another
// language may run something else.
type memoKey struct {
	dialect shell.Dialect
	text    string
}

// hostless answers every fact as not holding: scan judges what commands
// do, not the state of the machine it happens to run on, so a rule that
// needs a fact (init is broken, an image is in use) does not match.
type hostless struct{}

// Ask says the fact does not hold.
func (hostless) Ask(string, string) (policy.Answer, error) { return policy.Answer{}, nil }

// judge analyses one unit, decides on it and appends its findings, at
// their places in the file, to out.
func (s *Scanner) judge(f *File, u *Unit, out []Finding, commands *int) []Finding {
	if u.Err != "" {
		return append(out, Finding{File: f, Line: u.Line, Col: max(u.Col, 1),
			RuleID: policy.ParseErrorID, Action: policy.Confirm, Message: u.Err})
	}
	v := s.verdict(u)
	*commands += v.commands
	for _, rf := range v.findings {
		rf.File = f
		rf.Line, rf.Col = u.Position(rf.Line, rf.Col)
		out = append(out, rf)
	}
	return out
}

// verdict returns the verdict on a unit, remembered for units that the
// file does not give a context of their own.
func (s *Scanner) verdict(u *Unit) unitVerdict {
	cacheable := u.Argv == nil && u.Env == nil && u.Cwd == "" && u.Acks == nil && len(u.Text) < 4096
	key := memoKey{u.Dialect, u.Text}
	if cacheable {
		s.mu.Lock()
		v, ok := s.memo[key]
		s.mu.Unlock()
		if ok {
			return v
		}
	}
	v := s.decide(u)
	if cacheable {
		s.mu.Lock()
		if len(s.memo) < memoMax {
			s.memo[key] = v
		}
		s.mu.Unlock()
	}
	return v
}

// analyze reads one unit: its argv, or its text as a shell line.
func analyze(u *Unit) *shell.Analysis {
	// Whole scripts are one unit: read up to 1 MiB of them, offline.
	opt := shell.Options{Dialect: u.Dialect, Env: u.Env, Cwd: u.Cwd, MaxBytes: 1 << 20}
	if u.Argv != nil {
		return shell.AnalyzeArgv(u.Argv, opt)
	}
	an := shell.Analyze(u.Text, opt)
	if an.ParseError != nil && u.Dialect == shell.POSIX {
		// #!/bin/sh scripts and cron lines often hold bashisms that
		// sh would reject; judge what bash makes of them.
		opt.Dialect = shell.Bash
		if b := shell.Analyze(u.Text, opt); b.ParseError == nil {
			an = b
		}
	}
	return an
}

// decide analyses and judges one unit; its findings are at positions in
// the unit's text.
func (s *Scanner) decide(u *Unit) unitVerdict {
	an := analyze(u)
	var asker policy.Asker = hostless{}
	if s.Asker != nil {
		asker = s.Asker
	}
	d := s.Rules.DecideAcked(an, asker, u.Acks)
	var out []Finding
	type seenKey struct {
		line, col int
		id        string
	}
	var seen map[seenKey]bool
	for _, f := range d.Findings {
		if f.Action < policy.Warn {
			continue
		}
		rf := finding(&f, an)
		k := seenKey{rf.Line, rf.Col, rf.RuleID}
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

// finding is a finding of the policy at its place in the analysed text.
func finding(f *policy.Finding, an *shell.Analysis) Finding {
	rf := Finding{Line: 1, Col: 1, Rule: f.Rule, RuleID: f.RuleID, Action: f.Action, Message: f.Message,
		Reference: f.Reference, Acknowledged: f.Acknowledged}
	switch {
	case f.Invocation != nil:
		rf.Line, rf.Col = posOf(f.Invocation.Pos)
		rf.Command = f.Invocation.Text
		if f.Invocation.Deferred != "" {
			// Code the line defines to run later: what defines it, then
			// what it would do, as belay check says it.
			rf.Message = f.Invocation.Deferred + ": " + rf.Message
		}
	case f.RuleID == policy.ParseErrorID:
		var pe *shell.ParseError
		if errors.As(an.ParseError, &pe) && pe.Pos.IsValid() {
			rf.Line, rf.Col = pe.Pos.Line, pe.Pos.Col
			rf.Message = "cannot parse: " + pe.Msg
		}
	}
	return rf
}

// posOf is an invocation's line and column; 1, 1 when it has none.
func posOf(p shell.Pos) (int, int) {
	if !p.IsValid() {
		return 1, 1
	}
	return p.Line, p.Col
}
