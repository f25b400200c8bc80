package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/shell"
)

// syncBuffer is a bytes.Buffer safe for the watchdog's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// watchApp is an app whose exit is a channel, for the watchdog.
func watchApp(t *testing.T, env map[string]string) (*app, *syncBuffer, chan int) {
	t.Helper()
	stderr := &syncBuffer{}
	exit := make(chan int, 1)
	a := &app{stdout: os.Stdout, stderr: stderr, getenv: func(k string) string { return env[k] },
		environ: func() []string { return nil }, cwd: "/", exit: func(c int) { exit <- c }}
	return a, stderr, exit
}

// TestWatchdogAnswersConfirm: a line not judged in time gets confirm with
// the reason; with no terminal that is "confirmation needed" (exit 3),
// recorded. The main goroutine cannot claim the verdict afterwards.
func TestWatchdogAnswersConfirm(t *testing.T) {
	defer func(p string) { ttyPath = p }(ttyPath)
	ttyPath = filepath.Join(t.TempDir(), "no-tty")
	env := auditEnv(t)
	env["BELAY_HOOK_TIMEOUT"] = "0.01"
	a, stderr, exit := watchApp(t, env)
	a.startWatch("hook")
	a.wd.about("rm -rf /", "bash", false, nil, nil)
	a.wd.phase("analysing the line")
	select {
	case code := <-exit:
		if code != ExitConfirm {
			t.Errorf("exit %d, want %d", code, ExitConfirm)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the watchdog did not fire")
	}
	want := "belay: confirm: belay could not finish judging this line in 10ms: still analysing the line [belay.timeout]"
	if !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "no terminal to ask on: not run") {
		t.Errorf("stderr:\n%s\nwant %q", stderr.String(), want)
	}
	if a.wd.claim() {
		t.Error("claimed after the watchdog answered")
	}
	recs := records(t, env["BELAY_AUDIT_FILE"])
	if len(recs) != 1 || recs[0].Outcome != "confirmation needed" || recs[0].Line != "rm -rf /" || recs[0].Rules[0] != TimeoutID ||
		!strings.Contains(recs[0].Reason, "could not finish judging") {
		t.Fatalf("records: %+v", recs)
	}
}

// TestWatchdogClaimed: once the verdict is claimed the watchdog is silent,
// and a limit of 0 never fires.
func TestWatchdogClaimed(t *testing.T) {
	env := auditEnv(t)
	env["BELAY_HOOK_TIMEOUT"] = "0.05"
	a, stderr, exit := watchApp(t, env)
	a.startWatch("hook")
	if !a.wd.claim() {
		t.Fatal("claim failed")
	}
	if !a.wd.claim() {
		t.Fatal("a second claim failed")
	}
	a.wd.fire() // as if the timer had gone off a moment too late
	time.Sleep(100 * time.Millisecond)
	select {
	case code := <-exit:
		t.Fatalf("exited %d after the claim", code)
	default:
	}
	if stderr.String() != "" {
		t.Errorf("wrote after the claim: %q", stderr.String())
	}
	env["BELAY_HOOK_TIMEOUT"] = "0"
	a, _, exit = watchApp(t, env)
	a.startWatch("hook")
	time.Sleep(50 * time.Millisecond)
	select {
	case code := <-exit:
		t.Fatalf("no limit, and exited %d", code)
	default:
	}
	// No exit function (belay run in-process): no watchdog at all.
	a = &app{getenv: func(string) string { return "" }}
	a.startWatch("check")
	if a.wd != nil || !a.wd.claim() {
		t.Error("a watchdog without a way to exit")
	}
}

// TestApproveLimit: belay approve answers before the plugin's own limit.
func TestApproveLimit(t *testing.T) {
	for plugin, want := range map[time.Duration]time.Duration{
		5 * time.Second:        3 * time.Second,
		2 * time.Second:        time.Second,
		1 * time.Second:        500 * time.Millisecond,
		60 * time.Second:       58 * time.Second,
		500 * time.Millisecond: 250 * time.Millisecond,
	} {
		if got := approveLimit(plugin); got != want {
			t.Errorf("approveLimit(%s) = %s, want %s", plugin, got, want)
		}
	}
}

