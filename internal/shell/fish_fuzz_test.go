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
// right, and a statement does not depend on the text around it.
func FuzzFishParse(f *testing.F) {
	for _, s := range fishSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 4096 {
			return
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			checkFishParse(t, line)
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

// fishSeeds are the fuzz seeds: one of each construct.
var fishSeeds = []string{
	"for f in *.log; gzip $f; end", "function ll -a x; ls -l $argv $x; end", "switch (uname); case Linux '*'; echo; end",
	"begin; rm -rf /; end > /dev/null", "{ echo a; }", "if a; and b; c; else if d; e; else; f; end", "while read -l x; echo $x; end < f",
	"true && not ! false || and x", "echo (echo (echo a))[1] \"$(b)\" $x[1..-1] $$y {a,{b,c}}d ~/x", "set -gx PATH /bin $PATH; set -e x[1]",
	"A=1 B={a,b} env", "echo a 2>&1 >? f &>> g 3<&0 >&- | cat &| cat 2>| cat", "echo 'a\\'b' \"c\\\"$d\" \\x41\\u00e9\\101\\cA\\ ",
	"echo a &", "echo a#b # c", "echo a\\\nb", "time not rm x", "echo $", "echo )", "echo {a", "echo \"abc", "for x", "echo a |",
	"set l a b; rm -rf /$l[2] \"$l\"", "eval (echo rm -rf /)", "echo reboot | source", "A=1 begin; echo $A; end", "echo a[1 2] x[",
}

// checkFishParse checks what parseFish returns for line.
func checkFishParse(t *testing.T, line string) {
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
		var b bytes.Buffer
		if err := pr.Print(&b, s); err != nil {
			t.Fatalf("%q: printing a statement: %v", line, err)
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
