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
		"BELAY_AUDIT_FILE=" + filepath.Join(dir, "audit.jsonl"), "BELAY_AUDIT_SYSLOG=off",
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
	for _, d := range []string{"etc-belay/rules.d", "userpacks", "shim", "protected", "acked", "upper-1", "work-1", "upper-2", "work-2", "out", "varlog-1", "varlog-2"} {
		must(t, os.MkdirAll(filepath.Join(T, d), 0o755))
	}
	must(t, os.WriteFile(filepath.Join(T, "protected", "keep"), []byte("keep\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(T, "acked", "keep"), []byte("keep\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(T, "etc-belay/rules.d/protect.toml"), []byte(fmt.Sprintf(protectPack, T, T, T, T)), 0o644))
	must(t, os.WriteFile(filepath.Join(T, "etc-belay/rules.d/confirm.toml"), []byte(confirmPack), 0o644))
	// A user's pack that would block `true`: ignored when sudo asks.
	must(t, os.WriteFile(filepath.Join(T, "userpacks/strict.toml"), []byte(strictPack), 0o644))
	sudoConf := func(name, opts string) {
		must(t, os.WriteFile(filepath.Join(T, name), []byte(fmt.Sprintf("Plugin belay_approval %s %s\n", plugin, opts)), 0o644))
	}
	sudoConf("sudo.conf", "belay="+belay)
	must(t, os.Symlink(belay, filepath.Join(T, "shim", "sudo")))
	// Without a verdict (belay missing, not owned by root, hung, failed):
	// denied, unless on_error=allow says otherwise.
	missing := filepath.Join(T, "no-such-belay")
	sudoConf("sudo-missing.conf", "belay="+missing)
	sudoConf("sudo-allow.conf", "belay="+missing+" on_error=allow")
	foreign := filepath.Join(T, "foreign-belay")
	data, err := os.ReadFile(belay)
	must(t, err)
	must(t, os.WriteFile(foreign, data, 0o755))
	must(t, os.Chown(foreign, 65534, -1)) // nobody
	sudoConf("sudo-foreign.conf", "belay="+foreign)
	fake := func(name, body string) string {
		p := filepath.Join(T, name)
		must(t, os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755))
		return p
	}
	sudoConf("sudo-hang.conf", "belay="+fake("hang-belay", "exec sleep 60")+" timeout=1")
	sudoConf("sudo-exit2.conf", "belay="+fake("exit2-belay", "echo 'belay: error: odd' >&2; exit 2"))
	sudoConf("sudo-killed.conf", "belay="+fake("killed-belay", "kill -KILL $$"))
	sudoConf("sudo-slow.conf", "belay="+fake("slow-belay", "echo judging >&2; sleep 2; exec "+belay+" \"$@\"")+" timeout=10")
	sudoConf("sudo-short.conf", "belay="+belay+" timeout=1")
	sudoConf("sudo-two.conf", "belay="+belay+" timeout=2")

	// The user's pack does block outside sudo's trusted mode.
	check := exec.Command(belay, "check", "--no-prompt", "--", "true")
	check.Env = []string{"BELAY_RULES=" + filepath.Join(T, "userpacks"), "HOME=" + T, "PATH=/usr/bin:/bin",
		"BELAY_AUDIT_FILE=" + filepath.Join(T, "audit.jsonl"), "BELAY_AUDIT_SYSLOG=off"}
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
run ack /usr/bin/sudo BELAY_ACK=test.protected rm -rf "$T/acked"
run exported-ack env BELAY_ACK=test.protected /usr/bin/sudo rm -rf "$T/protected"
run exported-ack-E env BELAY_ACK=test.protected /usr/bin/sudo -E rm -rf "$T/protected"
run ulimit sh -c 'ulimit -v 100000; exec /usr/bin/sudo rm -rf "$T/protected"'
run ulimit-true sh -c 'ulimit -v 100000; exec /usr/bin/sudo true'
run ulimit-soft bash -c 'ulimit -S -v 100000; exec /usr/bin/sudo rm -rf "$T/protected"'
run ulimit-soft-true bash -c 'ulimit -S -v 100000; exec /usr/bin/sudo true'
run userpack env BELAY_RULES="$T/userpacks" /usr/bin/sudo -E true
run stdout /usr/bin/sudo echo hello
echo piped > "$T/in"
run stdin /usr/bin/sudo cat < "$T/in"
printf '[pack]\nname = "broken"\n[[rule]\n' > "$T/etc-belay/rules.d/zz-broken.toml"
run refused /usr/bin/sudo true
rm "$T/etc-belay/rules.d/zz-broken.toml"
for c in missing foreign hang exit2 killed; do
	mount --bind "$T/sudo-$c.conf" /etc/sudo.conf
	run $c /usr/bin/sudo rm -rf "$T/protected"
