package e2e

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// belayBin is the binary built once for the whole package by TestMain.
var belayBin string

func TestMain(m *testing.M) {
	flag.Parse()
	// The sessions mostly wait for each other's keys and prompts: run
	// more of them at once than there are cores, unless told otherwise.
	if f := flag.Lookup("test.parallel"); f != nil && f.Value.String() == strconv.Itoa(runtime.GOMAXPROCS(0)) {
		_ = f.Value.Set("8")
	}
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "belay-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	belayBin = filepath.Join(dir, "belay")
	// Built as the package builds it (packaging.mk): static, so that the
	// benchmark times what people run.
	build := exec.Command("go", "build", "-trimpath", "-o", belayBin, "../../cmd/belay")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building belay:", err)
		return 1
	}
	return m.Run()
}

// stepTimeout bounds every wait. It is generous because the tests share
// two cores with the rest of the suite; a passing step takes milliseconds.
const stepTimeout = 10 * time.Second

// prompt is the prompt of every shell under test: nothing typed contains it.
const prompt = "READY> "

// fixture is the world of one test: a protected directory, the rule pack
// that protects it, and a home for the shell.
type fixture struct {
	dir   string // the directory the test tries to delete; must survive
	rules string // the directory of the test's rule pack (BELAY_RULES)
	home  string // HOME of the shell
	via   string // a program the shell under test is started through (a parent of theirs), if any
}

// through is argv, run through f.via when there is one: via -c '"$@"; exit'
// (a bash by another name), so that via stays the shell's parent.
func (f *fixture) through(argv ...string) []string {
	if f.via == "" {
		return argv
	}
	return append([]string{f.via, "-c", `"$@"; exit $?`, f.via}, argv...)
}

// newFixture writes a rule pack that blocks deleting dir and asks before
// `touch dir/confirm-me`.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	base := t.TempDir()
	f := &fixture{
		dir:   filepath.Join(base, "protected"),
		rules: filepath.Join(base, "rules"),
		home:  filepath.Join(base, "home"),
	}
	for _, d := range []string{f.dir, f.rules, f.home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(f.dir, "keep"), []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pack := fmt.Sprintf(`[pack]
name = "e2e"
description = "the end-to-end tests' own rules"

[[rule]]
id = "e2e.protected"
action = "block"
message = "{target} belongs to the end-to-end test"
effect = ["delete"]
paths = [%[1]q, %[2]q]

[[rule]]
id = "e2e.confirm"
action = "confirm"
message = "touching {target} needs a yes"
command = ["touch"]
operands = [%[3]q]
`, f.dir, f.dir+"/**", f.dir+"/confirm-me*")
	if err := os.WriteFile(filepath.Join(f.rules, "e2e.toml"), []byte(pack), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// audit is the test's decision log.
func (f *fixture) audit() string { return filepath.Join(f.home, "audit.jsonl") }

// path names a file in the protected directory.
func (f *fixture) path(name string) string { return filepath.Join(f.dir, name) }

// assertIntact fails the test unless the protected directory and its
// file are still there.
func (f *fixture) assertIntact(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(f.path("keep")); err != nil {
		t.Fatalf("the protected directory was touched: %v", err)
	}
}

// assertExists fails unless name exists in the protected directory
// (want) or does not (!want).
func (f *fixture) assertExists(t testing.TB, name string, want bool) {
	t.Helper()
	_, err := os.Stat(f.path(name))
	if got := err == nil; got != want {
		t.Fatalf("%s exists: %v, want %v", name, got, want)
	}
}

// env is the environment of a shell under test: nothing of the user's,
// a fresh HOME, no history file, and the test's rule pack; extra
// entries come last and win.
func (f *fixture) env(extra ...string) []string {
	env := []string{
		"HOME=" + f.home,
		"PATH=" + os.Getenv("PATH"),
		"TERM=xterm",
		"LANG=C.UTF-8",
		"HISTFILE=/dev/null",
		"BELAY_RULES=" + f.rules,
		"EDITOR=true",
		"VISUAL=true",
		// The suite shares two cores with others: a slow check must not
		// pass for a missing guard. Tests of the limit set their own.
		"BELAY_HOOK_TIMEOUT=30",
		// Nothing from the host's /etc/belay, and the decision log in
		// the test's own file, not the host's log or syslog.
		"BELAY_ETC=" + filepath.Join(f.home, "etc"),
		"BELAY_AUDIT_FILE=" + f.audit(),
		"BELAY_AUDIT_SYSLOG=off",
	}
	return append(env, extra...)
}

// session is an interactive shell on a pseudo-terminal of 40×200.
type session struct {
	t    testing.TB
	name string
	pty  *os.File
	cmd  *exec.Cmd

	mu       sync.Mutex
	raw      bytes.Buffer    // everything the shell wrote
	cleaned  strings.Builder // raw[:consumed] without control sequences
	consumed int
	eof      bool
	mark     int           // offset in the cleaned output where the next wait starts
	notify   chan struct{} // ready when something was read since the last wait
}

// start runs argv with env on a new pseudo-terminal and waits for the
// first prompt.
func start(t testing.TB, name string, env []string, dir string, argv ...string) *session {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = dir
	p, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	s := &session{t: t, name: name, pty: p, cmd: cmd, notify: make(chan struct{}, 1)}
	go s.read()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = p.Close()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("%s output:\n%s", name, s.clean())
		}
	})
	s.expect(prompt)
	return s
}

