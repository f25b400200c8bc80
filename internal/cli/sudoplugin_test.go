package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// buildBelay builds cmd/belay into dir: the tests below run it under
// other names (sudo, -belay-sh) and as root from sudo's plugin.
func buildBelay(t *testing.T, dir string) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH to build belay with")
	}
	bin := filepath.Join(dir, "belay")
	out, err := exec.Command(gobin, "build", "-o", bin, "github.com/belay-sh/belay/cmd/belay").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs cmd and returns its stdout, stderr and exit status.
func run(t *testing.T, cmd *exec.Cmd) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", cmd.Path, err)
	}
	return o.String(), e.String(), code
}

// TestArgv0 runs belay as "sudo" through a symlink early in PATH, and as
// the login shell "-belay-sh".
func TestArgv0(t *testing.T) {
	dir := t.TempDir()
	belay := buildBelay(t, dir)
	for _, d := range []string{"shim", "fake"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(belay, filepath.Join(dir, "shim", "sudo")); err != nil {
		t.Fatal(err)
	}
	// The "real" sudo records its arguments, NUL-terminated, and runs nothing.
	record := filepath.Join(dir, "argv")
	fake := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$RECORD\"\n"
	if err := os.WriteFile(filepath.Join(dir, "fake", "sudo"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + filepath.Join(dir, "shim") + ":" + filepath.Join(dir, "fake") + ":/usr/bin:/bin",
		"HOME=" + dir, "NO_COLOR=1", "RECORD=" + record,
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
	}
	sudo := func(args ...string) *exec.Cmd {
		cmd := exec.Command("sudo", args...)
		cmd.Path = filepath.Join(dir, "shim", "sudo")
		cmd.Env = env
		return cmd
	}

	t.Run("sudo passes argv through byte for byte", func(t *testing.T) {
		args := []string{"-u", "postgres", "psql", "-c", "select 1", "", "a\nb\tc", "\xff\xfe", "--", "-x", "$HOME", "*"}
		_, stderr, code := run(t, sudo(args...))
		if code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		got, err := os.ReadFile(record)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join(args, "\x00") + "\x00"
		if string(got) != want {
			t.Errorf("the real sudo got %q, want %q", got, want)
		}
		os.Remove(record)
	})

	t.Run("sudo blocks before the real sudo runs", func(t *testing.T) {
		stdout, stderr, code := run(t, sudo("rm", "-rf", "/"))
		if code != ExitBlock || stdout != "" || !strings.Contains(stderr, "[filesystem.delete-root] (through sudo)") {
			t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
		}
		if _, err := os.Stat(record); err == nil {
			t.Error("the real sudo ran")
		}
	})

	t.Run("login shell", func(t *testing.T) {
		for _, tt := range []struct{ argv0, want string }{{"-belay-sh", "-bash"}, {"belay-sh", "bash"}} {
			cmd := &exec.Cmd{Path: belay, Args: []string{tt.argv0, "-c", `printf '%s\n' "$0"`}, Env: env}
			stdout, stderr, code := run(t, cmd)
			if code != 0 || stdout != tt.want+"\n" || stderr != "" {
				t.Errorf("%s -c: exit %d, stdout %q (want %q), stderr %q", tt.argv0, code, stdout, tt.want, stderr)
			}
		}
		// An interactive login (no -c) is the real shell, as a login shell.
		cmd := &exec.Cmd{Path: belay, Args: []string{"-belay-sh"}, Env: env,
			Stdin: strings.NewReader("shopt -q login_shell && echo login-shell\n")}
		stdout, stderr, code := run(t, cmd)
		if code != 0 || !strings.Contains(stdout, "login-shell") {
			t.Errorf("-belay-sh: exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
	})
}

// TestSudoApprovalPlugin loads the approval plugin into the real sudo.
// In a private mount namespace, a test sudo.conf is bind-mounted over
// /etc/sudo.conf (loading the freshly built plugin, pointed at a freshly
// built belay) and a test directory over /etc/belay (a root-owned pack
// that protects a temporary directory). The host's /etc is not touched;
// when /etc/belay does not exist, an overlay of /etc in the namespace
// makes the mount point.
func TestSudoApprovalPlugin(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the sudo plugin test needs Linux mount namespaces")
	}
	if os.Geteuid() != 0 {
		t.Skip("the sudo plugin test needs root: it mounts over /etc/sudo.conf in a private mount namespace")
	}
	for _, p := range []string{"/usr/bin/sudo", "/usr/include/sudo_plugin.h"} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("the sudo plugin test needs %s (Debian: apt-get install sudo): %v", p, err)
		}
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("the sudo plugin test needs gcc to build the plugin")
	}
	if out, err := exec.Command("/usr/bin/sudo", "-V").Output(); err != nil || !sudoAtLeast19(string(out)) {
		t.Skipf("the sudo plugin test needs sudo 1.9 or later (approval plugins): %v %.40q", err, out)
	}
	if out, err := exec.Command("unshare", "-m", "--propagation", "private", "true").CombinedOutput(); err != nil {
		t.Skipf("cannot make a private mount namespace (unshare -m needs CAP_SYS_ADMIN): %v: %s", err, bytes.TrimSpace(out))
	}

	T := t.TempDir()
	belay := buildBelay(t, T)
	plugin := filepath.Join(T, "belay_approval.so")
	src, _ := filepath.Abs("../../sudoplugin/belay_approval.c")
	if out, err := exec.Command(gcc, "-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-fvisibility=hidden", "-o", plugin, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	// sudo loads only a plugin owned by root and not writable by others.
	must(t, os.Chmod(plugin, 0o644))
	for _, d := range []string{"etc-belay/rules.d", "userpacks", "shim", "protected", "acked", "upper-1", "work-1", "upper-2", "work-2", "out"} {
		must(t, os.MkdirAll(filepath.Join(T, d), 0o755))
	}
	must(t, os.WriteFile(filepath.Join(T, "protected", "keep"), []byte("keep\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(T, "acked", "keep"), []byte("keep\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(T, "etc-belay/rules.d/protect.toml"), []byte(fmt.Sprintf(protectPack, T, T, T, T)), 0o644))
	must(t, os.WriteFile(filepath.Join(T, "etc-belay/rules.d/confirm.toml"), []byte(confirmPack), 0o644))
	// A user's pack that would block `true`: ignored when sudo asks.
	must(t, os.WriteFile(filepath.Join(T, "userpacks/strict.toml"), []byte(strictPack), 0o644))
	conf := fmt.Sprintf("Plugin belay_approval %s belay=%s\n", plugin, belay)
	must(t, os.WriteFile(filepath.Join(T, "sudo.conf"), []byte(conf), 0o644))
	must(t, os.Symlink(belay, filepath.Join(T, "shim", "sudo")))
	// Without a verdict (belay missing, or not owned by root): on_error.
	missing := filepath.Join(T, "no-such-belay")
	must(t, os.WriteFile(filepath.Join(T, "sudo-missing.conf"), []byte(fmt.Sprintf("Plugin belay_approval %s belay=%s\n", plugin, missing)), 0o644))
	must(t, os.WriteFile(filepath.Join(T, "sudo-deny.conf"), []byte(fmt.Sprintf("Plugin belay_approval %s belay=%s on_error=deny\n", plugin, missing)), 0o644))
	foreign := filepath.Join(T, "foreign-belay")
	data, err := os.ReadFile(belay)
	must(t, err)
	must(t, os.WriteFile(foreign, data, 0o755))
	must(t, os.Chown(foreign, 65534, -1)) // nobody
	must(t, os.WriteFile(filepath.Join(T, "sudo-foreign.conf"), []byte(fmt.Sprintf("Plugin belay_approval %s belay=%s on_error=deny\n", plugin, foreign)), 0o644))

	// The user's pack does block outside sudo's trusted mode.
	check := exec.Command(belay, "check", "--no-prompt", "--", "true")
	check.Env = []string{"BELAY_RULES=" + filepath.Join(T, "userpacks"), "HOME=" + T, "PATH=/usr/bin:/bin"}
	if _, stderr, code := run(t, check); code != ExitBlock {
		t.Fatalf("belay check true with the user pack: exit %d, want 1:\n%s", code, stderr)
	}

	script := namespaceMounts + `set +e
cd "$T"
run() { name=$1; shift; "$@" >"$T/out/$name.stdout" 2>"$T/out/$name.stderr"; echo "$name $?"; }
run direct /usr/bin/sudo rm -rf "$T/protected"
run path-sudo env PATH=/usr/sbin:/usr/bin:/sbin:/bin sudo rm -rf "$T/protected"
run true /usr/bin/sudo true
run shim env PATH="$T/shim:$PATH" sudo rm -rf "$T/protected"
run shim-true env PATH="$T/shim:$PATH" sudo true
run shell /usr/bin/sudo -s rm -rf "$T/protected"
run login /usr/bin/sudo -i rm -rf "$T/protected"
run bash-c /usr/bin/sudo bash -c "cd $T && rm -rf protected"
run relative /usr/bin/sudo rm -rf protected
run edit env EDITOR=true /usr/bin/sudo -e "$T/protected/keep"
run as-user /usr/bin/sudo -u nobody rm -rf "$T/protected"
run ack env BELAY_ACK=test.protected /usr/bin/sudo rm -rf "$T/acked"
run userpack env BELAY_RULES="$T/userpacks" /usr/bin/sudo -E true
run stdout /usr/bin/sudo echo hello
echo piped > "$T/in"
run stdin /usr/bin/sudo cat < "$T/in"
mount --bind "$T/sudo-missing.conf" /etc/sudo.conf
run missing-allow /usr/bin/sudo true
mount --bind "$T/sudo-deny.conf" /etc/sudo.conf
run missing-deny /usr/bin/sudo true
mount --bind "$T/sudo-foreign.conf" /etc/sudo.conf
run foreign /usr/bin/sudo true
`
	env := []string{"T=" + T, "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + T, "NO_COLOR=1", "LANG=C"}
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", script)
	cmd.Env = append(slices.Clip(env), "N=1")
	// A session of its own: no terminal, so nothing can wait for an answer.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("unshare: %v\n%s", err, out)
	}
	codes := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, c, ok := strings.Cut(line, " ")
		n, err := strconv.Atoi(c)
		if !ok || err != nil {
			t.Fatalf("unexpected output from the namespace: %q\n%s", line, out)
		}
		codes[name] = n
	}
	read := func(name, stream string) string {
		b, _ := os.ReadFile(filepath.Join(T, "out", name+"."+stream))
		return string(b)
	}
	blocked := regexp.MustCompile(`belay: blocked: .* touches a protected test directory \[test.protected\]`)
	for _, tt := range []struct {
		name   string
		denied bool   // exit non-zero with belay's reason
		plugin bool   // denied by the plugin (not before sudo, by belay sudo)
		stdout string // exactly, when allowed
	}{
		{name: "direct", denied: true, plugin: true},
		{name: "path-sudo", denied: true, plugin: true},
		{name: "true"},
		{name: "shim", denied: true},
		{name: "shim-true"},
		{name: "shell", denied: true, plugin: true},
		{name: "login", denied: true, plugin: true},
		{name: "bash-c", denied: true, plugin: true},
		{name: "relative", denied: true, plugin: true},
		{name: "edit", denied: true, plugin: true},
		{name: "as-user", denied: true, plugin: true},
		{name: "ack"},
		{name: "userpack"},
		{name: "stdout", stdout: "hello\n"},
		{name: "stdin", stdout: "piped\n"},
	} {
		code, ok := codes[tt.name]
		stderr := read(tt.name, "stderr")
		switch {
		case !ok:
			t.Errorf("%s: did not run:\n%s", tt.name, out)
		case tt.denied && (code == 0 || !blocked.MatchString(stderr)):
			t.Errorf("%s: exit %d, want denied by belay; stderr:\n%s", tt.name, code, stderr)
		case tt.denied && tt.plugin != strings.Contains(stderr, "belay: sudo: command not run"):
			t.Errorf("%s: denied by the plugin = %v, want %v; stderr:\n%s", tt.name, !tt.plugin, tt.plugin, stderr)
		case !tt.denied && code != 0:
			t.Errorf("%s: exit %d, want 0; stderr:\n%s", tt.name, code, stderr)
		case !tt.denied && tt.stdout != "" && read(tt.name, "stdout") != tt.stdout:
			t.Errorf("%s: stdout %q, want %q (belay must not write into it, nor read the command's stdin)", tt.name, read(tt.name, "stdout"), tt.stdout)
		}
	}
	for _, tt := range []struct {
		name string
		code int
		want string
	}{
		{"missing-allow", 0, "belay: warning: " + missing + ": no such file or directory: sudo runs this command unchecked"},
		{"missing-deny", 1, "belay: error: " + missing + ": no such file or directory: not run (on_error=deny)"},
		{"foreign", 1, "belay: error: " + foreign + ": not owned by root: not run (on_error=deny)"},
	} {
		if code, stderr := codes[tt.name], read(tt.name, "stderr"); code != tt.code || !strings.Contains(strings.ToLower(stderr), strings.ToLower(tt.want)) {
			t.Errorf("%s: exit %d, want %d with %q; stderr:\n%s", tt.name, code, tt.code, tt.want, stderr)
		}
	}
	// Confirmed at belay sudo's question: the plugin does not ask again.
	env = append(env, "N=2")
	got, code := confirmOnce(t, T, belay, "y", env)
	if n := strings.Count(got, "Run it? [y/N]"); code != 0 || n != 1 || !strings.Contains(got, "\nconfirm-me\n") {
		t.Errorf("confirmed: exit %d, asked %d times, want 0 and once, then the command's output:\n%s", code, n, got)
	}
	// Declined: not run.
	got, code = confirmOnce(t, T, belay, "n", env)
	if code != ExitBlock || strings.Contains(got, "\nconfirm-me\n") {
		t.Errorf("declined: exit %d, want 1 and nothing run:\n%s", code, got)
	}
	if _, err := os.Stat(filepath.Join(T, "protected", "keep")); err != nil {
		t.Errorf("the protected directory did not survive: %v", err)
	}
	if _, err := os.Stat(filepath.Join(T, "acked")); err == nil {
		t.Errorf("the acknowledged rm did not run")
	}
}

// namespaceMounts, run by sh in a private mount namespace, puts the test
// sudo.conf and /etc/belay in place. When /etc/belay (or sudo.conf) does
// not exist, an overlay of /etc, private to the namespace, makes it.
const namespaceMounts = `set -e
if [ ! -d /etc/belay ] || [ ! -f /etc/sudo.conf ]; then
	mount -t overlay overlay -o "lowerdir=/etc,upperdir=$T/upper-$N,workdir=$T/work-$N" /etc
	mkdir -p /etc/belay
	touch /etc/sudo.conf
fi
mount --bind "$T/sudo.conf" /etc/sudo.conf
mount --bind "$T/etc-belay" /etc/belay
`

// confirmOnce runs `belay sudo echo confirm-me` on a terminal, with the
// plugin in place, answers the one question with answer, and returns the
// session's output and exit status.
func confirmOnce(t *testing.T, T, belay, answer string, env []string) (string, int) {
	t.Helper()
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", namespaceMounts+`exec "$@"`,
		"sh", belay, "sudo", "echo", "confirm-me")
	cmd.Env = env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatalf("pty: %v", err)
	}
	defer tty.Close()
	var mu sync.Mutex
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	output := func() string {
		mu.Lock()
		defer mu.Unlock()
		return out.String()
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(output(), "Run it? [y/N] ") {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no question within 30s:\n%s", output())
		}
		time.Sleep(20 * time.Millisecond)
	}
	tty.WriteString(answer + "\r")
	err = cmd.Wait()
	<-done
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	}
	return strings.ReplaceAll(output(), "\r", ""), code
}

