package e2e

import (
	"fmt"
	"github.com/belay-sh/belay/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A shell under test: how to start it with the hook loaded.
type shellKind struct {
	name  string
	start func(t testing.TB, f *fixture, env ...string) *session
}

var shells = []shellKind{
	{"bash", startBash},
	{"zsh", startZsh},
	{"fish", startFish},
}

// writeFile writes a test file, failing the test on error.
func writeFile(t testing.TB, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startBash runs bash -i with only the hook in its rc file. The starters
// leave the hook out when E2E_NO_HOOK is set, for the benchmark.
func startBash(t testing.TB, f *fixture, env ...string) *session {
	sh := testtool.Need(t, "bash")
	rc := filepath.Join(f.home, "bashrc")
	writeFile(t, rc, fmt.Sprintf(`PS1=%q
PROMPT_COMMAND=
bind 'set enable-bracketed-paste on'
[ -z "${E2E_NOUNSET-}" ] || set -u
[ -z "${E2E_BEFORE_HOOK-}" ] || eval "$E2E_BEFORE_HOOK"
[ -n "${E2E_NO_HOOK-}" ] || eval "$(%s init bash)"
[ -z "${E2E_AFTER_HOOK-}" ] || eval "$E2E_AFTER_HOOK"
`, prompt, belayBin))
	return start(t, "bash", f.env(env...), f.home, f.through(sh, "--noprofile", "--rcfile", rc, "-i")...)
}

// startZsh runs zsh -d -i with ZDOTDIR holding a .zshrc with the hook.
func startZsh(t testing.TB, f *fixture, env ...string) *session {
	sh := testtool.Need(t, "zsh")
	zdot := filepath.Join(f.home, "zdot")
	if err := os.MkdirAll(zdot, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(zdot, ".zshrc"), fmt.Sprintf(`PS1=%q
unsetopt PROMPT_SP
bindkey -e
[ -n "${E2E_NO_HOOK-}" ] || eval "$(%s init zsh)"
[ -z "${E2E_AFTER_HOOK-}" ] || eval "$E2E_AFTER_HOOK"
`, prompt, belayBin))
	return start(t, "zsh", f.env(append(env, "ZDOTDIR="+zdot)...), f.home, f.through(sh, "-d", "-i")...)
}

// startFish runs fish -i with fresh XDG directories and the hook in its
// config.fish.
func startFish(t testing.TB, f *fixture, env ...string) *session {
	sh := testtool.Need(t, "fish")
	xdg := map[string]string{}
	for _, k := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"} {
		d := filepath.Join(f.home, strings.ToLower(k))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		xdg[k] = d
		env = append(env, k+"="+d)
	}
	conf := filepath.Join(xdg["XDG_CONFIG_HOME"], "fish")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	// Marked as initialized, and with completions as if generated, fish
	// does not set itself up nor read every man page in the background.
	writeFile(t, filepath.Join(conf, "fish_variables"), "# VERSION: 3.0\nSETUVAR __fish_initialized:3400\n")
	if err := os.MkdirAll(filepath.Join(xdg["XDG_DATA_HOME"], "fish", "generated_completions"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(conf, "config.fish"), fmt.Sprintf(`set -g fish_greeting
set -g fish_autosuggestion_enabled 0
function fish_prompt; printf %%s %q; end
function fish_right_prompt; end
function fish_title; end
set -q E2E_NO_HOOK; or %s init fish | source
`, prompt, belayBin))
	return start(t, "fish", f.env(env...), f.home, f.through(sh, "-i")...)
}

// okLine prints ok-N: output its own text does not contain.
func okLine(n int) (line, want string) {
	return fmt.Sprintf(`printf 'ok-%%s\n' %d`, n), fmt.Sprintf("ok-%d", n)
}

// runOK types a harmless command and waits for its output and the next prompt.
func runOK(s *session, n int) {
	s.t.Helper()
	line, want := okLine(n)
	s.line(line)
	s.expect(want)
	s.expectEnd(prompt)
}

// kept waits for belay's message (what) and the line kept off: bash and
// zsh put it into the history and show a fresh prompt; fish 3, which
// cannot add to its history, redraws the prompt with the kept line,
// ending in tail, which Ctrl-C then clears.
func kept(s *session, what, tail string) {
	s.t.Helper()
	s.expect(what)
	if s.name == "fish" && !fish4 {
		s.expect(prompt)
		s.expectEnd(tail)
	} else {
		s.expectEnd(prompt)
	}
	s.interrupt()
}

// fish4 says whether the fish here is 4 or later (history append).
var fish4 = func() bool {
	out, err := exec.Command("fish", "-c", "string split -f1 . -- $version").Output()
	return err == nil && strings.TrimSpace(string(out)) >= "4"
}()

// TestHooks drives each shell through what every hook must do: run a
// harmless line, block a deletion and keep the shell usable, ask before a
// confirm rule and obey the answer, and run lines with one warning when
// belay is missing.
func TestHooks(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			t.Run("block", func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				s := sh.start(t, f)
				runOK(s, 42)
				s.line("rm -rf " + f.dir)
				kept(s, "belay: blocked:", f.dir)
				f.assertIntact(t)
				runOK(s, 43)
				f.assertIntact(t)
			})
			t.Run("confirm", func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				s := sh.start(t, f)
				s.line("touch " + f.path("confirm-me-yes"))
				s.expect("belay: confirm:")
				s.expect("Run it? [y/N]")
				s.line("y")
				s.expectEnd(prompt)
				runOK(s, 44)
				f.assertExists(t, "confirm-me-yes", true)

				s.line("touch " + f.path("confirm-me-no"))
				s.expect("Run it? [y/N]")
				s.line("n")
				kept(s, "belay: declined:", "confirm-me-no")
				runOK(s, 45)
				f.assertExists(t, "confirm-me-no", false)
			})
			t.Run("typed-ahead", func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				s := sh.start(t, f)
				// Lines pasted without bracketed paste arrive as if typed:
				// the block throws away what was typed after it.
				s.send("rm -rf " + f.dir + "\rtouch " + f.path("second") + "\r")
				kept(s, "belay: blocked:", f.dir)
				runOK(s, 56)
				f.assertIntact(t)
				f.assertExists(t, "second", false)
			})
			t.Run("missing-belay", func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				s := sh.start(t, f, "BELAY_BIN=/nonexistent")
				from := s.mark
				runOK(s, 46)
				if n := s.countFrom(from, "belay: warning: guard unavailable"); n != 1 {
					t.Fatalf("%d warnings, want 1:\n%s", n, s.clean()[from:])
				}
			})
		})
	}
}

