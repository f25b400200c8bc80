package e2e

import (
	"context"
	"fmt"
	"github.com/belay-sh/belay/internal/testtool"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBash covers what only bash needs: vi keymaps, C-o, a leading space,
// lines joined until complete, pastes, history expansion and read -e.
func TestBash(t *testing.T) {
	t.Run("vi-mode", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startBash(t, f)
		s.line("set -o vi; bind 'set show-mode-in-prompt on'")
		s.expectEnd(prompt)
		runOK(s, 50)
		s.line("rm -rf " + f.dir) // vi-insert
		kept(s, "belay: blocked:", f.dir)
		s.send("rm -rf " + f.dir + "\x1b") // vi-command
		s.expect("cmd")                    // the mode shown in the prompt; or readline may read Esc Enter as one key
		s.line("")
		kept(s, "belay: blocked:", f.dir)
		runOK(s, 51)
		f.assertIntact(t)
	})
	t.Run("nounset", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startBash(t, f, "E2E_NOUNSET=1")
		runOK(s, 58)
		s.line("rm -rf " + f.dir)
		kept(s, "belay: blocked:", f.dir)
		s.line(": rm -rf " + f.dir)
		s.expectEnd(prompt)
		s.line("!!:1*")
		kept(s, "belay: blocked:", f.dir)
		runOK(s, 59)
		if strings.Contains(s.clean(), "unbound variable") {
			t.Fatalf("the hook trips over set -u:\n%s", s.clean())
		}
		f.assertIntact(t)
	})
	t.Run("ctrl-o", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startBash(t, f)
		s.send("rm -rf " + f.dir + "\x0f")
		kept(s, "belay: blocked:", f.dir)
		runOK(s, 52)
		f.assertIntact(t)
	})
	t.Run("leading-space", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startBash(t, f, "HISTCONTROL=ignorespace")
		s.line("  rm -rf " + f.dir)
		kept(s, "belay: blocked:", f.dir)
		runOK(s, 53)
		f.assertIntact(t)
	})
	t.Run("multi-line", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startBash(t, f)
		// Typed quickly, one line after the other: each Enter of an
		// unfinished line adds a newline; the whole loop is checked once.
		s.send("for i in 1; do\r" + `printf 'loop-%s\n' $i; rm -rf ` + f.dir + "\rdone\r")
		kept(s, "belay: blocked:", "done")
		runOK(s, 54)
		if got := s.clean(); strings.Contains(got, "loop-1") {
			t.Fatalf("part of the loop ran:\n%s", got)
		}
		f.assertIntact(t)
		// A trailing backslash continues the line too.
		s.send("rm -rf \\\r" + f.dir + "\r")
		kept(s, "belay: blocked:", f.dir)
		f.assertIntact(t)
	})
	t.Run("bracketed-paste", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startBash(t, f)
		s.send("\x1b[200~rm -rf " + f.dir + "\ntouch " + f.path("second") + "\x1b[201~")
		s.expect("second")
		s.send("\r")
		kept(s, "belay: blocked:", "second")
		runOK(s, 55)
		f.assertIntact(t)
		f.assertExists(t, "second", false)
	})
	t.Run("history-expansion", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startBash(t, f)
		s.line(": rm -rf " + f.dir)
		s.expectEnd(prompt)
		s.line("!!:1*")
		kept(s, "belay: blocked:", f.dir) // the line kept is the expanded one
		runOK(s, 57)
		f.assertIntact(t)
	})
	t.Run("stdin-not-a-terminal", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		sh := testtool.Need(t, "bash")
		rc := filepath.Join(f.home, "bashrc")
		writeFile(t, rc, fmt.Sprintf("eval \"$(%s init bash)\"\nset -o emacs\n", belayBin))
		ctx, cancel := context.WithTimeout(context.Background(), 2*stepTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, sh, "--noprofile", "--rcfile", rc, "-i")
		cmd.Env = f.env()
		// No controlling terminal either, even when the tests have one.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		// A blocked line kept at the end of input would come back forever.
		cmd.Stdin = strings.NewReader("rm -rf " + f.dir + "\nprintf 'ok-%s\\n' 58\n")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "belay: blocked:") || !strings.Contains(string(out), "ok-58") {
			t.Fatalf("bash -i < lines: %v\n%s", err, out)
		}
		f.assertIntact(t)
	})
	t.Run("read-e", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		s := startBash(t, f)
		s.line(`read -e -p 'input> ' v; printf 'got-%s\n' "${v##*/}"`)
		s.expect("input> ")
		s.line("rm -rf " + f.dir)
		s.expect("got-protected")
		s.expectEnd(prompt)
		if strings.Contains(s.clean(), "belay:") {
			t.Fatalf("belay judged the input of read -e:\n%s", s.clean())
		}
		s.line("rm -rf " + f.dir)
		kept(s, "belay: blocked:", f.dir)
		f.assertIntact(t)
	})
}
