package cli

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The incidents belay exists for (README.md, "The incidents belay exists
// for"), each replayed on a fake host built to match: the README shows
// exactly what belay prints there, and this test keeps it so. Run it with
// BELAY_UPDATE_README=1 to rewrite the README's blocks after a change of
// wording.

// incidentNow is the fake hosts' clock: Monday 2026-11-30 12:00 UTC.
var incidentNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// host is a fake host root being built.
type host struct {
	t   *testing.T
	dir string
}

func newHost(t *testing.T) *host { return &host{t: t, dir: t.TempDir()} }

func (h *host) file(p, content string) *host {
	h.t.Helper()
	full := filepath.Join(h.dir, p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
	return h
}

// sized makes a sparse file of n bytes, changed ago before now.
func (h *host) sized(p string, n int64, ago time.Duration) *host {
	h.t.Helper()
	h.file(p, "")
	full := filepath.Join(h.dir, p)
	if err := os.Truncate(full, n); err != nil {
		h.t.Fatal(err)
	}
	return h.ago(p, ago)
}

func (h *host) ago(p string, d time.Duration) *host {
	h.t.Helper()
	t := incidentNow.Add(-d)
	if err := os.Chtimes(filepath.Join(h.dir, p), t, t); err != nil {
		h.t.Fatal(err)
	}
	return h
}

func (h *host) mkdir(p string) *host {
	h.t.Helper()
	if err := os.MkdirAll(filepath.Join(h.dir, p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	return h
}

func (h *host) link(p, target string) *host {
	h.t.Helper()
	h.mkdir(filepath.Dir(p))
	if err := os.Symlink(target, filepath.Join(h.dir, p)); err != nil {
		h.t.Fatal(err)
	}
	return h
}

// init is a /sbin/init that can start: a static executable.
func (h *host) init() *host {
	h.t.Helper()
	h.file("/sbin/init", string(staticELF()))
	if err := os.Chmod(filepath.Join(h.dir, "sbin/init"), 0o755); err != nil {
		h.t.Fatal(err)
	}
	return h
}

// proc adds a process: its command line, name and stat.
func (h *host) proc(pid, ppid int, comm string, argv ...string) *host {
	d := fmt.Sprintf("/proc/%d", pid)
	h.file(d+"/cmdline", strings.Join(argv, "\x00")+"\x00")
	h.file(d+"/comm", comm+"\n")
	h.file(d+"/stat", fmt.Sprintf("%d (%s) S %d %d %d 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0", pid, comm, ppid, pid, pid))
	return h
}

// users writes /run/utmp with USER TTY HOST triples, and their terminals
// idle for the given times.
func (h *host) users(idle []time.Duration, uth ...string) *host {
	var b []byte
	for i := 0; i+2 < len(uth); i += 3 {
		rec := make([]byte, 384)
		binary.NativeEndian.PutUint16(rec[0:], 7)
		binary.NativeEndian.PutUint32(rec[4:], uint32(900+i))
		copy(rec[8:40], uth[i+1])
		copy(rec[44:76], uth[i])
		copy(rec[76:332], uth[i+2])
		b = append(b, rec...)
		h.file("/dev/"+uth[i+1], "").ago("/dev/"+uth[i+1], idle[i/3])
	}
	return h.file("/run/utmp", string(b))
}

// libvirt adds running libvirt domains.
func (h *host) libvirt(names ...string) *host {
	for i, n := range names {
		h.file("/run/libvirt/qemu/"+n+".xml", fmt.Sprintf("<domstatus state='running' pid='%d'>\n  <domain type='kvm'><name>%s</name></domain>\n</domstatus>\n", 4200+i, n))
	}
	return h
}

// incident is one outage belay exists for, replayed.
type incident struct {
	name string            // its README marker
	line string            // what was typed
	env  map[string]string // SSH_CONNECTION...
	host func(t *testing.T) *host
}

var incidents = []incident{
	{name: "xen-image", line: "dd if=base.img of=/srv/xen/web.img", host: func(t *testing.T) *host {
		h := newHost(t).init()
		h.file("/etc/hostname", "dom0\n").file("/proc/uptime", "8812800.00 0\n")
		h.sized("/srv/xen/web.img", 20e9, 2*time.Minute).sized("/root/base.img", 2e9, 40*24*time.Hour)
		h.mkdir("/run/xen").file("/var/lib/xen/userdata-d.3.1c7a2d5e-8c2b-4f0e-9a51-2f1e6e0b7c11.xl", "name = 'web'\n")
		h.proc(4242, 1, "qemu-system-i38", "/usr/lib/xen/bin/qemu-system-i386", "-xen-domid", "3", "-name", "web",
			"-drive", "file=/srv/xen/web.img,if=ide,index=0,media=disk,format=raw")
		return h
	}},
	{name: "usr-sbin", line: "mv /usr/sbin /usr/sbin.backup", host: func(t *testing.T) *host {
		h := newHost(t).init()
		for i, n := range []string{"sshd", "cron", "agetty", "fsck", "ip", "iptables", "lvm", "mkfs.ext4", "nginx", "useradd"} {
			h.sized("/usr/sbin/"+n, int64(40000+i*9000), time.Duration(12+i)*24*time.Hour)
		}
		return h
	}},
	{name: "usr-sbin-reboot", line: "reboot", host: func(t *testing.T) *host {
		h := newHost(t)
		h.link("/sbin", "usr/sbin").mkdir("/usr/sbin.backup").link("/usr/sbin", "/usr/bin")
		h.file("/etc/hostname", "app3\n").file("/proc/uptime", "2246400.00 0\n")
		h.users([]time.Duration{20 * time.Second}, "root", "pts/0", "10.1.2.3")
		return h
	}},
	{name: "init-cron", line: "emerge --unmerge sysvinit", host: func(t *testing.T) *host {
		h := newHost(t).init()
		h.file("/etc/crontab", "SHELL=/bin/sh\n15 3 * * * root /sbin/reboot\n")
		return h
	}},
	{name: "dist-upgrade", line: "reboot", host: func(t *testing.T) *host {
		h := newHost(t).init()
		h.file("/etc/hostname", "db2\n").file("/proc/uptime", "15552000.00 0\n")
		h.file("/var/lib/dpkg/status", "Package: libc6\nStatus: install ok half-configured\nVersion: 2.36-9\n\n"+
			"Package: linux-image-6.1.0-28-amd64\nStatus: install ok unpacked\nVersion: 6.1.119-1\n\n"+
			"Package: systemd\nStatus: install ok half-installed\nVersion: 252.31-1\n\nPackage: bash\nStatus: install ok installed\n")
		h.file("/var/lib/dpkg/updates/0004", "Package: systemd\n")
		h.users([]time.Duration{4 * time.Minute}, "ops", "pts/0", "10.0.4.2")
		return h
	}},
	{name: "hypervisor", line: "reboot", env: map[string]string{"SSH_CONNECTION": "10.0.9.14 52144 10.0.0.10 22"}, host: func(t *testing.T) *host {
		h := newHost(t).init()
		h.file("/etc/hostname", "kvm07\n").file("/proc/uptime", "20563200.00 0\n")
		h.libvirt("monitoring", "web01", "web02", "db01", "db02", "mail", "ldap", "backup", "ci-runner", "dns1")
		h.users([]time.Duration{0, 3 * time.Hour}, "sam", "pts/0", "10.0.9.14", "deploy", "pts/1", "10.0.9.20")
		return h
	}},
	// A deploy script's line typed by hand in a shell where the variable
	// was never set: the glob is /*.
	{name: "deploy-dir", line: `rm -rf "$DEPLOY_DIR/"*`, host: func(t *testing.T) *host {
		h := newHost(t).init()
		h.file("/etc/hostname", "web3\n").file("/proc/uptime", "864000.00 0\n")
		h.ago("/etc/hostname", 300*24*time.Hour).ago("/sbin/init", 90*24*time.Hour)
		for i, n := range []string{"passwd", "shadow", "fstab", "hosts", "sudoers", "nginx/nginx.conf"} {
			h.sized("/etc/"+n, int64(600+i*310), time.Duration(30+i)*24*time.Hour)
		}
		for i, n := range []string{"bash", "ls", "python3", "systemctl", "sudo"} {
			h.sized("/usr/bin/"+n, int64(140000+i*52000), 90*24*time.Hour)
		}
		h.sized("/home/deploy/.ssh/authorized_keys", 740, 200*24*time.Hour)
		for i := range 12 {
			h.sized(fmt.Sprintf("/srv/app/releases/2026112%d/app.jar", i%10), int64(48e6+i*1000), time.Duration(i+1)*24*time.Hour)
		}
		h.sized("/var/lib/postgresql/15/main/base/16384/2619", 9e6, 4*time.Minute)
		return h
	}},
	{name: "web-root", line: "rm -rf /var/www/*", host: func(t *testing.T) *host {
		h := newHost(t).init()
		h.file("/proc/self/mountinfo", "22 1 252:1 / / rw,relatime - ext4 /dev/vda1 rw\n"+
			"30 22 252:17 / /var/www rw,relatime - ext4 /dev/vdb1 rw\n"+
			"31 30 0:50 / /var/www/shop/uploads rw - nfs 10.0.0.2:/uploads rw\n")
		for i := range 240 {
			h.sized(fmt.Sprintf("/var/www/shop/vendor/lib%03d.php", i), int64(3000+i*37), 30*24*time.Hour)
		}
		for i := range 60 {
			h.sized(fmt.Sprintf("/var/www/shop/uploads/img%02d.jpg", i), int64(180000+i*1000), time.Duration(i+1)*time.Hour)
		}
		h.sized("/var/www/shop/index.php", 4200, 3*time.Minute).sized("/var/www/shop/config.php", 900, 26*time.Hour)
		h.sized("/var/www/shop/.git/index", 52000, 5*time.Hour)
		h.proc(812, 1, "php-fpm8.2", "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)")
		for pid := 813; pid <= 816; pid++ {
			h.proc(pid, 812, "php-fpm8.2", "php-fpm: pool www")
			h.link(fmt.Sprintf("/proc/%d/cwd", pid), "/var/www/shop")
			for fd := 3; fd <= 5; fd++ {
				h.link(fmt.Sprintf("/proc/%d/fd/%d", pid, fd), fmt.Sprintf("/var/www/shop/vendor/lib%03d.php", fd*10+pid-813))
			}
		}
		return h
	}},
}

// replay runs belay check on an incident's host as the hook would at a
// terminal, and returns what it prints up to its question (answered no).
func replay(t *testing.T, in incident) string {
	t.Helper()
	h := in.host(t)
	var stdout, stderr bytes.Buffer
	asked := -1
	env := map[string]string{"BELAY_AUDIT_FILE": filepath.Join(t.TempDir(), "audit.jsonl"), "BELAY_AUDIT_SYSLOG": "off", "HOME": t.TempDir()}
	for k, v := range in.env {
		env[k] = v
	}
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return env[k] },
		environ: func() []string { return nil }, cwd: "/root", now: func() time.Time { return incidentNow }, impactBudget: 30 * time.Second,
		askTTY: func(q string, _ time.Duration) (string, error) {
			stderr.WriteString(q)
			asked = stderr.Len()
			return "", nil
		}}
	a.run("belay", []string{"check", "--color", "never", "--root", h.dir, "--", in.line})
	out := stderr.String()
	if asked >= 0 {
		out = out[:asked] + "\n" // what follows is the answer
	}
	if strings.Contains(out, h.dir) {
		t.Errorf("%s: the fake root's path leaks into the output:\n%s", in.name, out)
	}
	return "$ " + in.line + "\n" + out
}

// readmeBlock finds the code block after "<!-- incident: NAME -->".
var readmeBlock = regexp.MustCompile("(?s)<!-- incident: ([a-z0-9-]+) -->\n```\n(.*?)```\n")

func TestREADMEIncidents(t *testing.T) {
	const readme = "../../README.md"
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, in := range incidents {
		got[in.name] = replay(t, in)
	}
	seen := map[string]bool{}
	updated := readmeBlock.ReplaceAllStringFunc(string(data), func(m string) string {
		sm := readmeBlock.FindStringSubmatch(m)
		name, block := sm[1], sm[2]
		seen[name] = true
		want, ok := got[name]
		if !ok {
			t.Errorf("README block %q: no such incident", name)
			return m
		}
		if block != want {
			if os.Getenv("BELAY_UPDATE_README") == "" {
				t.Errorf("README block %q is not what belay prints (BELAY_UPDATE_README=1 rewrites it):\n--- README\n%s--- belay\n%s", name, block, want)
			}
			return "<!-- incident: " + name + " -->\n```\n" + want + "```\n"
		}
		return m
	})
	for _, in := range incidents {
		if !seen[in.name] {
			t.Errorf("README has no block for incident %q", in.name)
		}
	}
	if os.Getenv("BELAY_UPDATE_README") != "" && updated != string(data) {
		if err := os.WriteFile(readme, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIncidentsShowImpact: every incident's stop says what is at stake on
// that host, in a few lines.
func TestIncidentsShowImpact(t *testing.T) {
	for _, in := range incidents {
		out := replay(t, in)
		n := 0
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "  ") {
				n++
			}
		}
		if n == 0 || n > 5 {
			t.Errorf("%s: %d impact lines:\n%s", in.name, n, out)
		}
	}
}
