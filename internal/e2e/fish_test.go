package e2e

import "testing"

// TestFish covers what only fish needs: vi key bindings, and a command
// substitution, which fish writes (cmd).
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
}
