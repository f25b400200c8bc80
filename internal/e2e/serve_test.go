package e2e

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHooksServer: the hooks answer ordinary lines from a resident belay
// serve, which judges with the shell's environment and directory as they
// are at each Enter — not as they were when it started — and which,
// killed or cut off, costs a check nothing.
func TestHooksServer(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			harmless := filepath.Join(f.home, "harmless")
			if err := os.MkdirAll(harmless, 0o755); err != nil {
				t.Fatal(err)
			}
			// T is in the environment the server starts with.
			s := sh.start(t, f, "T="+harmless)
			pid := serverPid(t, s)
			runOK(s, 1)
			s.line(`echo "ready-$__belay_srv_ready"`)
			s.expect("ready-1")
			s.expectEnd(prompt)

			// The shell drops T: the line deletes the protected directory.
			if sh.name != "fish" {
				s.line("unset T")
				s.expectEnd(prompt)
				s.line(`rm -rf "${T:-` + f.dir + `}" # unset`)
				kept(s, "belongs to the end-to-end test", "# unset")
				f.assertIntact(t)
			}

			// The shell moves into the protected directory: * is in it.
			s.line("cd " + f.dir)
			s.expectEnd(prompt)
			s.line("rm -rf -- * # moved")
			kept(s, "belongs to the end-to-end test", "# moved")
			f.assertIntact(t)
			s.line("cd " + f.home)
			s.expectEnd(prompt)

			// Killed: the next lines are judged all the same, and a new
			// server answers after that; the hook removes the directory
			// the killed one could not.
			dir := serverDir(t, s)
			if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			s.line("rm -rf " + f.dir + " # killed")
			kept(s, "belongs to the end-to-end test", "# killed")
			f.assertIntact(t)
			runOK(s, 2)
			if again := serverPid(t, s); again == pid {
				t.Fatalf("the killed server %d still answers", pid)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Fatalf("the killed server's directory %s is left: %v", dir, err)
			}

			// Cut off: its descriptors closed by a command (bash, zsh), its
			// directory removed (a tmp cleaner): judged all the same.
			if sh.name == "fish" {
				s.line(`printf 'dir-%s-\n' "$__belay_srv_dir"`)
				s.expect("-\n")
				s.expectEnd(prompt)
				m := regexp.MustCompile(`dir-(/[^\n]*)-\n`).FindStringSubmatch(s.clean())
				if m == nil || !strings.Contains(m[1], "belay-hook.") {
					t.Fatalf("no directory: %v", m)
				}
				if err := os.RemoveAll(m[1]); err != nil {
					t.Fatal(err)
				}
			} else {
				s.line(`exec {__belay_srv_q}>&-`)
				s.expectEnd(prompt)
			}
			s.line("rm -rf " + f.dir + " # closed")
			kept(s, "belongs to the end-to-end test", "# closed")
			f.assertIntact(t)
			runOK(s, 3)
		})
	}
}

var srvRE = regexp.MustCompile(`srv-([0-9]+)-`)

// serverDir is the directory of the shell's belay serve.
func serverDir(t *testing.T, s *session) string {
	t.Helper()
	from := len(s.clean())
	s.line(`printf 'sdir-%s-\n' "$__belay_srv_dir"`)
	s.expect("-\n")
	s.expectEnd(prompt)
	m := regexp.MustCompile(`sdir-(/[^\n]*belay-hook\.[A-Za-z0-9]+)-\n`).FindStringSubmatch(s.clean()[from:])
	if m == nil {
		t.Fatalf("no server directory:\n%s", s.clean()[from:])
	}
	return m[1]
}

// serverPid is the pid of the shell's belay serve, once it is up.
func serverPid(t *testing.T, s *session) int {
	t.Helper()
	from := len(s.clean())
	s.line(`printf 'srv-%s-\n' "$__belay_srv_pid"`)
	s.expect("-\n")
	s.expectEnd(prompt)
	m := srvRE.FindStringSubmatch(s.clean()[from:])
	if m == nil {
		t.Fatalf("no server:\n%s", s.clean()[from:])
	}
	pid, _ := strconv.Atoi(m[1])
	return pid
}

