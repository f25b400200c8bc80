package e2e

import (
	"strings"
	"testing"
)

// TestZsh covers what only zsh needs: Enter from Ctrl-R search, other
// ways to accept a line (Ctrl-O, Esc-a) caught by the line-finish
// backstop, vi keymaps, and lines joined until complete.
func TestZsh(t *testing.T) {
	t.Run("ctrl-r", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startZsh(t, f)
		s.line("print -s 'rm -rf " + f.dir + "'")
		s.expectEnd(prompt)
		s.send("\x12rm -rf")
		s.expect("bck-i-search")
		s.send("\r")
		kept(s, "belay: blocked:", f.dir)
		runOK(s, 60)
		f.assertIntact(t)
	})
	t.Run("backstop", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startZsh(t, f)
		s.send("rm -rf " + f.dir + "\x0f") // accept-line-and-down-history
		kept(s, "belay: blocked:", f.dir)
		s.send("rm -rf " + f.dir + "\x1ba") // accept-and-hold
		s.expect("belay: blocked:")
		s.expectEnd(f.dir)
		// The hold puts the line back once more: interrupt clears it too.
		s.interrupt()
		runOK(s, 61)
		f.assertIntact(t)
	})
	t.Run("vi-mode", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startZsh(t, f)
		s.line("bindkey -v")
		s.expectEnd(prompt)
		s.line("rm -rf " + f.dir) // viins
		kept(s, "belay: blocked:", f.dir)
		s.send("rm -rf " + f.dir + "\x1b") // vicmd
		s.line("")
		kept(s, "belay: blocked:", f.dir)
		runOK(s, 62)
		f.assertIntact(t)
	})
	t.Run("history-expansion", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startZsh(t, f)
		s.line(": rm -rf " + f.dir)
		s.expectEnd(prompt)
		s.line("!!:1*")
		kept(s, "belay: blocked:", "!!:1*")
		runOK(s, 64)
		f.assertIntact(t)
	})
	t.Run("multi-line", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startZsh(t, f)
		s.send("for i in 1; do\r" + `printf 'loop-%s\n' $i; rm -rf ` + f.dir + "\rdone\r")
		kept(s, "belay: blocked:", "done")
		runOK(s, 63)
		if strings.Contains(s.clean(), "loop-1") {
			t.Fatalf("part of the loop ran:\n%s", s.clean())
		}
		f.assertIntact(t)
	})
}
