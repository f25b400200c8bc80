// Package e2e drives the real shells, on a pseudo-terminal, with belay's
// hook loaded, the way a person does: it types a line, answers belay's
// question, and looks at what is left on disk. The targets are temporary
// directories protected by a test pack; nothing else is ever touched.
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/testtool"
	"github.com/creack/pty"
)

var (
	buildOnce sync.Once
	belayBin  string
	buildErr  error
	buildDir  string
)

// TestMain builds belay once for every test, and removes it afterwards.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// belay returns the path of a belay built from this tree.
func belay(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		gobin, err := exec.LookPath("go")
		if err != nil {
			buildErr = err
			return
		}
		if buildDir, buildErr = os.MkdirTemp("", "belay-e2e-"); buildErr != nil {
			return
		}
		belayBin = filepath.Join(buildDir, "belay")
		out, err := exec.Command(gobin, "build", "-o", belayBin, "github.com/belay-sh/belay/cmd/belay").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return belayBin
}

// protectPack blocks deleting or writing below T/protected, for the
// sudo-free tests here (T is filled in).
const protectPack = `[pack]
name = "e2e"
description = "a temporary directory the end-to-end tests must not lose"

[[rule]]
id = "e2e.protected"
action = "block"
message = "{command} deletes a protected test directory"
effect = ["delete", "write"]
paths = ["%[1]s/protected", "%[1]s/protected/**"]

  [[rule.test]]
  line = "rm -rf %[1]s/protected"
  match = true
  [[rule.test]]
  line = "ls %[1]s/protected"
  match = false
`

