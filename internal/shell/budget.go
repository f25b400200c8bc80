package shell

import (
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// The work budget of one analysis. A short line can still ask for a great
// deal of work: loops unrolled inside loops, a variable doubled thirty
// times, eight thousand wrappers in a chain. Every step of the analysis
// is charged in work units to one counter (analyzer.work), so that the
// time and memory an analysis takes stay bounded whatever the line, and
// the bound is a number tests can check rather than a time.
//
// Where a bound is met the analysis degrades before it stops: a loop is
// analysed once with its variable unknown instead of once per item, a
// value or a word too large to follow becomes unknown (judged at its worst
// case), and expansions and fan-outs stop at half the budget, keeping the
// rest for the commands after them. Only past the budget does the analysis
// stop, and then the command it stopped in is still recorded. Any bound
// that loses what a command would do is recorded as a Problem, so the
// line gets confirm at least, never silence.
const (
	// maxWork is the budget of a line of up to 128 KiB, nested lines
	// included; a longer one (belay scan reads scripts of up to 1 MiB)
	// gets as much again per 128 KiB (budgetFor).
	maxWork = 32 << 20

	// maxFanout bounds the product of copies analysed across nesting: loop
	// items (8 each, maxLoopItems), xargs input items, find start points.
	// Past it, a loop is analysed once with its variable unknown.
	maxFanout = 64

	maxVarBytes  = 64 << 10 // a longer value is unknown (judged at its worst)
	maxWordBytes = 1 << 20  // a word that expands to more is unknown
	// maxWrappers is the longest wrapper chain followed (env env env …):
	// each level is a recursion, and deep stacks make the collector slow.
	maxWrappers     = 8 << 10
	maxProblems     = 16  // distinct problems kept
	maxProblemBytes = 512 // the longest problem message
)

// Work units charged for each step. One unit is about a nanosecond of
// CPU on the machine the limits were set on (2 cores shared with other
// work, Go 1.26): the costs were measured one construct at a time (a
// wrapper level, a word, an effect, a field of a brace expansion…), and
// BenchmarkWorstCases (internal/shell) and BenchmarkWorstCasesJudged
// (internal/policy) show the figures for each generated worst case. With
// maxWork, the worst line of 128 KiB found is judged in about 50 ms of
// CPU on that loaded machine, and under 60 MB of RSS.
const (
	costStmt      = 300  // a statement visited
	costNode      = 40   // a syntax node walked looking for substitutions
	costInvoke    = 300  // a command looked at
	costWrapper   = 1000 // a wrapper level (deep recursion: its stack is copied as it grows)
	costEmit      = 400  // an invocation recorded, judged later against every rule
	costArg       = 200  // each word of a recorded invocation (parsed, quoted, matched)
	costCopy      = 60   // each word copied (xargs, find -exec)
	costJudge     = 100  // each word of a recorded invocation, matched against the rules
	costEffect    = 2000 // each effect on a path, made and matched against the rules
	costField     = 100  // each field a word expands to
	costBrace     = 3000 // each word brace expansion makes
	costExpand    = 1000 // one call of expand on a word with more than a literal
	costByte      = 3    // each byte of an invocation's words or text
	costOutByte   = 20   // each byte a word expands to (split into fields, globs escaped)
	costPattern   = 12   // each byte a pattern is matched against, per byte of pattern
	costArithNode = 1000 // each operator or operand of an arithmetic expression
	costVar       = 1000 // a variable set or merged
	costParse     = 20   // each byte of a line parsed
)

// budgetFor returns the work budget of a line of up to maxBytes bytes.
func budgetFor(maxBytes int) int64 {
	return maxWork * int64(max(1, (maxBytes+DefaultMaxBytes-1)/DefaultMaxBytes))
}

// charge adds n units of work. It returns false once the line has cost
// more than its budget, and the analysis then stops with a Problem.
func (a *analyzer) charge(n int) bool {
	a.work += int64(n)
	if a.work <= a.budget {
		return true
	}
	a.exhausted()
	return false
}

// spent reports whether the budget is used up, without charging.
func (a *analyzer) spent() bool {
	if a.work <= a.budget {
		return false
	}
	a.exhausted()
	return true
}

func (a *analyzer) exhausted() {
	if !a.stopped {
		a.stopped = true
		a.limit("too complex to judge here: the analysis stopped after %d units of work (loops, wrappers, expansions); the rest of the line is not judged", a.budget)
	}
}

// affords reports whether n more units fit in the budget, leaving the
// part of it kept for the rest of the line.
func (a *analyzer) affords(n int64) bool {
	return a.work+n <= a.budget/2
}

// judges reports whether one more effect of a command already found is
// looked at: past the budget the analysis stops, but the paths of the
// command it stopped at are still resolved, up to a quarter as much again, so
// that rm -rf / a a a … (60,000 words) is still a delete of /.
func (a *analyzer) judges(n int) bool {
	if a.work+int64(n) > a.budget+a.budget/4 {
		return false
	}
	a.work += int64(n)
	return true
}

// fan reports whether n copies of the work ahead can be analysed one by
// one (a loop's items, xargs's input, find's start points). If so, it
// counts them until the returned function is called; if not, the caller
// analyses the work once with the varying part unknown.
func (a *analyzer) fan(n int) (func(), bool) {
	if n <= 1 {
		return func() {}, true
	}
	if a.mult*n > maxFanout || !a.affords(0) {
		return nil, false
	}
	saved := a.mult
	a.mult *= n
	return func() { a.mult = saved }, true
}

// expansion bounds what expanding a word makes and costs.
type expansion struct {
	size int64 // bytes of output, at most
	work int64 // work units, at most
}

func (e *expansion) add(o expansion) {
	e.size = addCap(e.size, o.size)
	e.work = addCap(e.work, o.work)
}

// wordCost returns an upper bound of what expanding w makes and costs,
// with the variables of sc as they are now. It looks at each node of the
// word once.
func (a *analyzer) wordCost(w *syntax.Word, sc *scope) expansion {
	if w == nil {
		return expansion{}
	}
	e := a.partsCost(w.Parts, sc)
	if b := int64(braceWords(w)); b > 1 {
		e.size = mulCap(e.size, b)
		e.work = addCap(mulCap(e.work, b), mulCap(costBrace, b))
	}
	return e
}

func (a *analyzer) partsCost(parts []syntax.WordPart, sc *scope) expansion {
	var e expansion
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit:
			e.add(bytesCost(len(p.Value)))
		case *syntax.SglQuoted:
			e.add(bytesCost(len(p.Value)))
		case *syntax.DblQuoted:
			e.add(a.partsCost(p.Parts, sc))
		case *syntax.ParamExp:
			e.add(a.paramCost(p, sc))
		case *syntax.ArithmExp:
			x := a.nodeCost(p.X, sc)
			e.add(expansion{size: 24, work: x.work})
		case *syntax.ExtGlob:
			if p.Pattern != nil {
				e.add(bytesCost(len(p.Pattern.Value)))
			}
		default: // substitutions: unknown, a short placeholder
			e.add(bytesCost(16))
		}
		if e.work >= costCap {
			break
		}
	}
	return e
}