// TestParseHookArgs: belay hook never fails on its own options.
func TestParseHookArgs(t *testing.T) {
	for _, tt := range []struct {
		args         []string
		shell, line  string
		below, above int
		warn         string
	}{
		{args: []string{"--shell", "zsh", "--", "rm", "-rf", "/"}, shell: "zsh", line: "rm -rf /"},
		{args: []string{"--rows-below", "2", "--rows-above", "3", "--shell", "fish", "--", "ls"}, shell: "fish", line: "ls", below: 2, above: 3},
		// fish's hook, for a paste that ends in a newline, once passed -1.
		{args: []string{"--rows-below", "-1", "--rows-above", "2", "--shell", "fish", "--", "echo one\nrm -rf /usr"},
			shell: "fish", line: "echo one\nrm -rf /usr", above: 2, warn: `--rows-below '-1' is not a number of rows`},
		{args: []string{"--rows-above", "x", "--", "ls"}, shell: "bash", line: "ls", warn: "not a number of rows"},
		{args: []string{"--shell", "tcsh", "--", "ls"}, shell: "bash", line: "ls", warn: "unknown shell"},
		{args: []string{"--frobnicate", "--shell=zsh", "--", "ls"}, shell: "zsh", line: "ls", warn: "unknown option"},
		{args: []string{"--shell", "zsh", "ls", "-la"}, shell: "zsh", line: "ls -la"},
		{args: []string{"--shell"}, shell: "bash", line: "", warn: "without a value"},
		{args: []string{"--no-prompt", "--color", "pink", "--", "--", "x"}, shell: "bash", line: "-- x", warn: "--color"},
	} {
		o, below, above, line, warnings := parseHookArgs(tt.args)
		w := strings.Join(warnings, "; ")
		if o.shell != tt.shell || line != tt.line || below != tt.below || above != tt.above ||
			(tt.warn == "") != (w == "") || !strings.Contains(w, tt.warn) {
			t.Errorf("parseHookArgs(%q) = shell %s, line %q, rows %d/%d, warnings %q; want %s, %q, %d/%d, %q",
				tt.args, o.shell, line, below, above, w, tt.shell, tt.line, tt.below, tt.above, tt.warn)
		}
	}
}

// TestHookProcess runs belay hook as the hooks do, as a process: its own
// options never make it fail, and a line it cannot judge in time gets
// confirm (with no terminal: exit 3), never exit 2 and never an allow.
func TestHookProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds belay")
	}
	dir := t.TempDir()
	belay := buildBelay(t, dir)
	env := auditEnv(t)
	var kv []string
	for k, v := range env {
		kv = append(kv, k+"="+v)
	}
	hook := func(extra []string, args ...string) (string, int) {
		cmd := exec.Command(belay, append([]string{"hook"}, args...)...)
		cmd.Env = append(append([]string(nil), kv...), extra...)
		_, stderr, code := run(t, cmd)
		return stderr, code
	}
	stderr, code := hook(nil, "--rows-below", "-1", "--rows-above", "2", "--shell", "fish", "--", "echo one\nrm -rf /")
	if code != ExitBlock || !strings.Contains(stderr, `belay: warning: belay hook: --rows-below '-1' is not a number of rows: 0 used`) ||
		!strings.Contains(stderr, "[filesystem.delete-root]") {
		t.Errorf("--rows-below -1: exit %d, want 1 with a warning:\n%s", code, stderr)
	}
	// A belay slowed down by a large pack it must parse (the pack cache
	// is cold): the watchdog answers.
	big := filepath.Join(dir, "bigrules")
	must(t, os.MkdirAll(big, 0o755))
	var b strings.Builder
	b.WriteString("[pack]\nname = \"big\"\n")
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "\n[[rule]]\nid = \"big.r%d\"\naction = \"warn\"\nmessage = \"x\"\ncommand = [\"never-%d\"]\n", i, i)
	}
	must(t, os.WriteFile(filepath.Join(big, "big.toml"), []byte(b.String()), 0o644))
	stderr, code = hook([]string{"BELAY_RULES=" + big, "BELAY_HOOK_TIMEOUT=0.05", "XDG_CACHE_HOME=" + t.TempDir()}, "--shell", "bash", "--", "ls -la")
	if code != ExitConfirm || !strings.Contains(stderr, "belay: confirm: belay could not finish judging this line in 50ms: still") {
		t.Errorf("slow: exit %d, want 3 (confirm, no terminal):\n%s", code, stderr)
	}
	recs := records(t, env["BELAY_AUDIT_FILE"])
	if n := len(recs); n == 0 || recs[n-1].Line != "ls -la" || recs[n-1].Outcome != "confirmation needed" || recs[n-1].Rules[0] != TimeoutID {
		t.Errorf("records: %+v", recs)
	}
}

// FuzzParseHookArgs: belay hook reads any arguments without failing, and
// what it makes of them is always usable.
func FuzzParseHookArgs(f *testing.F) {
	f.Add("--rows-below\x00-1\x00--rows-above\x002\x00--shell\x00fish\x00--\x00echo one\nrm -rf /usr")
	f.Add("--shell=zsh\x00--frobnicate\x00ls")
	f.Add("--\x00--\x00x")
	f.Add("--rules\x00")
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		o, below, above, line, _ := parseHookArgs(args)
		if below < 0 || below > 1000 || above < 0 || above > 1000 {
			t.Fatalf("rows %d/%d", below, above)
		}
		if _, ok := shell.ParseDialect(o.shell); !ok {
			t.Fatalf("shell %q", o.shell)
		}
		if o.color != "auto" && o.color != "always" && o.color != "never" {
			t.Fatalf("color %q", o.color)
		}
		// The line is the arguments' last words, whole; after a leading
		// "--", all of them.
		if !strings.HasSuffix(strings.Join(args, " "), line) {
			t.Fatalf("line %q is not the end of %q", line, args)
		}
		if args[0] == "--" && line != strings.Join(args[1:], " ") {
			t.Fatalf("line %q after --", line)
		}
	})
}