done
mount --bind "$T/sudo-allow.conf" /etc/sudo.conf
run allow /usr/bin/sudo true
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
		{name: "exported-ack", denied: true, plugin: true},
		{name: "exported-ack-E", denied: true, plugin: true},
		{name: "ulimit-soft", denied: true, plugin: true},
		{name: "ulimit-soft-true"},
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
	// ulimit -v 100000 lowers the hard limit too. Root (the plugin) raises
	// it for belay, which then judges; where root cannot (no
	// CAP_SYS_RESOURCE: some containers) belay cannot start, and the
	// command is denied all the same.
	if hasCapSysResource() {
		if code, stderr := codes["ulimit"], read("ulimit", "stderr"); code == 0 || !blocked.MatchString(stderr) {
			t.Errorf("ulimit: exit %d, want denied by the rule:\n%s", code, stderr)
		}
		if code, stderr := codes["ulimit-true"], read("ulimit-true", "stderr"); code != 0 {
			t.Errorf("ulimit-true: exit %d, want 0:\n%s", code, stderr)
		}
	} else {
		for _, name := range []string{"ulimit", "ulimit-true"} {
			if code, stderr := codes[name], read(name, "stderr"); code == 0 || !strings.Contains(stderr, "belay: error: belay gave no verdict (exit status 2): not run") {
				t.Errorf("%s (no CAP_SYS_RESOURCE): exit %d, want denied:\n%s", name, code, stderr)
			}
		}
	}
	// No verdict: denied with the reason, unless on_error=allow.
	for _, tt := range []struct {
		name string
		code int
		want string
	}{
		{"missing", 1, "belay: error: belay gave no verdict (" + missing + ": no such file or directory): not run"},
		{"allow", 0, "belay: warning: belay gave no verdict (" + missing + ": no such file or directory): sudo runs this command unchecked (on_error=allow)"},
		{"foreign", 1, "belay: error: belay gave no verdict (" + foreign + ": not owned by root): not run"},
		{"hang", 1, "belay: error: belay gave no verdict (nothing within 1s): not run"},
		{"exit2", 1, "belay: error: belay gave no verdict (exit status 2): not run"},
		{"killed", 1, "belay: error: belay gave no verdict (killed by signal 9): not run"},
	} {
		if code, stderr := codes[tt.name], read(tt.name, "stderr"); code != tt.code || !strings.Contains(strings.ToLower(stderr), strings.ToLower(tt.want)) {
			t.Errorf("%s: exit %d, want %d with %q; stderr:\n%s", tt.name, code, tt.code, tt.want, stderr)
		}
	}
	// A fleet pack refused under sudo is said, and recorded on every call,
	// in root's log, which belay made (0750 root:root) on first use.
	if code, stderr := codes["refused"], read("refused", "stderr"); code != 0 || !strings.Contains(stderr, "belay: warning: rule pack refused: ") {
		t.Errorf("refused: exit %d, want 0 with the refusal; stderr:\n%s", code, stderr)
	}
	logDir := filepath.Join(T, "varlog-1", "belay")
	if fi, err := os.Stat(logDir); err != nil || fi.Mode().Perm() != 0o750 || fi.Sys().(*syscall.Stat_t).Uid != 0 || fi.Sys().(*syscall.Stat_t).Gid != 0 {
		t.Errorf("root's log directory: %v %v", fi, err)
	}
	refusedRecord := false
	for _, r := range records(t, filepath.Join(logDir, "audit.jsonl")) {
		if r.Line == "sudo true" && r.Outcome == "allowed" && len(r.Refused) > 0 && strings.Contains(r.Refused[0], "zz-broken.toml") {
			refusedRecord = true
		}
	}
	if !refusedRecord {
		t.Errorf("no record of sudo true judged without the refused pack in %s", logDir)
	}
	// Confirmed at belay sudo's question: the plugin does not ask again
	// (belay sudo leaves it a ticket).
	env = append(env, "N=2")
	got, code := onTerminal(t, env, "sudo.conf", func(p *ptyIO) {
		p.expect("Run it? [y/N] ")
		p.send("y\r")
	}, belay, "sudo", "echo", "confirm-me")
	if n := strings.Count(got, "Run it? [y/N]"); code != 0 || n != 1 || !strings.Contains(got, "\nconfirm-me\n") {
		t.Errorf("confirmed: exit %d, asked %d times, want 0 and once, then the command's output:\n%s", code, n, got)
	}
	// Declined: not run.
	got, code = onTerminal(t, env, "sudo.conf", func(p *ptyIO) {
		p.expect("Run it? [y/N] ")
		p.send("n\r")
	}, belay, "sudo", "echo", "confirm-me")
	if code != ExitBlock || strings.Contains(got, "\nconfirm-me\n") {
		t.Errorf("declined: exit %d, want 1 and nothing run:\n%s", code, got)
	}
	// The plugin's own question outlasts the plugin's timeout (1s): the
	// time is the person's.
	got, code = onTerminal(t, env, "sudo-short.conf", func(p *ptyIO) {
		p.expect("Run it? [y/N] ")
		time.Sleep(1500 * time.Millisecond)
		p.send("y\r")
	}, "/usr/bin/sudo", "echo", "confirm-me")
	if code != 0 || !strings.Contains(got, "\nconfirm-me\n") {
		t.Errorf("a slow answer: exit %d, want 0 and the command's output:\n%s", code, got)
	}
	// Ctrl-C while belay judges (a belay that takes 2s to start) does not
	// make it give up: it judges, and the rm is blocked.
	got, code = onTerminal(t, env, "sudo-slow.conf", func(p *ptyIO) {
		p.expect("judging")
		p.send("\x03")
		time.Sleep(200 * time.Millisecond)
		p.send("\x03")
	}, "/usr/bin/sudo", "rm", "-rf", filepath.Join(T, "protected"))
	if code == 0 || !blocked.MatchString(got) {
		t.Errorf("Ctrl-C while judging: exit %d, want denied by the rule:\n%s", code, got)
	}
	// belay approve too slow for the plugin (a 4 MiB fleet pack to parse,
	// timeout=2): its watchdog asks before the plugin's limit, and the
	// plugin waits for the answer. No: denied; yes: run.
	var big strings.Builder
	big.WriteString("[pack]\nname = \"big\"\ndescription = \"slow to parse\"\n")
	for i := 0; big.Len() < 4<<20-200; i++ {
		fmt.Fprintf(&big, "\n[[rule]]\nid = \"big.r%d\"\naction = \"warn\"\nmessage = \"x\"\ncommand = [\"never-%d\"]\n", i, i)
	}
	bigPack := filepath.Join(T, "etc-belay", "rules.d", "zz-big.toml")
	must(t, os.WriteFile(bigPack, []byte(big.String()), 0o644))
	for _, answer := range []string{"n", "y"} {
		got, code = onTerminal(t, env, "sudo-two.conf", func(p *ptyIO) {
			p.expect("belay could not finish judging this line in 1s")
			p.expect("Run it? [y/N] ")
			time.Sleep(1500 * time.Millisecond) // past the plugin's 2s, counted from its start
			p.send(answer + "\r")
		}, "/usr/bin/sudo", "echo", "slow-"+answer)
		ran := strings.Contains(got, "\nslow-"+answer+"\n")
		if (answer == "y") != (code == 0 && ran) {
			t.Errorf("a slow belay, answered %s: exit %d, ran %v:\n%s", answer, code, ran, got)
		}
	}
	must(t, os.Remove(bigPack))
	if _, err := os.Stat(filepath.Join(T, "protected", "keep")); err != nil {
		t.Errorf("the protected directory did not survive: %v", err)
	}
	if _, err := os.Stat(filepath.Join(T, "acked")); err == nil {
		t.Errorf("the acknowledged rm did not run")
	}
}