// serveDir makes a private directory with the two FIFOs, held open the
// way the hooks hold them.
func serveDir(t *testing.T) (dir string, q, a *os.File) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "srv")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"q", "a"} {
		if err := syscall.Mkfifo(filepath.Join(dir, n), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if q, err = os.OpenFile(filepath.Join(dir, "q"), os.O_RDWR, 0); err != nil {
		t.Fatal(err)
	}
	if a, err = os.OpenFile(filepath.Join(dir, "a"), os.O_RDWR, 0); err != nil {
		t.Fatal(err)
	}
	return dir, q, a
}

// startServe starts bin serve for dir, as the child of parent.
func startServe(t *testing.T, bin, dir string, parent int, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--shell", "bash", "--dir", dir, "--parent", strconv.Itoa(parent))
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// exited waits for cmd to end, and says whether it did in time.
func exited(cmd *exec.Cmd, d time.Duration) bool {
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func ask(t *testing.T, q *os.File, r *bufio.Reader, id, line, env string) string {
	t.Helper()
	// The server checks the directory against its parent's, this test's.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	req := strings.Join([]string{"belay-serve-1", id, wd, wd + "\n", "0", "0", "2", "", line, env}, "\x00") + "\x00"
	if _, err := io.WriteString(q, req); err != nil {
		t.Fatal(err)
	}
	return readAnswer(t, r)
}

func readAnswer(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	type res struct {
		s   string
		err error
	}
	c := make(chan res, 1)
	go func() { s, err := r.ReadString('\n'); c <- res{s, err} }()
	select {
	case x := <-c:
		if x.err != nil {
			t.Fatal(x.err)
		}
		return strings.TrimSuffix(x.s, "\n")
	case <-time.After(stepTimeout):
		t.Fatal("no answer")
	}
	return ""
}

// TestServeProcess: belay serve as a process — it ends when the shell
// does, when it is out of step, when its binary is replaced, and it never
// starts on a directory that is not private.
func TestServeProcess(t *testing.T) {
	home := t.TempDir()
	env := fmt.Sprintf("declare -x HOME=%q\ndeclare -x BELAY_AUDIT_FILE=%q\ndeclare -x BELAY_AUDIT_SYSLOG=\"off\"\n", home, filepath.Join(home, "a.jsonl"))

	t.Run("answers, ends at EOF", func(t *testing.T) {
		dir, q, a := serveDir(t)
		cmd := startServe(t, belayBin, dir, os.Getpid())
		r := bufio.NewReader(a)
		if hello := readAnswer(t, r); hello != fmt.Sprintf("belay-serve %d", cmd.Process.Pid) {
			t.Fatalf("hello %q", hello)
		}
		if got := ask(t, q, r, "1.1", "ls -l", env); got != "1.1 0" {
			t.Fatalf("ls: %q", got)
		}
		if got := ask(t, q, r, "2.1", "rm -rf /", env); got != "2.1 -" {
			t.Fatalf("rm -rf /: %q", got)
		}
		if got := ask(t, q, r, "3.1", "for i in 1", env); got != "3.1 4" {
			t.Fatalf("unfinished: %q", got)
		}
		q.Close()
		a.Close()
		if !exited(cmd, stepTimeout) {
			t.Fatal("still running after EOF")
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("%s left behind: %v", dir, err)
		}
	})

	t.Run("out of step", func(t *testing.T) {
		dir, q, a := serveDir(t)
		cmd := startServe(t, belayBin, dir, os.Getpid())
		r := bufio.NewReader(a)
		readAnswer(t, r)
		io.WriteString(q, "not a request\x00of any kind\x00\x00\x00\x00\x00\x00\x00\x00\x00")
		if !exited(cmd, stepTimeout) {
			t.Fatal("still running after garbage")
		}
	})

	t.Run("parent gone", func(t *testing.T) {
		dir, q, a := serveDir(t)
		defer q.Close()
		defer a.Close()
		parent := exec.Command("sleep", "60")
		if err := parent.Start(); err != nil {
			t.Fatal(err)
		}
		cmd := startServe(t, belayBin, dir, parent.Process.Pid)
		readAnswer(t, bufio.NewReader(a))
		_ = parent.Process.Kill()
		_ = parent.Wait()
		// The test still holds the FIFOs: only the parent's end ends it.
		if !exited(cmd, 3*stepTimeout) {
			t.Fatal("still running after its shell ended")
		}
	})

	t.Run("binary replaced", func(t *testing.T) {
		bin := filepath.Join(t.TempDir(), "belay")
		copyFile(t, belayBin, bin)
		dir, q, a := serveDir(t)
		cmd := startServe(t, bin, dir, os.Getpid())
		r := bufio.NewReader(a)
		readAnswer(t, r)
		if got := ask(t, q, r, "1", "ls", env); got != "1 0" {
			t.Fatalf("ls: %q", got)
		}
		// An upgrade: a new file renamed over the old one.
		copyFile(t, belayBin, bin+".new")
		if err := os.Rename(bin+".new", bin); err != nil {
			t.Fatal(err)
		}
		if got := ask(t, q, r, "2", "ls", env); got != "2 x" {
			t.Fatalf("after the upgrade: %q, want x", got)
		}
		if !exited(cmd, stepTimeout) {
			t.Fatal("still running after the upgrade")
		}
	})

	t.Run("in another user's directory", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root, to give a directory to another user")
		}
		dir, q, a := serveDir(t)
		defer q.Close()
		defer a.Close()
		if err := os.Chown(filepath.Dir(dir), 65534, 65534); err != nil {
			t.Fatal(err)
		}
		cmd := startServe(t, belayBin, dir, os.Getpid())
		if !exited(cmd, stepTimeout) {
			t.Fatal("started in a directory another user may change")
		}
		if cmd.ProcessState.ExitCode() != 2 {
			t.Fatalf("exit %d, want 2", cmd.ProcessState.ExitCode())
		}
	})

	t.Run("not private", func(t *testing.T) {
		dir, q, a := serveDir(t)
		defer q.Close()
		defer a.Close()
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := startServe(t, belayBin, dir, os.Getpid())
		if !exited(cmd, stepTimeout) {
			t.Fatal("started on a directory others can read")
		}
		if cmd.ProcessState.ExitCode() != 2 {
			t.Fatalf("exit %d, want 2", cmd.ProcessState.ExitCode())
		}
	})
}

// TestServeProcessFish: the server of the fish hook, through files.
func TestServeProcessFish(t *testing.T) {
	home := t.TempDir()
	env := "HOME=" + home + "\x00BELAY_AUDIT_FILE=" + filepath.Join(home, "a.jsonl") + "\x00BELAY_AUDIT_SYSLOG=off\x00"
	// The server checks the directory against its parent's, this test's.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "srv")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(belayBin, "serve", "--shell", "fish", "--dir", dir, "--parent", strconv.Itoa(os.Getpid()))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitFile := func(p string) string {
		t.Helper()
		deadline := time.Now().Add(stepTimeout)
		for time.Now().Before(deadline) {
			if b, err := os.ReadFile(p); err == nil {
				return string(b)
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("no %s", p)
		return ""
	}
	if got := waitFile(filepath.Join(dir, "ready")); got != fmt.Sprintf("belay-serve %d\n", cmd.Process.Pid) {
		t.Fatalf("ready: %q", got)
	}
	for i, c := range []struct{ line, want string }{{"ls -l", "0"}, {"rm -rf /", "-"}, {"rm -rf /etc", "-"}} {
		id := fmt.Sprintf("%d.7", i+1)
		req := strings.Join([]string{"belay-serve-1", id, wd, wd + "\n", "0", "0", "2", "", c.line}, "\x00") + "\x00" + env
		if err := os.WriteFile(filepath.Join(dir, "r."+id), []byte(req), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := waitFile(filepath.Join(dir, "a."+id)); got != id+" "+c.want+"\n" {
			t.Fatalf("%s: %q, want %s", c.line, got, c.want)
		}
	}
	// A request that is not one: answered -, the server goes on.
	if err := os.WriteFile(filepath.Join(dir, "r.9"), []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := waitFile(filepath.Join(dir, "a.9")); got != "9 -\n" {
		t.Fatalf("junk: %q", got)
	}
	// Its directory removed: it ends.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if !exited(cmd, stepTimeout) {
		t.Fatal("still running without its directory")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestHooksServerSSH: a shell logged in over SSH whose environment no
// longer says so (sudo -i, su - drop SSH_CONNECTION) is found to be one by
// its ancestors, walked up from the shell; the server, whose own parent
// is init, must walk up from the shell too, or every rule for SSH
// sessions (authorized_keys, firewall, sshd) passes at the prompt.
func TestHooksServerSSH(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			// The shell's parent is called sshd.
			f.via = filepath.Join(f.home, "sshd")
			if err := os.Symlink(bash, f.via); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(f.rules, "ssh.toml"), fmt.Sprintf(`[pack]
name = "e2e-ssh"
description = "a rule for SSH sessions only"

[[rule]]
id = "e2e-ssh.over-ssh"
action = "block"
message = "{target} is kept over SSH"
command = ["touch"]
operands = [%q]
when = ["session.ssh"]
`, f.dir+"/over-ssh*"))
			s := sh.start(t, f)
			runOK(s, 1)
			s.line(`echo "ready-$__belay_srv_ready"`)
			s.expect("ready-1")
			s.expectEnd(prompt)
			s.line("touch " + f.path("over-ssh"))
			kept(s, "is kept over SSH", "over-ssh")
			f.assertExists(t, "over-ssh", false)
			runOK(s, 2)
		})
	}
}

// TestHooksServerGoneDir: a directory deleted under the shell and made
// again at the same path. belay hook finds no working directory and
// judges `./*` as unknown (confirm); the server must not judge it in the
// new directory of that name, and bash's pwd -P, which fails there, must
// not leave half a request (a second's wait, and the server given up).
func TestHooksServerGoneDir(t *testing.T) {
	for _, sh := range shells[:2] {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f)
			runOK(s, 1)
			gone := filepath.Join(f.home, "gone")
			s.line("mkdir " + gone + " && cd " + gone + " && rmdir " + gone + " && mkdir " + gone + " && touch " + gone + "/new")
			s.expectEnd(prompt)
			s.line("rm -rf ./* # gone")
			s.expect("belay: confirm:")
			s.expect("Run it? [y/N]")
			s.line("n")
			kept(s, "belay: declined:", "# gone")
			if _, err := os.Stat(filepath.Join(gone, "new")); err != nil {
				t.Fatal(err)
			}
			s.line(`echo "fails-$__belay_srv_fails"`)
			s.expect("fails-0")
			s.expectEnd(prompt)
		})
	}
}

