package shell

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"mvdan.cc/sh/v3/syntax"
)

// FuzzFishParse feeds arbitrary lines to the fish parser and to the
// analyzer in fish mode. Neither may panic or take long. An error is a
// syntax.ParseError inside the line. A line that parses has its nodes
// inside it, in order, and each of its statements, parsed alone, is again
// one statement that runs the same number of commands: positions are
// right, and a statement does not depend on the text around it. Seeds
// (one of each construct, and inputs the fuzzer found) are in
// testdata/fuzz/FuzzFishParse.
func FuzzFishParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 4096 {
			return
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			checkFishParse(t, line, true)
			a := Analyze(line, Options{Dialect: Fish, Cwd: "/home/u", Env: map[string]string{"HOME": "/home/u"}})
			for _, p := range a.Problems {
				if strings.Contains(p, "internal error") {
					t.Errorf("internal error for %q: %s", line, p)
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%q took over 5s", line)
		}
	})
}

// checkFishParse checks what parseFish returns for line; full also
// prints each statement and checks the positions of every node.
func checkFishParse(t *testing.T, line string, full bool) {
	f, err := parseFish(line)
	if f == nil {
		t.Fatalf("%q: no file", line)
	}
	if err != nil {
		var pe syntax.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: error %T is not a syntax.ParseError", line, err)
		}
		if int(pe.Pos.Offset()) > len(line) || pe.Pos.Line() < 1 {
			t.Fatalf("%q: error at %s (offset %d) is outside the line", line, pe.Pos, pe.Pos.Offset())
		}
		return
	}
	prev := uint(0)
	pr := syntax.NewPrinter(syntax.SingleLine(true))
	for _, s := range f.Stmts {
		from, to := s.Pos().Offset(), s.End().Offset()
		if from < prev || to < from || int(to) > len(line) {
			t.Fatalf("%q: statement at %d..%d, after %d", line, from, to, prev)
		}
		prev = to
		if full {
			var b bytes.Buffer
			if err := pr.Print(&b, s); err != nil {
				t.Fatalf("%q: printing a statement: %v", line, err)
			}
		}
		text := line[from:to]
		g, err := parseFish(text)
		if err != nil {
			t.Fatalf("%q: statement %q alone: %v", line, text, err)
		}
		if len(g.Stmts) != 1 || countCommands(g.Stmts[0]) != countCommands(s) {
			t.Fatalf("%q: statement %q alone is %d statements, %d commands (want 1, %d)", line, text, len(g.Stmts), countCommands(g.Stmts[0]), countCommands(s))
		}
	}
	if !full {
		return
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		if n == nil {
			return true
		}
		if from, to := n.Pos().Offset(), n.End().Offset(); to < from || int(to) > len(line) {
			t.Fatalf("%q: %T at %d..%d", line, n, from, to)
		}
		return true
	})
}

// countCommands counts the commands and assignments in a statement.
func countCommands(s *syntax.Stmt) int {
	n := 0
	syntax.Walk(s, func(x syntax.Node) bool {
		switch x.(type) {
		case *syntax.CallExpr, *syntax.DeclClause:
			n++
		}
		return true
	})
	return n
}