// namespaceMounts, run by sh in a private mount namespace, puts the test
// sudo.conf and /etc/belay in place, and a directory of the test's over
// /var/log (belay approve, as root, makes /var/log/belay and logs there).
// When /etc/belay (or sudo.conf) does not exist, an overlay of /etc,
// private to the namespace, makes it.
const namespaceMounts = `set -e
if [ ! -d /etc/belay ] || [ ! -f /etc/sudo.conf ]; then
	mount -t overlay overlay -o "lowerdir=/etc,upperdir=$T/upper-$N,workdir=$T/work-$N" /etc
	mkdir -p /etc/belay
	touch /etc/sudo.conf
fi
mount --bind "$T/${CONF:-sudo.conf}" /etc/sudo.conf
mount --bind "$T/etc-belay" /etc/belay
mkdir -p "$T/varlog-$N"
mount --bind "$T/varlog-$N" /var/log
`

// ptyIO is a command on a pseudo-terminal: what it wrote, and its input.
type ptyIO struct {
	t   *testing.T
	tty *os.File
	mu  sync.Mutex
	out bytes.Buffer
}

func (p *ptyIO) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// expect waits up to 30s for want in the output.
func (p *ptyIO) expect(want string) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(p.output(), want) {
		if time.Now().After(deadline) {
			p.t.Fatalf("no %q within 30s:\n%s", want, p.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *ptyIO) send(s string) { p.tty.WriteString(s) }

// onTerminal runs argv on a terminal in the test's mount namespace, with
// the sudo.conf conf, lets steps talk to it, and returns its output and
// exit status.
func onTerminal(t *testing.T, env []string, conf string, steps func(*ptyIO), argv ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("unshare", append([]string{"-m", "--propagation", "private", "sh", "-c", namespaceMounts + `exec "$@"`, "sh"}, argv...)...)
	cmd.Env = append(slices.Clip(env), "CONF="+conf)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatalf("pty: %v", err)
	}
	defer tty.Close()
	p := &ptyIO{t: t, tty: tty}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	steps(p)
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err = <-waited:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%v: still running after 60s:\n%s", argv, p.output())
	}
	<-done
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	}
	return strings.ReplaceAll(p.output(), "\r", ""), code
}

// hasCapSysResource says whether this process may raise a hard resource
// limit (CAP_SYS_RESOURCE, bit 24, in its effective set).
func hasCapSysResource() bool {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "CapEff:"); ok {
			caps, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return err == nil && caps&(1<<24) != 0
		}
	}
	return false
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
effect = ["delete", "write", "edit"]
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