// TestHooksServerNounset: with set -u, a server that ends (an upgrade
// replaced its binary) must not cost the line: the hook names no unset
// variable.
func TestHooksServerNounset(t *testing.T) {
	f := newFixture(t)
	bin := filepath.Join(f.home, "belay")
	copyFile(t, belayBin, bin)
	s := startBash(t, f, "BELAY_BIN="+bin, "E2E_NOUNSET=1")
	runOK(s, 1)
	s.line(`echo "ready-$__belay_srv_ready"`)
	s.expect("ready-1")
	s.expectEnd(prompt)
	copyFile(t, belayBin, bin+".new")
	if err := os.Rename(bin+".new", bin); err != nil {
		t.Fatal(err)
	}
	from := s.mark
	runOK(s, 2)
	if strings.Contains(s.clean()[from:], "unbound") {
		t.Fatalf("the hook failed under set -u:\n%s", s.clean()[from:])
	}
}

// TestHooksServerExec: `exec bash`, `exec zsh`, `exec fish` (to reload the
// configuration) keep the pid and its start time, and hand the new shell
// the old one's descriptors: the old server must still end, not live
// beside the new one until the terminal closes.
func TestHooksServerExec(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f)
			runOK(s, 1)
			old := serverPid(t, s)
			switch sh.name {
			case "bash":
				s.line("exec bash --noprofile --rcfile ~/bashrc -i")
			case "zsh":
				s.line("exec zsh -d -i")
			default:
				s.line("exec fish -i")
			}
			newServer(t, s, f, old, "# after exec")
		})
	}
}

