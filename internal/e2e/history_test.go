package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestHooksStoppedLineInHistory: after a no at belay's question and after
// a block, what is typed next runs on its own (nothing is appended to the
// stopped line), and Up brings the stopped line back for editing (issue
// 17). fish 3 cannot add to its history and keeps the line instead.
func TestHooksStoppedLineInHistory(t *testing.T) {
	for _, sh := range shells {
		for _, stop := range []string{"decline", "block"} {
			t.Run(sh.name+"/"+stop, func(t *testing.T) {
				t.Parallel()
				if sh.name == "fish" && !fish4 {
					t.Skip("fish 3 cannot add to its history: the stopped line stays in the buffer (TestHooks)")
				}
				f := newFixture(t)
				s := sh.start(t, f)
				line := "touch " + f.path("confirm-me-hist")
				if stop == "block" {
					line = "rm -rf " + f.dir
					s.line(line)
					s.expect("belay: blocked:")
				} else {
					s.line(line)
					s.expect("Run it? [y/N]")
					s.line("n")
					s.expect("belay: declined:")
				}
				s.expectEnd(prompt)
				// Typed right after: it must run alone.
				runOK(s, 70)
				from := s.mark
				s.send("\x1b[A\x1b[A")
				// The shells redraw the line in pieces: look for its end.
				tail := line[len(line)-12:]
				deadline := time.Now().Add(10 * time.Second)
				for !strings.Contains(s.clean()[from:], tail) && time.Now().Before(deadline) {
					time.Sleep(50 * time.Millisecond)
				}
				if !strings.Contains(s.clean()[from:], tail) {
					t.Errorf("Up does not bring back %q", line)
				}
				s.interrupt()
				f.assertIntact(t)
				f.assertExists(t, "confirm-me-hist", false)
			})
		}
	}
}