func (s *session) read() {
	buf := make([]byte, 4096)
	for {
		n, err := s.pty.Read(buf)
		s.mu.Lock()
		s.raw.Write(buf[:n])
		if err != nil {
			s.eof = true
		}
		s.mu.Unlock()
		select {
		case s.notify <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

// wait returns when the shell wrote something or after d.
func (s *session) wait(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-s.notify:
	case <-t.C:
	}
}

// ansi matches the terminal control sequences shells write: CSI, OSC,
// character set and keypad selections, carriage returns, bells and
// backspaces.
var ansi = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHMNOZ]|[\r\x07\x08\x0f\x0e]`)

// clean is the output so far without control sequences. It cleans only
// what arrived since the last call, keeping back a sequence cut short.
func (s *session) clean() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw := s.raw.Bytes()[s.consumed:]
	cut := len(raw)
	if i := bytes.LastIndexByte(raw, 0x1b); i >= 0 && len(raw)-i < 64 {
		if loc := ansi.FindIndex(raw[i:]); loc == nil || loc[0] != 0 {
			cut = i // the rest of the sequence is still to come
		}
	}
	s.cleaned.WriteString(ansi.ReplaceAllString(string(raw[:cut]), ""))
	s.consumed += cut
	return s.cleaned.String()
}

// send types text as it is.
func (s *session) send(text string) {
	s.t.Helper()
	if _, err := s.pty.Write([]byte(text)); err != nil {
		s.t.Fatalf("typing into %s: %v", s.name, err)
	}
}

// line types text and Enter.
func (s *session) line(text string) { s.send(text + "\r") }

// expect waits until want appears in the output after the previous
// match, and moves past it.
func (s *session) expect(want string) {
	s.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		out := s.clean()
		if i := strings.Index(out[min(s.mark, len(out)):], want); i >= 0 {
			if os.Getenv("E2E_TRACE") != "" {
				s.t.Logf("%s: got %q after %s", s.name, want, time.Since(deadline.Add(-stepTimeout)))
			}
			s.mark += i + len(want)
			return
		}
		s.mu.Lock()
		eof := s.eof
		s.mu.Unlock()
		if eof || time.Now().After(deadline) {
			s.t.Fatalf("%s: no %q within %s (eof %v); output after the last match:\n%s",
				s.name, want, stepTimeout, eof, out[min(s.mark, len(out)):])
		}
		s.wait(time.Until(deadline))
	}
}

// expectEnd waits until the output ends with want (the shell is idle,
// waiting for input after writing it), and moves to the end.
func (s *session) expectEnd(want string) {
	s.t.Helper()
	if !s.waitEnd(want, stepTimeout) {
		out := s.clean()
		s.t.Fatalf("%s: output does not end with %q within %s; output after the last match:\n%s",
			s.name, want, stepTimeout, out[min(s.mark, len(out)):])
	}
}

// waitEnd waits up to d for the output to end with want, after at least
// len(want) new bytes, and reports whether it did; then it moves to the end.
func (s *session) waitEnd(want string, d time.Duration) bool {
	s.t.Helper()
	start := time.Now()
	for {
		out := s.clean()
		if len(out) >= s.mark+len(want) && strings.HasSuffix(out, want) {
			if os.Getenv("E2E_TRACE") != "" {
				s.t.Logf("%s: ends with %q after %s", s.name, want, time.Since(start))
			}
			s.mark = len(out)
			return true
		}
		s.mu.Lock()
		eof := s.eof
		s.mu.Unlock()
		if eof || time.Since(start) > d {
			return false
		}
		s.wait(d - time.Since(start))
	}
}

// interrupt types Ctrl-C until the shell shows a fresh prompt. A shell
// busy in a key binding (still redrawing after belay spoke) takes the
// signal for the binding and leaves the line as it is; so try again.
// A prompt counts once nothing follows it for a moment: zsh draws the
// prompt first and a line put back (accept-and-hold) after it.
func (s *session) interrupt() {
	s.t.Helper()
	for i := 0; i < 5; i++ {
		s.send("\x03")
		if s.waitEnd(prompt, time.Second) && s.stillEnds(prompt, 150*time.Millisecond) {
			return
		}
	}
	s.expectEnd(prompt)
}

// stillEnds reports whether the output still ends with want after d.
func (s *session) stillEnds(want string, d time.Duration) bool {
	time.Sleep(d)
	out := s.clean()
	s.mark = min(s.mark, len(out))
	return strings.HasSuffix(out, want)
}

// count says how often sub appears in the output from offset from.
func (s *session) countFrom(from int, sub string) int {
	out := s.clean()
	return strings.Count(out[min(from, len(out)):], sub)
}
