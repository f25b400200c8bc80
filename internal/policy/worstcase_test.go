package policy

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/internal/shell/worstcase"
)

// worstLines are the analyzer's generated worst cases: the examples of
// issue 12, and every family filling what a hook passes (32 KiB) and what
// belay check reads (128 KiB).
func worstLines() []worstcase.Line {
	lines := worstcase.Fixed()
	lines = append(lines, worstcase.Lines(32<<10)...)
	return append(lines, worstcase.Lines(128<<10)...)
}

var worstOpts = shell.Options{Cwd: "/home/u", Env: map[string]string{"HOME": "/home/u"}}

func builtinSet(tb testing.TB) *Set {
	packs, err := Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := Compile(packs, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestWorstCasesJudged: every generated worst case that runs rm -rf / is
// stopped (block or confirm), through Analyze and Decide with the
// built-in packs.
func TestWorstCasesJudged(t *testing.T) {
	s := builtinSet(t)
	for _, l := range worstLines() {
		d := s.Decide(shell.Analyze(l.Text, worstOpts), nil)
		if l.Runs && d.Action < Confirm {
			t.Errorf("%s: %v", l.Name, d.Action)
		}
	}
}

// BenchmarkWorstCasesJudged is the decision on each generated worst case
// as belay check makes it after start-up: Analyze, then Decide against the
// built-in packs. It reports time and bytes allocated per line; the peak
// RSS of each is BenchmarkWorstCasesRSS.
func BenchmarkWorstCasesJudged(b *testing.B) {
	s := builtinSet(b)
	for _, l := range worstLines() {
		b.Run(l.Name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				s.Decide(shell.Analyze(l.Text, worstOpts), nil)
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkWorstCasesRSS judges each generated worst case once in a fresh
// process (this test binary, running TestWorstCaseChild) and reports the
// peak resident set size of that process, start-up and built-in packs
// included.
func BenchmarkWorstCasesRSS(b *testing.B) {
	for _, l := range worstLines() {
		b.Run(l.Name, func(b *testing.B) {
			var rss int64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^TestWorstCaseChild$")
				cmd.Env = append(os.Environ(), "BELAY_WORSTCASE="+l.Name)
				out, err := cmd.CombinedOutput()
				if err != nil || !strings.Contains(string(out), "judged") {
					b.Fatalf("%v\n%s", err, out)
				}
				rss = max(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
			}
			b.ReportMetric(float64(rss)/1024, "maxRSS-MB")
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

// TestWorstCaseChild is BenchmarkWorstCasesRSS's child: it judges the line
// named by BELAY_WORSTCASE, and nothing when that is unset.
func TestWorstCaseChild(t *testing.T) {
	name := os.Getenv("BELAY_WORSTCASE")
	if name == "" {
		t.Skip("run by BenchmarkWorstCasesRSS")
	}
	for _, l := range worstLines() {
		if l.Name == name {
			d := builtinSet(t).Decide(shell.Analyze(l.Text, worstOpts), nil)
			fmt.Println("judged", d.Action)
			return
		}
	}
	t.Fatalf("no line %s", name)
}
