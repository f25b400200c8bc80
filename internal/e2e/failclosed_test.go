package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/audit"
)

// fakeBelay writes a script that stands for belay: for `belay hook` and
// `belay serve` (the resident half of the bash and zsh hooks: a broken
// belay is broken there too, and the hook must then ask belay hook) it
// runs body; anything else (belay init, at the shell's start) goes to the
// real belay.
func fakeBelay(t *testing.T, f *fixture, name, body string) string {
	t.Helper()
	path := filepath.Join(f.home, name)
	writeFile(t, path, fmt.Sprintf("#!/bin/sh\nif [ \"$1\" = hook ] || [ \"$1\" = serve ]; then\n%s\nfi\nexec %s \"$@\"\n", body, belayBin))
	if err := os.Chmod(path, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitRecord waits for a record in the test's decision log whose line
// holds text, and returns it.
func waitRecord(t *testing.T, f *fixture, text string) *audit.Record {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		data, _ := os.ReadFile(f.audit())
		for _, l := range strings.Split(string(data), "\n") {
			if r, err := audit.Parse([]byte(l)); err == nil && strings.Contains(r.RawLine(), text) {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no record of %q in the decision log:\n%s", text, data)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestHooksBrokenBelay: what each hook does when belay misbehaves, as the
// README promises: a belay that is killed lets the line run with one
// warning; one that fails (exit 2, garbage and a status it never gives)
// keeps the line off with an error; each time the hook records it, since
// belay could not. __belay_off switches a hook off even then.
func TestHooksBrokenBelay(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name+"/exit-2", func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			bin := fakeBelay(t, f, "exit2", "echo 'belay: error: something odd' >&2; exit 2")
			s := sh.start(t, f, "BELAY_BIN="+bin)
			s.line("rm -rf " + f.dir + " # exit-2")
			kept(s, "belay: error: belay failed with status 2: the line was not run", "exit-2")
			f.assertIntact(t)
			if r := waitRecord(t, f, "# exit-2"); r.Outcome != "not run" || r.Decision != "unchecked" || r.Shell != sh.name {
				t.Errorf("record: %+v", r)
			}
			// A belay that keeps failing does not lock anyone out.
			s.line("__belay_off")
			s.expect("belay: warning: the hook is off in this shell")
			runOK(s, 90)
			waitRecord(t, f, "__belay_off")
		})
		t.Run(sh.name+"/garbage", func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			bin := fakeBelay(t, f, "garbage", `printf '%s\n' '}{ not json' 'garbage-out'; exit 9`)
			s := sh.start(t, f, "BELAY_BIN="+bin)
			s.line("rm -rf " + f.dir + " # garbage")
			kept(s, "belay: error: belay failed with status 9: the line was not run", "garbage")
			f.assertIntact(t)
			if r := waitRecord(t, f, "# garbage"); r.Outcome != "not run" {
				t.Errorf("record: %+v", r)
			}
		})
		t.Run(sh.name+"/sigkill", func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			bin := fakeBelay(t, f, "killed", "kill -KILL $$")
			s := sh.start(t, f, "BELAY_BIN="+bin)
			from := s.mark
			s.line(`printf 'ok-%s\n' 91 # killed`)
			s.expect("ok-91")
			s.expectEnd(prompt)
			if n := s.countFrom(from, "belay: warning: guard unavailable (belay was killed by SIGKILL); running unchecked"); n != 1 {
				t.Fatalf("%d warnings, want 1:\n%s", n, s.clean()[from:])
			}
			if r := waitRecord(t, f, "# killed"); r.Outcome != "fallback" || r.Decision != "unchecked" || !strings.Contains(r.Reason, "SIGKILL") {
				t.Errorf("record: %+v", r)
			}
		})
		t.Run(sh.name+"/hangs", func(t *testing.T) {
			t.Parallel()
			// A belay that hangs before its watchdog could start, ended by
			// timeout(1) around it (on request): killed, so the line runs.
			f := newFixture(t)
			bin := fakeBelay(t, f, "hang", "exec sleep 30")
			s := sh.start(t, f, "BELAY_BIN="+bin, "BELAY_HOOK_TIMEOUT=0.3", "BELAY_HOOK_HARD_TIMEOUT=1")
			from := s.mark
			s.line(`printf 'ok-%s\n' 92 # hangs`)
			s.expect("ok-92")
			if n := s.countFrom(from, "belay: warning: guard unavailable (no verdict within 2s); running unchecked"); n != 1 {
				t.Fatalf("%d warnings, want 1:\n%s", n, s.clean()[from:])
			}
			if r := waitRecord(t, f, "# hangs"); r.Outcome != "fallback" {
				t.Errorf("record: %+v", r)
			}
		})
	}
}

