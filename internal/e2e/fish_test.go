package e2e

import "testing"

// TestFish covers what only fish needs: vi key bindings, a command
// substitution, which fish writes (cmd), and fish's own grammar (blocks,
// loops over lists, not).
func TestFish(t *testing.T) {
	t.Run("vi-mode", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startFish(t, f)
		s.line("fish_vi_key_bindings")
		s.expectEnd(prompt)
		s.line("rm -rf " + f.dir) // insert mode
		kept(s, "belay: blocked:", f.dir)
		s.send("rm -rf " + f.dir + "\x1b") // normal mode
		s.expect("[N]")                    // or fish reads Esc Enter as Alt-Enter
		s.line("")
		kept(s, "belay: blocked:", f.dir)
		runOK(s, 70)
		f.assertIntact(t)
	})
	t.Run("command-substitution", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startFish(t, f)
		s.line("echo (rm -rf " + f.dir + ")")
		kept(s, "belay: blocked:", ")")
		runOK(s, 71)
		f.assertIntact(t)
	})
	t.Run("grammar", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startFish(t, f)
		s.line("begin; rm -rf " + f.dir + "; end")
		kept(s, "belay: blocked:", "end")
		s.line("set -l d /nonexistent " + f.dir + "; for x in $d; rm -rf $x; end")
		kept(s, "belay: blocked:", "end")
		s.line("not rm -rf " + f.dir)
		kept(s, "belay: blocked:", f.dir)
		runOK(s, 72)
		f.assertIntact(t)
	})
}