// TestHooksAck checks that BELAY_ACK typed at the prompt lets that one
// rule through without asking.
func TestHooksAck(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f)
			s.line("BELAY_ACK=e2e.confirm touch " + f.path("confirm-me-ack"))
			s.expect("belay: acknowledged:")
			runOK(s, 47)
			f.assertExists(t, "confirm-me-ack", true)
		})
	}
}

// TestHooksGuardUnavailable checks that a belay that hangs (before its
// watchdog could start, ended by timeout(1) on request) lets the line run
// with one warning naming the reason.
func TestHooksGuardUnavailable(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			hang := filepath.Join(f.home, "hang")
			writeFile(t, hang, "#!/bin/sh\nexec sleep 30\n")
			if err := os.Chmod(hang, 0o755); err != nil {
				t.Fatal(err)
			}
			// A belay that hangs before it could start its own watchdog:
			// timeout(1) around it, on request.
			s := sh.start(t, f, "BELAY_BIN="+hang, "BELAY_HOOK_TIMEOUT=0.3", "BELAY_HOOK_HARD_TIMEOUT=1")
			from := s.mark
			runOK(s, 48)
			out := s.clean()[from:]
			if n := strings.Count(out, "belay: warning: guard unavailable (no verdict within 2s); running unchecked"); n != 1 {
				t.Fatalf("%d timeout warnings, want 1:\n%s", n, out)
			}
		})
		// A belay slowed down past BELAY_HOOK_TIMEOUT asks instead:
		// TestHooksSlowBelay.
	}
}

// TestHooksPrompt checks the question from inside each shell's binding:
// Ctrl-C at it declines, and a person slower than BELAY_HOOK_TIMEOUT is
// still heard (the limit is for belay, not for them).
func TestHooksPrompt(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f, "BELAY_HOOK_TIMEOUT=2")
			s.line("touch " + f.path("confirm-me-int"))
			s.expect("Run it? [y/N]")
			s.send("\x03")
			kept(s, "belay: declined:", "confirm-me-int")
			f.assertExists(t, "confirm-me-int", false)

			from := s.mark
			s.line("touch " + f.path("confirm-me-slow"))
			s.expect("Run it? [y/N]")
			time.Sleep(2500 * time.Millisecond)
			s.line("y")
			runOK(s, 49)
			if strings.Contains(s.clean()[from:], "guard unavailable") {
				t.Fatalf("the slow answer was taken for a slow belay:\n%s", s.clean())
			}
			f.assertExists(t, "confirm-me-slow", true)
		})
	}
}

// TestHooksRecordUnchecked checks that a line run unchecked because belay
// crashed is recorded in the decision log, by the hook.
func TestHooksRecordUnchecked(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			// A belay that crashes when asked about a line (and as the
			// resident server of the bash and zsh hooks).
			crash := filepath.Join(f.home, "crash")
			writeFile(t, crash, fmt.Sprintf("#!/bin/sh\ncase $1 in hook|serve) kill -SEGV $$;; esac\nexec %s \"$@\"\n", belayBin))
			if err := os.Chmod(crash, 0o755); err != nil {
				t.Fatal(err)
			}
			s := sh.start(t, f, "BELAY_BIN="+crash)
			s.line(`printf 'ok-%s\n' 80 # unchecked`)
			s.expect("belay: warning: guard unavailable (belay was killed by SIGSEGV); running unchecked")
			s.expect("ok-80")
			// belay cannot record it: the hook does.
			if r := waitRecord(t, f, "# unchecked"); r.Outcome != "fallback" || r.Decision != "unchecked" {
				t.Errorf("record: %+v", r)
			}
		})
	}
}

// TestHooksInterrupted checks that Ctrl-C while belay is still judging
// keeps the line off, rather than passing for a crashed guard.
func TestHooksInterrupted(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			// A belay that takes its time over the first line only.
			slow := filepath.Join(f.home, "slow")
			writeFile(t, slow, fmt.Sprintf(`#!/bin/sh
if [ "$1" = hook ] && mkdir %s 2>/dev/null; then echo judging >&2; sleep 20; fi
exec %s "$@"
`, filepath.Join(f.home, "slow.once"), belayBin))
			if err := os.Chmod(slow, 0o755); err != nil {
				t.Fatal(err)
			}
			// belay hook's path: the resident server would answer first.
			s := sh.start(t, f, "BELAY_BIN="+slow, "BELAY_HOOK_SERVE=0")
			s.line("touch " + f.path("interrupted"))
			s.expect("judging")
			s.send("\x03")
			// Kept in the buffer (zsh, fish) or dropped (bash): cleared.
			s.interrupt()
			runOK(s, 81)
			if strings.Contains(s.clean(), "guard unavailable") {
				t.Fatalf("Ctrl-C was taken for a broken guard:\n%s", s.clean())
			}
			f.assertExists(t, "interrupted", false)
		})
	}
}