// TestHooksSlowBelay: a belay that cannot judge a line within
// BELAY_HOOK_TIMEOUT (here: the real belay, slowed down by a large pack it
// must parse, with a cold cache) asks, as for any confirm: no runs the
// line not, yes runs it. Never "running unchecked".
func TestHooksSlowBelay(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			big := filepath.Join(f.home, "bigrules")
			if err := os.MkdirAll(big, 0o755); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString("[pack]\nname = \"big\"\n")
			for i := 0; b.Len() < 3<<20; i++ {
				fmt.Fprintf(&b, "\n[[rule]]\nid = \"big.r%d\"\naction = \"warn\"\nmessage = \"x\"\ncommand = [\"never-%d\"]\n", i, i)
			}
			writeFile(t, filepath.Join(big, "big.toml"), b.String())
			// A cache directory that cannot be made: every check parses the pack.
			nocache := filepath.Join(f.home, "nocache")
			writeFile(t, nocache, "")
			s := sh.start(t, f, "BELAY_RULES="+f.rules+":"+big, "BELAY_HOOK_TIMEOUT=0.05", "XDG_CACHE_HOME="+nocache)
			s.line("rm -rf " + f.dir + " # slow")
			s.expect("belay could not finish judging this line in 50ms")
			s.expect("Run it? [y/N]")
			s.line("n")
			kept(s, "belay: declined:", "slow")
			f.assertIntact(t)
			if r := waitRecord(t, f, "# slow"); r.Outcome != "declined" || r.Decision != "confirm" || len(r.Rules) != 1 || r.Rules[0] != "belay.timeout" {
				t.Errorf("record: %+v", r)
			}
			s.line(`printf 'ok-%s\n' 93 # slow-yes`)
			s.expect("Run it? [y/N]")
			s.line("y")
			s.expect("ok-93")
			s.expectEnd(prompt)
			if strings.Contains(s.clean(), "running unchecked") {
				t.Fatalf("a slow belay ran a line unchecked:\n%s", s.clean())
			}
			if r := waitRecord(t, f, "# slow-yes"); r.Outcome != "confirmed" {
				t.Errorf("record: %+v", r)
			}
		})
	}
}

// TestHooksSlowLine: a line that takes belay long to judge (the issue's
// nested loops) is never run unchecked: it is judged, or belay asks.
func TestHooksSlowLine(t *testing.T) {
	loops := strings.Repeat("for v in 1 2 3 4 5 6 7 8; do X=$v; ", 7) + strings.Repeat("done; ", 7)
	fishLoops := strings.Repeat("for v in 1 2 3 4 5 6 7 8; set X $v; ", 7) + strings.Repeat("end; ", 7)
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f, "BELAY_HOOK_TIMEOUT=1")
			if sh.name == "fish" {
				s.line(fishLoops + "rm -rf " + f.dir)
			} else {
				s.line(loops + "rm -rf " + f.dir)
			}
			answered := false
			deadline := time.Now().Add(stepTimeout)
			for !answered && time.Now().Before(deadline) {
				out := s.clean()[s.mark:]
				switch {
				case strings.Contains(out, "Run it? [y/N]"):
					s.line("n")
					answered = true
				case strings.Contains(out, "belay: blocked:"):
					answered = true
				}
				s.wait(100 * time.Millisecond)
			}
			if !answered {
				t.Fatalf("neither blocked nor asked:\n%s", s.clean()[s.mark:])
			}
			s.expect(prompt)
			s.interrupt()
			runOK(s, 94)
			f.assertIntact(t)
			if strings.Contains(s.clean(), "running unchecked") {
				t.Fatalf("ran unchecked:\n%s", s.clean())
			}
		})
	}
}

// TestHooksExportedAck: an exported BELAY_ACK acknowledges nothing; every
// later line is judged as if it were not there.
func TestHooksExportedAck(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f)
			if sh.name == "fish" {
				s.line("set -gx BELAY_ACK e2e.protected")
			} else {
				s.line("export BELAY_ACK=e2e.protected")
			}
			s.expectEnd(prompt)
			s.line("rm -rf " + f.dir)
			kept(s, "belay: blocked:", f.dir)
			f.assertIntact(t)
			// On the line itself it does.
			s.line("BELAY_ACK=e2e.confirm touch " + f.path("confirm-me-acked"))
			s.expect("belay: acknowledged:")
			runOK(s, 95)
			f.assertExists(t, "confirm-me-acked", true)
		})
	}
}

