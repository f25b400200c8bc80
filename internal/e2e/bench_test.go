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
// tell the shell side's share from belay's. BELAY_BENCH_STATE=1 first
// sets variables and aliases in both shells (benchSetup), and the command
// uses some of them, so that the hook has session state to pass.
func BenchmarkHook(b *testing.B) {
	state := os.Getenv("BELAY_BENCH_STATE") != ""
	for _, sh := range shells {
		b.Run(sh.name, func(b *testing.B) {
			f := newFixture(b)
			var env []string
			if bin := os.Getenv("BELAY_BENCH_BIN"); bin != "" {
				// e.g. /bin/true: what the shell side of the hook costs.
				env = append(env, "BELAY_BIN="+bin)
			}
			if e := os.Getenv("BELAY_BENCH_ENV"); e != "" {
				// e.g. BELAY_HOOK_SERVE=0: a process per Enter.
				env = append(env, e)
			}
			if after := os.Getenv("BELAY_BENCH_AFTER"); after != "" {
				// e.g. `__belay_check() { return 0; }`: the cost of the
				// key bindings alone (bash and zsh).
				env = append(env, "E2E_AFTER_HOOK="+after)
			}
			on := sh.start(b, f, env...)
			off := sh.start(b, f, "E2E_NO_HOOK=1")
			if state {
				for _, s := range []*session{on, off} {
					for _, l := range benchSetup[sh.name] {
						s.line(l)
						s.expectEnd(prompt)
					}
				}
			}
			roundTrip := func(s *session, n int) time.Duration {
				line, want := okLine(n)
				if state {
					line = fmt.Sprintf(benchLine[sh.name], n)
				}
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

// benchSetup is a session with some state: variables, an array, aliases
// (fish: abbreviations), a function. benchLine uses an alias and two
// variables of it; its output is ok-N, as okLine's.
var benchSetup = map[string][]string{
	"bash": {`D=/srv/app; a=(one two three); alias p=printf ll='ls -l'; for i in {1..30}; do alias a$i="echo $i"; done; g() { printf '%s\n' "$@"; }`},
	"zsh":  {`D=/srv/app; a=(one two three); alias p=printf ll='ls -l'; for i in {1..30}; do alias a$i="echo $i"; done; g() { printf '%s\n' "$@"; }`},
	"fish": {`set D /srv/app; set a one two three; abbr -a p printf; abbr -a ll 'ls -l'; for i in (seq 30); abbr -a a$i "echo $i"; end; function g; printf '%s\n' $argv; end`},
}

var benchLine = map[string]string{
	"bash": `p 'ok-%%s\n' %d; : "$D" "${a[@]}"`,
	"zsh":  `p 'ok-%%s\n' %d; : "$D" "${a[@]}"`,
	"fish": `p 'ok-%%s\n' %d; true $D $a`,
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