// newServer checks what must hold once the shell is replaced or its hook
// loaded again: a new server answers, the old one (pid old) ends, and a
// line that deletes the protected directory (ending in tag) is still kept.
func newServer(t *testing.T, s *session, f *fixture, old int, tag string) {
	t.Helper()
	s.expectEnd(prompt)
	runOK(s, 2)
	if pid := serverPid(t, s); pid == old {
		t.Fatalf("still the old server %d", pid)
	}
	waitFor(t, func() bool { return !alive(old) }, func() string { return fmt.Sprintf("the old server %d still runs", old) })
	s.line("rm -rf " + f.dir + " " + tag)
	kept(s, "belongs to the end-to-end test", tag)
	f.assertIntact(t)
}

// waitFor waits up to stepTimeout for done, and fails the test with what
// says otherwise.
func waitFor(t *testing.T, done func() bool, what func() string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatal(what())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// alive says whether process pid runs (and is not a zombie).
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(data), ')')
	return i > 0 && i+2 < len(data) && data[i+2] != 'Z'
}

// TestHooksServerSignals: the server is no part of the terminal's jobs.
// Ctrl-Z at the first prompt (before the server answered anything, in a
// shell whose process group a parent shell watches, so that the stop is
// not discarded) must not stop it; SIGTERM (the hook ending a server it
// gave up on) must not leave its directory behind.
func TestHooksServerSignals(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, sh := range shells[:2] {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.via = filepath.Join(f.home, "outer")
			if err := os.Symlink(bash, f.via); err != nil {
				t.Fatal(err)
			}
			s := sh.start(t, f)
			s.send("\x1a")
			time.Sleep(300 * time.Millisecond)
			pid := serverPid(t, s)
			if st := procState(pid); st != "S" && st != "R" {
				t.Fatalf("Ctrl-Z at the prompt: the server is in state %s", st)
			}
			s.line(`printf 'dir-%s-\n' "$__belay_srv_dir"`)
			s.expect("-\n")
			s.expectEnd(prompt)
			m := regexp.MustCompile(`dir-(/[^\n]*)-`).FindStringSubmatch(s.clean())
			if m == nil {
				t.Fatal("no directory")
			}
			if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			waitFor(t, func() bool { return !alive(pid) && !exists(m[1]) }, func() string {
				return fmt.Sprintf("after SIGTERM: running %v, %s still there %v", alive(pid), m[1], exists(m[1]))
			})
			s.line("rm -rf " + f.dir + " # terminated")
			kept(s, "belongs to the end-to-end test", "# terminated")
			f.assertIntact(t)
		})
	}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// procState is the state letter of process pid, "" when it is gone.