// TestHooksPasteEndingInNewline: a bracketed paste whose last line ends in
// a newline (the cursor on a row of its own) is judged whole; fish's hook
// once passed belay a negative row count for it, and the block ran
// unchecked.
func TestHooksPasteEndingInNewline(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f)
			s.send("\x1b[200~echo one\nrm -rf " + f.dir + "\n\x1b[201~")
			s.wait(300 * time.Millisecond)
			s.send("\r")
			s.expect("belay: blocked:")
			s.expect(prompt)
			s.interrupt()
			runOK(s, 96)
			f.assertIntact(t)
			out := s.clean()
			if strings.Contains(out, "rows") || strings.Contains(out, "running unchecked") || strings.Contains(out, "belay: error") {
				t.Fatalf("the paste was not judged cleanly:\n%s", out)
			}
		})
	}
}

// TestHooksBrokenConfig: a broken belay.toml, the user's or the fleet's,
// never switches the guard off: the protected directory survives.
func TestHooksBrokenConfig(t *testing.T) {
	for _, sh := range shells {
		for _, kind := range []string{"user", "fleet"} {
			t.Run(sh.name+"/"+kind, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				var env []string
				switch kind {
				case "user":
					conf := filepath.Join(f.home, "config", "belay")
					if err := os.MkdirAll(conf, 0o755); err != nil {
						t.Fatal(err)
					}
					writeFile(t, filepath.Join(conf, "belay.toml"), "mode = \"obsreve\"\nprompt_timout = 5\n")
					env = append(env, "XDG_CONFIG_HOME="+filepath.Join(f.home, "config"))
				case "fleet":
					etc := filepath.Join(f.home, "etc")
					if err := os.MkdirAll(filepath.Join(etc, "rules.d"), 0o755); err != nil {
						t.Fatal(err)
					}
					writeFile(t, filepath.Join(etc, "belay.toml"), "disabled_packs = [\"git\"]\n")
					writeFile(t, filepath.Join(etc, "rules.d", "fleet.toml"), "[pack]\nname = \"fleet\"\ndescription = \"x\"\n\n[[override]]\nid = \"git.force-push\"\naction = \"block\"\nreason = \"x\"\n")
				}
				s := sh.start(t, f, env...)
				s.line("rm -rf " + f.dir)
				deadline := time.Now().Add(stepTimeout)
				for done := false; !done; {
					out := s.clean()[s.mark:]
					switch {
					case strings.Contains(out, "Run it? [y/N]"):
						s.line("n")
						done = true
					case strings.Contains(out, "belay: blocked:"):
						done = true
					case time.Now().After(deadline):
						t.Fatalf("neither blocked nor asked:\n%s", out)
					}
					s.wait(100 * time.Millisecond)
				}
				s.expect(prompt)
				s.interrupt()
				// Judged with everything else belay has (the config
				// reported), or, where belay cannot judge without it, asked.
				line, want := okLine(97)
				s.line(line)
				for deadline := time.Now().Add(stepTimeout); !strings.Contains(s.clean()[s.mark:], want); s.wait(100 * time.Millisecond) {
					if strings.HasSuffix(s.clean(), "Run it? [y/N] ") {
						s.line("y")
					}
					if time.Now().After(deadline) {
						t.Fatalf("no %s:\n%s", want, s.clean()[s.mark:])
					}
				}
				f.assertIntact(t)
				if strings.Contains(s.clean(), "running unchecked") {
					t.Fatalf("ran unchecked:\n%s", s.clean())
				}
			})
		}
	}
}

// TestHooksHeavyLines: the other shapes of issue 12's slow lines (a
// variable doubled 30 times, 1,000 wrappers — 400 in fish, which redraws
// the line at each key) and an ack given to another command of the line
// leave the protected directory in place.
func TestHooksHeavyLines(t *testing.T) {
	for _, sh := range shells {
		for name, line := range map[string]string{
			"doubling":      "X=aaaa; " + strings.Repeat("X=$X$X; ", 30) + "rm -rf ",
			"wrappers":      strings.Repeat("env ", 1000) + "rm -rf ",
			"ack-elsewhere": "BELAY_ACK=e2e.protected true; rm -rf ",
		} {
			t.Run(sh.name+"/"+name, func(t *testing.T) {
				t.Parallel()
				if sh.name == "fish" {
					line = strings.ReplaceAll(strings.ReplaceAll(line, "X=aaaa; ", "set X aaaa; "), "X=$X$X; ", "set X $X$X; ")
					line = strings.Replace(line, strings.Repeat("env ", 1000), strings.Repeat("env ", 400), 1)
				}
				f := newFixture(t)
				s := sh.start(t, f)
				s.line(line + f.dir)
				if sh.name == "fish" {
					// fish redraws a long kept line wrapped: only the stop
					// is looked for.
					s.expect("belay: blocked:")
					s.interrupt()
				} else {
					kept(s, "belay: blocked:", f.dir)
				}
				runOK(s, 95)
				f.assertIntact(t)
			})
		}
	}
}
