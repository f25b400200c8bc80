package e2e

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"
)

// BenchmarkHook measures what the hook adds to an ordinary command: the
// time from Enter to the next prompt for `printf 'ok-%s\n' N`, in a shell
// with the hook and in the same shell without it, one command each in
// turn. It reports the medians and their difference (added-ms), the
// figure to keep under 5 ms. scripts/bench-hook.sh runs it.
// BELAY_BENCH_BIN=/bin/true stands a do-nothing program in for belay, to
// tell the shell side's share from belay's.
func BenchmarkHook(b *testing.B) {
	for _, sh := range shells {
		b.Run(sh.name, func(b *testing.B) {
			f := newFixture(b)
			var env []string
			if bin := os.Getenv("BELAY_BENCH_BIN"); bin != "" {
				// e.g. /bin/true: what the shell side of the hook costs.
				env = append(env, "BELAY_BIN="+bin)
			}
			on := sh.start(b, f, env...)
			off := sh.start(b, f, "E2E_NO_HOOK=1")
			roundTrip := func(s *session, n int) time.Duration {
				line, want := okLine(n)
				start := time.Now()
				s.line(line)
				s.expect(want)
				s.expectEnd(prompt)
				return time.Since(start)
			}
			for i := range 5 { // warm up: page cache, first exec
				roundTrip(on, i)
				roundTrip(off, i)
			}
			var withHook, without []time.Duration
			b.ResetTimer()
			for i := range b.N {
				without = append(without, roundTrip(off, 1000+i))
				withHook = append(withHook, roundTrip(on, 1000+i))
			}
			b.StopTimer()
			mOn, mOff := median(withHook), median(without)
			b.ReportMetric(ms(mOn), "on-ms")
			b.ReportMetric(ms(mOff), "off-ms")
			b.ReportMetric(ms(mOn-mOff), "added-ms")
			if testing.Verbose() {
				b.Logf("%s: median %s with the hook, %s without, %s added (n=%d)",
					sh.name, fmt.Sprint(mOn.Round(10*time.Microsecond)), mOff.Round(10*time.Microsecond),
					(mOn - mOff).Round(10*time.Microsecond), b.N)
			}
		})
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