// session is one interactive shell on a pseudo-terminal.
type session struct {
	t    *testing.T
	sh   string
	pty  *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\r`)

// text is what the terminal showed so far, without escape sequences.
func (s *session) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.ReplaceAllString(s.out.String(), "")
}

// waitFor waits until the screen text after offset from matches re.
func (s *session) waitFor(from int, re string, d time.Duration) bool {
	s.t.Helper()
	rx := regexp.MustCompile(re)
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		txt := s.text()
		if from > len(txt) {
			from = len(txt)
		}
		if rx.MatchString(txt[from:]) {
			return true
		}
	}
	return false
}

func (s *session) send(keys string) {
	s.t.Helper()
	if _, err := s.pty.WriteString(keys); err != nil {
		s.t.Fatalf("%s: write: %v", s.sh, err)
	}
}

// start runs sh interactively on a pseudo-terminal with the hook of bin
// loaded, in home, with env added; it returns once the prompt shows.
func start(t *testing.T, sh, bin, home string, env []string) *session {
	t.Helper()
	path := testtool.Need(t, sh)
	var args []string
	base := []string{
		"HOME=" + home, "PATH=" + filepath.Dir(bin) + ":/usr/sbin:/usr/bin:/sbin:/bin",
		"TERM=xterm", "HISTFILE=/dev/null", "LANG=C.UTF-8",
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local/share"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local/state"),
		"BELAY_AUDIT_FILE=" + filepath.Join(home, "audit.jsonl"), "BELAY_AUDIT_SYSLOG=off",
	}
	switch sh {
	case "bash":
		rc := filepath.Join(home, "bashrc")
		must(t, os.WriteFile(rc, []byte("PS1='READY> '\neval \"$(belay init bash)\"\n"), 0o644))
		args = []string{"--noprofile", "--rcfile", rc, "-i"}
	case "zsh":
		must(t, os.WriteFile(filepath.Join(home, ".zshrc"), []byte("PS1='READY> '\nunsetopt PROMPT_SP\neval \"$(belay init zsh)\"\n"), 0o644))
		base = append(base, "ZDOTDIR="+home)
		args = []string{"-d", "-i"}
	case "fish":
		args = []string{"--no-config", "-i", "-C", "function fish_prompt; echo -n 'READY> '; end; function fish_greeting; end; belay init fish | source"}
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = home
	cmd.Env = append(base, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatalf("%s: %v", sh, err)
	}
	s := &session{t: t, sh: sh, pty: f, cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
		<-s.done
		if t.Failed() {
			t.Logf("%s screen:\n%s", sh, s.text())
		}
	})
	if !s.waitFor(0, `READY> `, 20*time.Second) {
		t.Fatalf("%s: no prompt", sh)
	}
	return s
}

// typeLine types keys and Enter; when belay asks, it answers no. It
// returns once the shell has run a marker command after it, so that what
// the line would have done is done.
func (s *session) typeLine(keys string) {
	s.t.Helper()
	from := len(s.text())
	s.send(keys + "\r")
	// The verdict, a question, or the prompt again.
	if !s.waitFor(from, `belay|READY> `, 20*time.Second) {
		s.t.Fatalf("%s: nothing after %q", s.sh, keys)
	}
	if s.waitFor(from, `\[y/N\]`, 500*time.Millisecond) {
		s.send("n\r")
	}
	// A stopped line stays in the buffer: Ctrl-C drops it (all of it,
	// when a paste made it several lines) and gives a new prompt.
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(s.text()[from:], "belay: ") {
		from = len(s.text())
		s.send("\x03")
		if !s.waitFor(from, `READY> `, 20*time.Second) {
			s.t.Fatalf("%s: no prompt after Ctrl-C", s.sh)
		}
	}
	from = len(s.text())
	s.send("printf 'ok-%s\\n' 42\r")
	if !s.waitFor(from, `ok-42`, 20*time.Second) {
		s.t.Fatalf("%s: the shell did not come back after %q", s.sh, keys)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestHooksFailClosed: each way belay was made to let a protected
// delete through (issue 12) now leaves the target in place, in each
// shell; and an ordinary delete next to it still runs, so the test can
// see a delete at all.
func TestHooksFailClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("drives real shells")
	}
	bin := belay(t)
	loops := strings.Repeat("for v in 1 2 3 4 5 6 7 8; do ", 8) + "X=$v" + strings.Repeat("; done", 8)
	type tcase struct {
		name  string
		setup func(t *testing.T, T, home string) []string // returns extra env
		lines map[string][]string                         // per shell ("" for all)
	}
	protect := func(t *testing.T, T, dir string) {
		must(t, os.MkdirAll(dir, 0o755))
		must(t, os.WriteFile(filepath.Join(dir, "e2e.toml"), []byte(fmt.Sprintf(protectPack, T)), 0o644))
	}
	userPack := func(t *testing.T, T, home string) []string {
		protect(t, T, filepath.Join(home, ".config/belay/rules.d"))
		return nil
	}
	cases := []tcase{
		{name: "control", setup: userPack, lines: map[string][]string{"": {"rm -rf $T/scratch"}}},
		{name: "plain", setup: userPack, lines: map[string][]string{"": {"rm -rf $T/protected"}}},
		{name: "slow-line", setup: userPack, lines: map[string][]string{
			"":     {loops + "; rm -rf $T/protected"},
			"fish": {strings.Repeat("for v in 1 2 3 4 5 6 7 8; ", 8) + "set X $v" + strings.Repeat("; end", 8) + "; rm -rf $T/protected"},
		}},
		{name: "doubling", setup: userPack, lines: map[string][]string{
			"":     {"X=aaaa; " + strings.Repeat("X=$X$X; ", 30) + "rm -rf $T/protected"},
			"fish": {"set X aaaa; " + strings.Repeat("set X $X$X; ", 30) + "rm -rf $T/protected"},
		}},
		// fish redraws the whole line at each key typed: 400 words take
		// it a second, 4,000 take minutes.
		{name: "wrapper-chain", setup: userPack, lines: map[string][]string{
			"":     {strings.Repeat("env ", 4000) + "rm -rf $T/protected"},
			"fish": {strings.Repeat("env ", 400) + "rm -rf $T/protected"},
		}},
		{name: "user-config-typo", setup: func(t *testing.T, T, home string) []string {
			userPack(t, T, home)
			must(t, os.WriteFile(filepath.Join(home, ".config/belay/belay.toml"), []byte("mode = \"obsreve\"\nprompt_timout = 5\n"), 0o644))
			return nil
		}, lines: map[string][]string{"": {"rm -rf $T/protected"}}},
		{name: "user-config-directory", setup: func(t *testing.T, T, home string) []string {
			userPack(t, T, home)
			must(t, os.MkdirAll(filepath.Join(home, ".config/belay/belay.toml"), 0o755))
			return nil
		}, lines: map[string][]string{"": {"rm -rf $T/protected"}}},
		{name: "fleet-config", setup: func(t *testing.T, T, home string) []string {
			etc := filepath.Join(home, "etc-belay")
			protect(t, T, filepath.Join(etc, "rules.d"))
			must(t, os.WriteFile(filepath.Join(etc, "belay.toml"), []byte("disabled_packs = [\"git\"]\n"), 0o644))
			must(t, os.WriteFile(filepath.Join(etc, "rules.d", "fleet.toml"), []byte("[pack]\nname = \"fleet\"\ndescription = \"d\"\n\n[[override]]\nid = \"git.force-push\"\naction = \"block\"\nreason = \"r\"\n"), 0o644))
			return []string{"BELAY_ETC=" + etc}
		}, lines: map[string][]string{"": {"rm -rf $T/protected"}}},
		{name: "exported-ack", setup: userPack, lines: map[string][]string{
			"":     {"export BELAY_ACK=e2e.protected", "rm -rf $T/protected"},
			"fish": {"set -gx BELAY_ACK e2e.protected", "rm -rf $T/protected"},
		}},
		{name: "ack-on-another-command", setup: userPack, lines: map[string][]string{
			"":     {"BELAY_ACK=e2e.protected true; rm -rf $T/protected"},
			"fish": {"BELAY_ACK=e2e.protected true; rm -rf $T/protected"},
		}},
		{name: "paste-ending-in-newline", setup: userPack, lines: map[string][]string{
			"": {"\x1b[200~echo one\rrm -rf $T/protected\r\x1b[201~"},
		}},
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		for _, tc := range cases {
			t.Run(sh+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				home := t.TempDir()
				T := filepath.Join(home, "t")
				for _, d := range []string{"protected", "scratch"} {
					must(t, os.MkdirAll(filepath.Join(T, d), 0o755))
					must(t, os.WriteFile(filepath.Join(T, d, "keep"), []byte("x"), 0o644))
				}
				env := append(tc.setup(t, T, home), "T="+T)
				s := start(t, sh, bin, home, env)
				lines := tc.lines[sh]
				if lines == nil {
					lines = tc.lines[""]
				}
				for _, l := range lines {
					s.typeLine(strings.ReplaceAll(l, "$T", T))
				}
				if _, err := os.Stat(filepath.Join(T, "protected", "keep")); err != nil {
					t.Errorf("the protected directory is gone: %v", err)
				}
				_, err := os.Stat(filepath.Join(T, "scratch"))
				if tc.name == "control" && err == nil {
					t.Errorf("the control delete did not run: the test cannot see a delete")
				}
				if tc.name != "control" && err != nil {
					t.Errorf("scratch is gone: %v", err)
				}
			})
		}
	}
}

// confirmPack asks before `echo confirm-me`, a harmless line.
const confirmPack = `[pack]
name = "e2e-confirm"
description = "a confirm rule on a harmless command"

[[rule]]
id = "e2e-confirm.echo"
action = "confirm"
message = "{command} wants a yes"
command = ["echo"]
operands = ["confirm-me"]

  [[rule.test]]
  line = "echo confirm-me"
  match = true
`

// TestDeclineFreshPrompt: after a no at belay's question, and after a
// block, the prompt starts afresh (what is typed next is not appended to
// the stopped line) and Up brings the stopped line back (issue 17).
func TestDeclineFreshPrompt(t *testing.T) {
	if testing.Short() {
		t.Skip("drives real shells")
	}
	bin := belay(t)
	for _, sh := range []string{"bash", "zsh", "fish"} {
		for _, stop := range []string{"decline", "block"} {
			t.Run(sh+"/"+stop, func(t *testing.T) {
				t.Parallel()
				if sh == "fish" {
					out, err := exec.Command(testtool.Need(t, "fish"), "-c", "string split -f1 . -- $version").Output()
					if err != nil || strings.TrimSpace(string(out)) < "4" {
						t.Skip("fish 3 cannot add to its history: the stopped line stays in the buffer")
					}
				}
				home := t.TempDir()
				T := filepath.Join(home, "t")
				must(t, os.MkdirAll(filepath.Join(T, "protected"), 0o755))
				rules := filepath.Join(home, ".config/belay/rules.d")
				must(t, os.MkdirAll(rules, 0o755))
				must(t, os.WriteFile(filepath.Join(rules, "confirm.toml"), []byte(confirmPack), 0o644))
				must(t, os.WriteFile(filepath.Join(rules, "e2e.toml"), []byte(fmt.Sprintf(protectPack, T)), 0o644))
				s := start(t, sh, bin, home, nil)
				line := "echo confirm-me"
				if stop == "block" {
					line = "rm -rf " + filepath.Join(T, "protected")
				}
				from := len(s.text())
				s.send(line + "\r")
				if stop == "decline" {
					if !s.waitFor(from, `\[y/N\]`, 20*time.Second) {
						t.Fatal("not asked")
					}
					s.send("n\r")
					if !s.waitFor(from, `declined`, 20*time.Second) {
						t.Fatal("not declined")
					}
				} else if !s.waitFor(from, `blocked`, 20*time.Second) {
					t.Fatal("not blocked")
				}
				time.Sleep(300 * time.Millisecond)
				from = len(s.text())
				s.send("printf 'ok-%s\\n' 42\r")
				if !s.waitFor(from, `(?m)^ok-42`, 20*time.Second) {
					t.Fatal("what was typed after the stop did not run on its own")
				}
				time.Sleep(300 * time.Millisecond)
				from = len(s.text())
				s.send("\x1b[A\x1b[A")
				// The shells redraw the line in pieces: look for its end.
				if !s.waitFor(from, regexp.QuoteMeta(line[len(line)-10:]), 10*time.Second) {
					t.Error("Up does not bring the stopped line back")
				}
				s.send("\x03")
				if _, err := os.Stat(filepath.Join(T, "protected")); err != nil {
					t.Errorf("the protected directory is gone: %v", err)
				}
			})
		}
	}
}
