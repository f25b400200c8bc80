package shell

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// FuzzFishParse feeds arbitrary lines to the fish parser and to the
// analyzer in fish mode. Neither may panic or take long. An error is a
// syntax.ParseError inside the line. A line that parses has its nodes
// inside it, in order, and each of its statements, parsed alone, is again
// one statement that runs the same number of commands: positions are
// right, and a statement does not depend on the text around it. And the
// line itself, quoted for fish in each of three ways, is one argument
// that expands back to it. Seeds (one of each construct, and inputs the
// fuzzer found) are in testdata/fuzz/FuzzFishParse.
func FuzzFishParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 4096 {
			return
		}
		done := make(chan error, 1)
		go func() {
			err := checkFishParse(line, true)
			if err == nil {
				err = checkFishQuoting(line)
			}
			a := Analyze(line, Options{Dialect: Fish, Cwd: "/home/u", Env: map[string]string{"HOME": "/home/u"}})
			for _, p := range a.Problems {
				if strings.Contains(p, "internal error") && err == nil {
					err = fmt.Errorf("internal error: %s", p)
				}
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%q took over 5s", line)
		}
	})
}

// checkFishParse checks what parseFish returns for line; full also
// prints each statement and checks the positions of every node.
func checkFishParse(line string, full bool) error {
	f, err := parseFish(line)
	if f == nil {
		return errors.New("no file")
	}
	if err != nil {
		var pe syntax.ParseError
		if !errors.As(err, &pe) {
			return fmt.Errorf("error %T is not a syntax.ParseError", err)
		}
		if int(pe.Pos.Offset()) > len(line) || pe.Pos.Line() < 1 {
			return fmt.Errorf("error at %s (offset %d) is outside the line", pe.Pos, pe.Pos.Offset())
		}
		return nil
	}
	prev := uint(0)
	pr := syntax.NewPrinter(syntax.SingleLine(true))
	for _, s := range f.Stmts {
		from, to := s.Pos().Offset(), s.End().Offset()
		if from < prev || to < from || int(to) > len(line) {
			return fmt.Errorf("statement at %d..%d, after %d", from, to, prev)
		}
		prev = to
		if full {
			var b bytes.Buffer
			if err := pr.Print(&b, s); err != nil {
				return fmt.Errorf("printing a statement: %v", err)
			}
		}
		text := line[from:to]
		g, err := parseFish(text)
		if err != nil {
			return fmt.Errorf("statement %q alone: %v", text, err)
		}
		if len(g.Stmts) != 1 || countCommands(g.Stmts[0]) != countCommands(s) {
			return fmt.Errorf("statement %q alone is %d statements, %d commands (want 1, %d)", text, len(g.Stmts), countCommands(g.Stmts[0]), countCommands(s))
		}
	}
	if !full {
		return nil
	}
	var bad error
	syntax.Walk(f, func(n syntax.Node) bool {
		if n == nil || bad != nil {
			return false
		}
		if from, to := n.Pos().Offset(), n.End().Offset(); to < from || int(to) > len(line) {
			bad = fmt.Errorf("%T at %d..%d", n, from, to)
		}
		return true
	})
	return bad
}

// checkFishQuoting quotes s for fish in single quotes, in double quotes,
// and with backslashes, and checks that each is one argument that
// expands back to s.
func checkFishQuoting(s string) error {
	if s == "" || strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
		return nil
	}
	single := "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
	double := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`).Replace(s) + `"`
	forms := []string{single, double}
	ascii := true
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= utf8.RuneSelf:
			ascii = false
		case r == '\n':
			b.WriteString(`\n`)
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('\\')
			b.WriteRune(r)
		}
	}
	if ascii {
		forms = append(forms, b.String())
	}
	for _, q := range forms {
		a := newAnalyzer()
		a.src, a.dialect = "echo "+q, Fish
		f, err := parseFish(a.src)
		if err != nil {
			return fmt.Errorf("quoted as %s: %v", q, err)
		}
		c, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
		if !ok || len(f.Stmts) != 1 || len(c.Args) != 2 {
			return fmt.Errorf("quoted as %s: not one argument", q)
		}
		got := a.fishFields(c.Args[1], rootScope(Options{}))
		if len(got) != 1 || got[0].Value != s || got[0].Dynamic || got[0].Glob {
			return fmt.Errorf("quoted as %s: expands to %+v", q, got)
		}
	}
	return nil
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
