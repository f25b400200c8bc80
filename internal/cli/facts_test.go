package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runApp runs belay in-process with the given args and returns its exit
// status and its output, stderr then stdout.
func runApp(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cwd, _ := os.Getwd()
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(k string) string {
		switch k {
		case "HOME", "XDG_CONFIG_HOME", "BELAY_RULES", "BELAY_ACK":
			return ""
		}
		return os.Getenv(k)
	}, environ: os.Environ, cwd: cwd}
	code := a.run("belay", args)
	return code, stderr.String() + stdout.String()
}

// TestImageHeldByRealProcess: a child process holds a disk image open;
// writing over it is blocked, naming the process; once the child is gone,
// the same check is not blocked.
func TestImageHeldByRealProcess(t *testing.T) {
	img := filepath.Join(t.TempDir(), "guest.img")
	if err := os.WriteFile(img, []byte("disk"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(img)
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command("sleep", "60")
	child.ExtraFiles = []*os.File{f}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	line := "dd if=/dev/zero of=" + img
	code, stderr := runApp(t, "check", "--no-prompt", "--", line)
	if code != ExitBlock || !strings.Contains(stderr, "virt.image-in-use") || !strings.Contains(stderr, "sleep") {
		child.Process.Kill()
		t.Fatalf("held open by sleep (pid %d): exit %d, stderr:\n%s", child.Process.Pid, code, stderr)
	}
	child.Process.Kill()
	child.Wait()
	code, stderr = runApp(t, "check", "--no-prompt", "--", line)
	if code != ExitAllow || stderr != "" {
		t.Fatalf("after the child exited: exit %d, stderr:\n%s", code, stderr)
	}
}

// TestOrdinaryCheckProbesNothing: lines that match no state rule read no
// host file at all, so the prompt never waits on /proc.
func TestOrdinaryCheckProbesNothing(t *testing.T) {
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }, environ: func() []string { return nil }, cwd: "/home/u"}
	a.out = newOutput(a.stderr, a.getenv, "never")
	for _, line := range []string{"ls -la", "git status", "cp a b", "echo hi > notes.txt", "rm -rf ./build", "make -j4", "vim /etc/hosts", "tar xzf x.tgz -C /srv"} {
		v, err := a.judge(&checkOpts{root: "/", shell: "bash", color: "never"}, line, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := v.host.Reads(); n != 0 {
			t.Errorf("%q read %d host files", line, n)
		}
	}
	// A state rule does ask: reboot reads init, dpkg, guests, session.
	v, err := a.judge(&checkOpts{root: "/", shell: "bash", color: "never"}, "reboot", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.host.Reads() == 0 {
		t.Errorf("reboot read no host file: the counter does not count")
	}
}

// TestRemoteLineNotJudgedByThisHost: this host's init cannot start (its
// root has no /sbin/init), which blocks a reboot here; a reboot sent to
// another host is not judged by this host's state: it confirms as a
// reboot of that host, and says so first.
func TestRemoteLineNotJudgedByThisHost(t *testing.T) {
	root := t.TempDir()
	t.Setenv("BELAY_AUDIT_FILE", filepath.Join(t.TempDir(), "audit.jsonl"))
	t.Setenv("BELAY_AUDIT_SYSLOG", "off")
	code, out := runApp(t, "check", "--no-prompt", "--root", root, "--", "sudo reboot")
	if code != ExitBlock || !strings.Contains(out, "[system.reboot-init-broken]") {
		t.Fatalf("local reboot on a host whose init cannot start: exit %d, want %d:\n%s", code, ExitBlock, out)
	}
	for _, line := range []string{"ssh web-01 sudo reboot", `ssh -p 2222 admin@web-01 "sudo systemctl reboot"`} {
		code, out = runApp(t, "check", "--no-prompt", "--root", root, "--", line)
		first, _, _ := strings.Cut(out, "\n")
		if code != ExitConfirm || strings.Contains(first, "init-broken") || !strings.Contains(first, "web-01") {
			t.Errorf("%s: exit %d, want %d, the headline about web-01 and not this host's init:\n%s", line, code, ExitConfirm, out)
		}
	}
}