func procState(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 || i+2 >= len(data) {
		return ""
	}
	return string(data[i+2])
}

// TestHooksServerStopped: a server stopped by SIGSTOP reads nothing; with
// an environment larger than a FIFO holds, writing the request to it
// would wait for ever (bash, zsh; fish writes files). The hook must see it stopped, judge the line the
// old way, and end it (a stopped process holds a TERM until continued).
func TestHooksServerStopped(t *testing.T) {
	big := "BIG=" + strings.Repeat("x", 100<<10)
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f, big)
			runOK(s, 1)
			pid := serverPid(t, s)
			if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
				t.Fatal(err)
			}
			// Stopped before the Enter, as by a person's kill -STOP: a
			// Go program's threads take a moment to stop.
			time.Sleep(100 * time.Millisecond)
			s.line("rm -rf " + f.dir + " # stopped")
			kept(s, "belongs to the end-to-end test", "# stopped")
			f.assertIntact(t)
			waitFor(t, func() bool { return !alive(pid) }, func() string {
				msg := fmt.Sprintf("the stopped server %d still there (%s)", pid, procState(pid))
				_ = syscall.Kill(pid, syscall.SIGKILL) // not left stopped after the test
				return msg
			})
			runOK(s, 2)
		})
	}
}

// TestHooksServerOff: BELAY_HOOK_SERVE=0 set at the prompt turns the
// server off from the next line on, as the README says, not only in
// shells started after it.
func TestHooksServerOff(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f)
			runOK(s, 1)
			pid := serverPid(t, s)
			if sh.name == "fish" {
				s.line("set -g BELAY_HOOK_SERVE 0")
			} else {
				s.line("BELAY_HOOK_SERVE=0")
			}
			s.expectEnd(prompt)
			s.line(`printf 'srv-%s-\n' "$__belay_srv_pid"`)
			s.expect("srv--")
			s.expectEnd(prompt)
			waitFor(t, func() bool { return !alive(pid) }, func() string { return fmt.Sprintf("the server %d still runs", pid) })
			s.line("rm -rf " + f.dir + " # off")
			kept(s, "belongs to the end-to-end test", "# off")
			f.assertIntact(t)
		})
	}
}

// TestHooksServerErrexit: set -e in the rc file before the hook, and no
// server can start (no directory for its FIFOs): the shell must still
// start, with every line judged.
func TestHooksServerErrexit(t *testing.T) {
	f := newFixture(t)
	s := startBash(t, f, "E2E_BEFORE_HOOK=set -e", "XDG_RUNTIME_DIR=/nonexistent/run")
	runOK(s, 1)
	s.line("rm -rf " + f.dir + " # errexit")
	kept(s, "belongs to the end-to-end test", "# errexit")
	f.assertIntact(t)
}

