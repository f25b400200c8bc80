package shell

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// treeDepth returns how deep the nodes of a parsed file nest, counting
// the kinds the nesting lexer counts: the oracle for nesting().
func treeDepth(f *syntax.File) int {
	var added []int // what each open node added
	var parents []syntax.Node
	depth, deepest := 0, 0
	syntax.Walk(f, func(n syntax.Node) bool {
		if n == nil {
			depth -= added[len(added)-1]
			added = added[:len(added)-1]
			parents = parents[:len(parents)-1]
			return true
		}
		add := 0
		switch n := n.(type) {
		case *syntax.Subshell, *syntax.CmdSubst, *syntax.ProcSubst, *syntax.ParenArithm,
			*syntax.CaseClause, *syntax.DblQuoted, *syntax.SglQuoted, *syntax.ExtGlob,
			*syntax.ParenTest, *syntax.ArrayExpr, *syntax.IfClause, *syntax.WhileClause,
			*syntax.ForClause, *syntax.TestClause, *syntax.LetClause, *syntax.TimeClause,
			*syntax.CoprocClause, *syntax.BinaryArithm, *syntax.UnaryArithm,
			*syntax.BinaryTest, *syntax.UnaryTest:
			add = 1
		case *syntax.Block:
			add = 1
			for i := len(parents) - 1; i >= 0 && i >= len(parents)-2; i-- {
				if fd, ok := parents[i].(*syntax.FuncDecl); ok && fd.RsrvWord && !fd.Parens {
					add = 0 // function f { …: a { the lexer does not count
				}
			}
		case *syntax.ParamExp:
			if !n.Short {
				add = 1
			}
		case *syntax.ArithmExp:
			add = 2
			if n.Bracket {
				add = 1
			}
		case *syntax.ArithmCmd:
			add = 2
		}
		added = append(added, add)
		parents = append(parents, n)
		depth += add
		deepest = max(deepest, depth)
		return true
	})
	return deepest
}

func TestNesting(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want int
	}{
		{"echo hi", 0},
		{"echo $(a) $(b) $(c)", 1},
		{"echo $(a $(b $(c)))", 3},
		{"echo $((1+(2*(3))))", 6}, // and two operators
		// Brackets left open in text count for good: 4 + 3 + 2 and the quote.
		{"echo '((((' \"(((\" $'(('", 10},
		{"case x in a) (b);; c) d;; esac", 2},
		{"case x in x) case y in (y) if a; then :; fi;; esac;; esac", 3},
		{"( case x in a) ( ( b ) );; esac )", 4},
		{"f() { g() { :; }; }", 2},
		{"cat <<E\n((((\nE\necho ((", 6},
		{"cat <<'E'\n)))\nE\n( ( ( :)))", 3},
		{"echo ${x/(/y} # )))\n( ( :))", 3},
		{"echo $((1<<2)); ( :)", 4},
		{"# ((((\n(:)", 5},
		{"echo `echo (`", 2},
		// A heredoc's delimiter word is lexed as any word.
		{"cat <<\"$((1+(2)))\"\nx\n$((1+(2)))\n", 5},
		{"<<''#\"\n", 1},
	} {
		_, got, ok := nesting(tt.src, maxNesting)
		if got != tt.want || !ok {
			t.Errorf("nesting(%q) = %d %v, want %d", tt.src, got, ok, tt.want)
		}
		if f, err := parse(tt.src, Bash); err == nil && treeDepth(f) > got {
			t.Errorf("nesting(%q) = %d, but the tree nests %d deep", tt.src, got, treeDepth(f))
		}
	}
}

// TestCutDeep: parts nested past the limit are cut, what is around them
// stays, and the line then parses no deeper than the limit.
func TestCutDeep(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"rm -rf /$($($(x)))", "rm -rf /$($(" + deepWord + "))"},
		{"echo $((((((1))))))", "echo $((" + deepWord + "))"},
		{"( ( ( rm ) ) ); rm -rf /", "( ( " + deepWord + " ) ); rm -rf /"},
		{"echo '((((((('", "echo '((((((('"},
		{"echo $($($($(", "echo $($(" + deepWord},
	} {
		got, _, _ := cutDeep(tt.src, 2)
		if got != tt.want {
			t.Errorf("cutDeep(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
	a := Analyze("rm -rf /"+strings.Repeat("$(", 2*maxNesting)+strings.Repeat(")", 2*maxNesting)+"; rm -rf /etc", testOpts)
	if s := summary(a); !strings.Contains(s, "rm delete:/+R+D; rm delete:/etc+R;") || !strings.Contains(s, "(problem)") {
		t.Errorf("got %s", s)
	}
}

// FuzzNesting: the lexer never counts less nesting than the parser makes
// of a line, and a line cut to a limit parses no deeper than it.
func FuzzNesting(f *testing.F) {
	for _, s := range []string{
		"echo $(a $(b))", "case x in a) (b);; esac", "f() { g() { :; }; }", "cat <<E\n((\nE\n(:)",
		"echo \"${x#'a}'\"", "echo `echo \\`echo (\\``", "x=(1 (2))", "[[ ( a && ( b ) ) ]]", "echo @(a|(b))",
		"echo $[1+$[2]]", "{ (a) }", "function f { :; }", "echo ${x:-${y:-$(z)}}", "a <<-E\n\t(\n\tE\n(:)",
		"if a; then b; elif c; then d; else e; fi", "let a=1+2 b=3", "time ( time a )", "[[ a && ! ( b || c ) ]]",
		"for ((i=0;i<3;i++)); do :; done", "case x in x) case y in (y) if a; then :; fi;; esac;; esac", "a[1+2]=3; echo ${a[1+1]:1:2}", "while a; do until b; do :; done; done",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		_, depth, ok := nesting(normalize(src), maxNesting)
		// Backquotes nested by escaping (\`) are not counted: each level
		// doubles the backslashes, so a line of 128 KiB nests 17 at most.
		if fl, err := parse(src, Bash); err == nil && ok && !strings.Contains(src, "\\`") {
			if d := treeDepth(fl); d > depth {
				t.Fatalf("nesting(%q) = %d, the tree nests %d deep", src, depth, d)
			}
		}
		cut, _, ok := cutDeep(src, 3)
		if !ok {
			return
		}
		if fl, err := parse(cut, Bash); err == nil {
			if d := treeDepth(fl); d > 4 {
				t.Fatalf("cut %q to %q, which nests %d deep", src, cut, d)
			}
		}
	})
}