// sudoAtLeast19 reads "Sudo version 1.9.13p3" from sudo -V.
func sudoAtLeast19(v string) bool {
	m := regexp.MustCompile(`Sudo version (\d+)\.(\d+)`).FindStringSubmatch(v)
	if m == nil {
		return false
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return major > 1 || major == 1 && minor >= 9
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

const protectPack = `[pack]
name = "test"
description = "temporary paths for the sudo plugin test"

[[rule]]
id = "test.protected"
action = "block"
message = "{command} touches a protected test directory"
effect = ["delete", "write"]
paths = ["%s/protected/**", "%s/acked/**"]

  [[rule.test]]
  line = "rm -rf %s/protected"
  match = true
  [[rule.test]]
  line = "ls %s/protected"
  match = false
`

const confirmPack = `[pack]
name = "confirm"
description = "a confirm rule on a harmless command"

[[rule]]
id = "confirm.echo"
action = "confirm"
message = "{command} wants a yes"
command = ["echo"]
operands = ["confirm-me"]

  [[rule.test]]
  line = "echo confirm-me"
  match = true
`

const strictPack = `[pack]
name = "strict"
description = "a user's pack that blocks true"

[[rule]]
id = "strict.true"
action = "block"
message = "{command} is blocked by a user's pack"
command = ["true"]

  [[rule.test]]
  line = "true"
  match = true
`