func bytesCost(n int) expansion { return expansion{size: int64(n), work: costOutByte * int64(n)} }

// nodeCost bounds the words inside an arithmetic expression or an index,
// and the work of evaluating each of its operators and operands.
func (a *analyzer) nodeCost(node syntax.Node, sc *scope) expansion {
	var e expansion
	if node == nil {
		return e
	}
	syntax.Walk(node, func(x syntax.Node) bool {
		if x == nil {
			return true
		}
		if e.work >= costCap {
			return false
		}
		e.work += costArithNode
		if w, ok := x.(*syntax.Word); ok {
			e.add(a.partsCost(w.Parts, sc))
			return false
		}
		return true
	})
	return e
}

func (a *analyzer) paramCost(pe *syntax.ParamExp, sc *scope) expansion {
	var base int64 = 20 // $#, $?, ${#x}: a number
	if pe.Param != nil {
		if v, ok := sc.get(pe.Param.Value); ok {
			base = max(base, int64(len(v.val)))
		}
		if pe.Excl {
			base = maxVarBytes // ${!x}: any variable, or a list of names
		}
	}
	e := bytesCost(int(base))
	if pe.Index != nil {
		e.add(a.nodeCost(pe.Index, sc))
	}
	switch {
	case pe.Length:
		e.size = 20
	case pe.Repl != nil:
		// Every match replaced, and the pattern tried at every byte.
		pat := a.wordCost(pe.Repl.Orig, sc)
		with := a.wordCost(pe.Repl.With, sc)
		e.size = addCap(mulCap(base+1, 1+with.size), 0)
		e.work = addCap(addCap(e.work, pat.work+with.work), mulCap(base+1, costPattern*(1+pat.size)+costOutByte*with.size))
	case pe.Exp != nil:
		arg := a.wordCost(pe.Exp.Word, sc)
		e.work = addCap(e.work, arg.work)
		switch pe.Exp.Op {
		case syntax.RemSmallPrefix, syntax.RemLargePrefix, syntax.RemSmallSuffix, syntax.RemLargeSuffix,
			syntax.UpperFirst, syntax.UpperAll, syntax.LowerFirst, syntax.LowerAll:
			e.work = addCap(e.work, mulCap(base+1, costPattern*(1+arg.size)))
		case syntax.OtherParamOps:
			e.size = mulCap(base+1, 4) // ${x@Q} quotes: up to 4 bytes a byte
			e.work = addCap(e.work, costOutByte*e.size)
		default:
			e.size = addCap(e.size, arg.size)
		}
	}
	return e
}

// costCap is where estimates stop counting: more than any budget.
const costCap = 1 << 50

func addCap(x, y int64) int64 { return min(x+y, costCap) }

func mulCap(x, y int64) int64 {
	if x != 0 && y > costCap/x {
		return costCap
	}
	return x * y
}

// limit records the Problem of a bound met, once: its arguments are
// constants, so a bound met ten thousand times costs one message.
func (a *analyzer) limit(format string, args ...any) {
	if a.limits[format] {
		return
	}
	if a.limits == nil {
		a.limits = map[string]bool{}
	}
	a.limits[format] = true
	a.problem(format, args...)
}

// problem records that the analysis could not fully judge the line. The
// policy turns every Problem into confirm at least. The first distinct
// problems are kept; past maxProblems, one line says there were more.
func (a *analyzer) problem(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if len(msg) > maxProblemBytes {
		msg = strings.ToValidUTF8(msg[:maxProblemBytes], "") + "…"
	}
	for _, p := range a.out.Problems {
		if p == msg {
			return
		}
	}
	switch n := len(a.out.Problems); {
	case n < maxProblems-1:
		a.out.Problems = append(a.out.Problems, msg)
	case n == maxProblems-1:
		a.out.Problems = append(a.out.Problems, "more problems than are shown here")
	}
}