// TestHooksServerZshFunctions: functions of the user's named like the
// builtins the zsh hook talks to its server with (print, read, kill,
// typeset) must not change what the server judges: here print writes
// the request in capitals, and the server judged `RM -RF …`.
func TestHooksServerZshFunctions(t *testing.T) {
	f := newFixture(t)
	s := startZsh(t, f, `E2E_AFTER_HOOK=print() { builtin print "$@" | tr a-z A-Z; }; kill() { return 1; }`)
	runOK(s, 1)
	s.line("rm -rf " + f.dir + " # functions")
	kept(s, "belongs to the end-to-end test", "# functions")
	f.assertIntact(t)
	s.line(`echo "ready-$__belay_srv_ready-$__belay_srv_fails"`)
	s.expect("ready-1-0")
	s.expectEnd(prompt)
}

// TestHooksServerAuditTTY: with audit.log_allowed, the record of a line
// the server answered for names the shell's terminal, as belay hook's
// does (it runs on the terminal; the server on /dev/null).
func TestHooksServerAuditTTY(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			cfg := filepath.Join(f.home, "belay.toml")
			writeFile(t, cfg, "[audit]\nlog_allowed = true\n")
			s := sh.start(t, f, "BELAY_CONFIG="+cfg)
			runOK(s, 1)
			s.line("printf 'ser%s\\n' ved # tty")
			s.expect("served")
			s.expectEnd(prompt)
			r := waitRecord(t, f, "# tty")
			if !strings.HasPrefix(r.TTY, "/dev/") {
				data, _ := os.ReadFile(f.audit())
				t.Fatalf("record of a served line: tty %q, want the shell's terminal\n%s", r.TTY, data)
			}
		})
	}
}

// TestHooksServerForeignRuntimeDir: su keeps the user's XDG_RUNTIME_DIR in
// root's shell. The server's directory must not go there: its owner can
// rename what root makes in it and put FIFOs of their own in its place,
// then read root's lines and environment and answer "0" for them.
func TestHooksServerForeignRuntimeDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to give a directory to another user")
	}
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			run := filepath.Join(f.home, "run-of-another")
			if err := os.Mkdir(run, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(run, 65534, 65534); err != nil {
				t.Fatal(err)
			}
			s := sh.start(t, f, "XDG_RUNTIME_DIR="+run, "TMPDIR="+run)
			runOK(s, 1)
			s.line(`printf 'dir-%s-\n' "$__belay_srv_dir"`)
			s.expect("-\n")
			s.expectEnd(prompt)
			m := regexp.MustCompile(`dir-(/[^\n]*)-`).FindStringSubmatch(s.clean())
			if m == nil {
				t.Fatalf("no server directory:\n%s", s.clean())
			}
			if strings.HasPrefix(m[1], run+"/") {
				t.Fatalf("the server's directory %s is in a directory of another user's", m[1])
			}
			s.line("rm -rf " + f.dir + " # foreign")
			kept(s, "belongs to the end-to-end test", "# foreign")
			f.assertIntact(t)
		})
	}
}

// TestHooksServerReload: loading the rc file again (. ~/.bashrc after an
// edit) loads the hook again, which starts a server of its own: the one
// before must end, not run on, forgotten, until the shell does.
func TestHooksServerReload(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f)
			runOK(s, 1)
			old := serverPid(t, s)
			switch sh.name {
			case "bash":
				s.line(". ~/bashrc")
			case "zsh":
				s.line(". $ZDOTDIR/.zshrc")
			default:
				s.line("source $XDG_CONFIG_HOME/fish/config.fish")
			}
			newServer(t, s, f, old, "# reloaded")
		})
	}
}

// TestHooksServerNoJob: the server is no job of the shell: `jobs` does
// not list it.
func TestHooksServerNoJob(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := sh.start(t, f)
			runOK(s, 1)
			serverPid(t, s)
			list := filepath.Join(f.home, "jobs.txt")
			s.line("jobs >" + list + " 2>&1; printf 'jobs-%s\\n' done")
			s.expect("jobs-done")
			s.expectEnd(prompt)
			data, err := os.ReadFile(list)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(data), "serve") || strings.Contains(string(data), "belay") {
				t.Fatalf("jobs lists the server:\n%s", data)
			}
		})
	}
}
