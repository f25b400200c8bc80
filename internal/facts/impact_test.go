package facts

import (
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testBudget is the budget of impact tests: long enough that no probe is
// cut on a loaded machine, so every answer is the measured one.
const testBudget = 30 * time.Second

// at sets a host path's modification and access time.
func (r *fakeRoot) at(p string, t time.Time) *fakeRoot {
	r.t.Helper()
	if err := os.Chtimes(r.path(p), t, t); err != nil {
		r.t.Fatal(err)
	}
	return r
}

// fileAt writes a file and sets its times.
func (r *fakeRoot) fileAt(p, content string, t time.Time) *fakeRoot {
	return r.file(p, content).at(p, t)
}

// impactHost is a Host on the fake root with a Statfs seam.
func (r *fakeRoot) impactHost(sizes map[string]uint64) *Host {
	return New(Options{Root: r.dir, Now: func() time.Time { return testNow }, Env: func(k string) string { return r.env[k] },
		Statfs: func(mp string) (uint64, error) {
			if n, ok := sizes[mp]; ok {
				return n, nil
			}
			return 0, os.ErrNotExist
		}})
}

func (r *fakeRoot) impact(req ImpactRequest) Impact {
	return r.impactHost(nil).Impact(req, testBudget)
}

// item returns the impact's item with a label, failing when it is missing.
func item(t *testing.T, im Impact, label string) ImpactItem {
	t.Helper()
	for _, it := range im.Items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no %q item in:\n%s", label, im)
	return ImpactItem{}
}

// wantItem checks an item's text holds every want, and its certainty.
func wantItem(t *testing.T, im Impact, label string, cert Certainty, want ...string) {
	t.Helper()
	it := item(t, im, label)
	if it.Certainty != cert {
		t.Errorf("%s: certainty %s, want %s: %s", label, it.Certainty, cert, it.Text)
	}
	for _, w := range want {
		if !strings.Contains(it.Text, w) {
			t.Errorf("%s: %q lacks %q", label, it.Text, w)
		}
	}
}

// noItem checks an impact has no item with a label.
func noItem(t *testing.T, im Impact, label string) {
	t.Helper()
	for _, it := range im.Items {
		if it.Label == label {
			t.Errorf("unexpected %s item: %s", label, it.Text)
		}
	}
}

func deleteReq(p string, glob bool) ImpactRequest {
	return ImpactRequest{Kind: ImpactDelete, Targets: []ImpactTarget{{Path: p, Recursive: true, Glob: glob}}}
}

// busyWebRoot is a host whose /var/www is a mounted disk with live code, a
// git work tree with changes, two mounts below, nginx serving from it and
// a shell working in it.
func busyWebRoot(t *testing.T) *fakeRoot {
	r := newRoot(t)
	old := testNow.Add(-48 * time.Hour)
	r.fileAt("/var/www/html/index.php", "<?php echo 1;", testNow.Add(-3*time.Minute))
	r.fileAt("/var/www/html/style.css", "body{}", old)
	r.fileAt("/var/www/.htaccess", "Deny", old)
	r.fileAt("/var/www/app/main.go", "package main", testNow.Add(-10*time.Minute))
	r.fileAt("/var/www/app/old.go", "package main", testNow.Add(-2*time.Hour))
	r.fileAt("/var/www/app/.git/HEAD", "ref: refs/heads/main\n", testNow.Add(-time.Minute))
	r.fileAt("/var/www/app/.git/index", "DIRC", testNow.Add(-time.Hour))
	r.mkdir("/var/www/uploads").mkdir("/var/www/cache")
	r.file("/proc/self/mountinfo", `22 1 252:1 / / rw,relatime - ext4 /dev/vda1 rw
30 22 252:17 / /var/www rw,relatime - ext4 /dev/vdb1 rw
31 30 0:50 / /var/www/uploads rw - nfs 10.0.0.2:/uploads rw
32 30 0:51 / /var/www/cache rw - tmpfs tmpfs rw
`)
	r.proc(812, 1, "nginx", "nginx: master process /usr/sbin/nginx")
	r.link("/proc/812/fd/3", "/var/www/html/index.php")
	r.link("/proc/812/fd/4", "/var/log/nginx/access.log")
	for pid := 813; pid <= 816; pid++ {
		r.proc(pid, 812, "nginx", "nginx: worker process")
		for fd := 3; fd <= 6; fd++ {
			r.link("/proc/"+itoa(pid)+"/fd/"+itoa(fd), "/var/www/html/f"+itoa(fd)+".php")
		}
		r.link("/proc/"+itoa(pid)+"/fd/7", "socket:[1]")
	}
	r.proc(77, 1, "bash", "-bash")
	r.link("/proc/77/cwd", "/var/www/app")
	r.proc(78, 1, "vim", "vim", "notes")
	r.link("/proc/78/cwd", "/home/alice")
	return r
}

func TestImpactDeleteBusyTree(t *testing.T) {
	r := busyWebRoot(t)
	im := r.impactHost(map[string]uint64{"/var/www": 40e9}).Impact(deleteReq("/var/www", false), testBudget)
	if im.Kind != ImpactDelete || im.Subject != "/var/www" {
		t.Errorf("kind %s subject %q", im.Kind, im.Subject)
	}
	wantItem(t, im, "files", Exact, "7 files in 6 directories", "newest: html/index.php, 3 minutes ago")
	wantItem(t, im, "open", Exact, "nginx (pid 812, 4 workers) has 17 files open under /var/www", "bash (pid 77) works in it")
	wantItem(t, im, "mount", Exact, "/var/www is the mount point of /dev/vdb1 (ext4, 40 GB)",
		"2 more mounts below: /var/www/uploads (nfs), /var/www/cache (tmpfs)", "rm -r empties them too")
	wantItem(t, im, "git", Exact, "git work tree /var/www/app: 1 file modified after .git/index was last written")
	if strings.Contains(im.String(), "vim") {
		t.Errorf("vim works elsewhere:\n%s", im)
	}
	if got := len(strings.Split(strings.TrimSpace(im.String()), "\n")); got > MaxImpactLines {
		t.Errorf("%d lines", got)
	}
}

func TestImpactDeleteEmptyTree(t *testing.T) {
	r := newRoot(t)
	r.mkdir("/var/www")
	r.file("/proc/self/mountinfo", "22 1 252:1 / / rw - ext4 /dev/vda1 rw\n")
	r.proc(77, 1, "bash", "-bash")
	r.link("/proc/77/cwd", "/root")
	im := r.impact(deleteReq("/var/www", false))
	wantItem(t, im, "files", Exact, "an empty directory")
	for _, l := range []string{"open", "mount", "git", "image", "glob"} {
		noItem(t, im, l)
	}
	// nothing there at all
	im = newRoot(t).impact(deleteReq("/var/www", false))
	wantItem(t, im, "files", Exact, "/var/www does not exist")
	if len(im.Items) != 1 {
		t.Errorf("want one item:\n%s", im)
	}
}

// rm -rf / on a host with /proc and /sys: the kernel's views are not
// counted as files at stake (thousands of entries, all new), the rest is.
func TestImpactDeleteRootSkipsKernelViews(t *testing.T) {
	r := newRoot(t)
	r.fileAt("/etc/passwd", "root:x:0:0::/root:/bin/sh\n", testNow.Add(-48*time.Hour))
	r.fileAt("/srv/app/app.jar", "jar", testNow.Add(-3*time.Minute))
	r.fileAt("/sys/kernel/uevent_seqnum", "1\n", testNow.Add(time.Hour))
	r.proc(77, 1, "bash", "-bash")
	for _, req := range []ImpactRequest{deleteReq("/", false), deleteReq("/*", true)} {
		im := r.impact(req)
		wantItem(t, im, "files", Exact, "newest: srv/app/app.jar, 3 minutes ago")
		if s := item(t, im, "files").Text; strings.Contains(s, "proc/") || strings.Contains(s, "sys/") {
			t.Errorf("%s: counted the kernel's views: %s", req.Targets[0].Path, s)
		}
	}
}

func TestImpactDeleteGlob(t *testing.T) {
	r := busyWebRoot(t)
	im := r.impact(deleteReq("/var/www/*", true))
	// the shell's * skips .htaccess: it is not deleted and not counted
	wantItem(t, im, "glob", Exact, "/var/www/* matches 4 paths now")
	wantItem(t, im, "files", Exact, "6 files in 5 directories", "newest: html/index.php")
	wantItem(t, im, "open", Exact, "nginx (pid 812, 4 workers) has 17 files open under /var/www/*")
	wantItem(t, im, "mount", Exact, "2 mounts below /var/www/*")
	im = r.impact(deleteReq("/var/www/*.bak", true))
	wantItem(t, im, "glob", Exact, "matches nothing now")
	noItem(t, im, "open")
	im = r.impact(ImpactRequest{Kind: ImpactDelete, Targets: []ImpactTarget{{Path: "/var/www/html/[!s]*", Glob: true}}})
	wantItem(t, im, "glob", Exact, "matches 1 path now")
	wantItem(t, im, "files", Exact, "a file of 13 bytes, last changed 3 minutes ago")
	wantItem(t, im, "open", Exact, "nginx (pid 812, 4 workers) has 17 of them open")
	im = r.impact(ImpactRequest{Kind: ImpactDelete, Targets: []ImpactTarget{{Path: "/var/www/html/i*", Glob: true}}})
	wantItem(t, im, "open", Exact, "nginx (pid 812) has 1 of them open") // not the workers: their files are f*.php
}

func TestImpactDeleteSymlinkAndFile(t *testing.T) {
	r := busyWebRoot(t)
	r.link("/srv/www", "/var/www")
	im := r.impact(deleteReq("/srv/www", false))
	wantItem(t, im, "files", Exact, "/srv/www is a symbolic link to /var/www: the link goes, not what it points to")
	noItem(t, im, "open") // rm removes the link: nginx's files stay
	// an overwrite writes through the link
	im = r.impact(ImpactRequest{Kind: ImpactOverwrite, Targets: []ImpactTarget{{Path: "/srv/www/html/index.php"}}})
	wantItem(t, im, "files", Exact, "a file of 13 bytes, last changed 3 minutes ago")
	wantItem(t, im, "open", Exact, "nginx (pid 812) has it open")
	im = r.impact(ImpactRequest{Kind: ImpactOverwrite, Targets: []ImpactTarget{{Path: "/etc/motd"}}})
	wantItem(t, im, "files", Exact, "/etc/motd does not exist yet: nothing is overwritten")
}

func TestImpactDeleteBudget(t *testing.T) {
	r := busyWebRoot(t)
	h := r.impactHost(nil)
	h.treeLimit = 7
	im := h.Impact(deleteReq("/var/www", false), testBudget)
	wantItem(t, im, "files", AtLeast, "at least ", "(stopped counting at 7 entries)")
	// out of time before the walk began: unknown, not "at least 0"
	x := &impactRun{h: r.impactHost(nil), start: time.Now(), soft: time.Now().Add(-time.Second), tree: time.Now().Add(-time.Second), limit: maxTreeEntries}
	items := x.contents(ImpactDelete, []ImpactTarget{{Path: "/var/www", Recursive: true}})
	if len(items) != 1 || items[0].Certainty != Unknown {
		t.Errorf("late walk: %+v", items)
	}
	items = x.openUnder(ImpactDelete, []ImpactTarget{{Path: "/var/www", Recursive: true}})
	if len(items) != 1 || items[0].Certainty != Unknown || !strings.Contains(items[0].Text, "time limit") {
		t.Errorf("late scan: %+v", items)
	}
}

func TestImpactGitWorkTree(t *testing.T) {
	r := newRoot(t)
	r.fileAt("/home/me/proj/.git/index", "DIRC", testNow.Add(-time.Hour))
	r.fileAt("/home/me/proj/src/a.go", "a", testNow.Add(-2*time.Hour))
	r.fileAt("/home/me/proj/src/b.go", "b", testNow.Add(-5*time.Minute))
	r.fileAt("/home/me/proj/src/c.go", "c", testNow.Add(-4*time.Minute))
	// deleting a directory inside the work tree
	im := r.impact(deleteReq("/home/me/proj/src", false))
	wantItem(t, im, "git", Exact, "git work tree /home/me/proj: 2 files modified after .git/index")
	// a clean tree
	r.at("/home/me/proj/.git/index", testNow)
	im = r.impact(deleteReq("/home/me/proj", false))
	wantItem(t, im, "git", Exact, "no file modified after .git/index")
	// two work trees below
	r.fileAt("/home/me/lib/.git/index", "DIRC", testNow.Add(-time.Hour))
	r.fileAt("/home/me/lib/x.c", "x", testNow.Add(-time.Minute))
	im = r.impact(deleteReq("/home/me", false))
	wantItem(t, im, "git", Exact, "2 git work trees (/home/me/lib, /home/me/proj): 1 file modified")
	// no work tree
	im = r.impact(deleteReq("/home/me/lib/x.c", false))
	wantItem(t, im, "git", Exact, "/home/me/lib: 1 file")
	r.rm("/home/me/lib/.git")
	im = r.impact(deleteReq("/home/me/lib", false))
	noItem(t, im, "git")
}

func TestImpactImageOfGuest(t *testing.T) {
	r := newRoot(t)
	r.fileAt(webImage, "QFI\xfb", testNow.Add(-time.Minute)).fileAt(dbImage, "QFI\xfb", testNow.Add(-time.Hour))
	r.file("/run/libvirt/qemu/web01.xml", `<domstatus state='paused' reason='user' pid='4242'>
  <domain type='kvm'><name>web01</name><devices>
    <disk type='file' device='disk'><source file='`+webImage+`'/></disk>
  </devices></domain></domstatus>`)
	r.proc(4242, 1, "qemu-system-x86", "/usr/bin/qemu-system-x86_64", "-name", "guest=web01,debug-threads=on")
	r.link("/proc/4242/fd/12", webImage)
	r.proc(5000, 1, "qemu-system-x86", "qemu-system-x86_64", "-name", "db01", "-drive", "file="+dbImage+",if=virtio")
	for _, kind := range []ImpactKind{ImpactOverwrite, ImpactDevice} {
		im := r.impact(ImpactRequest{Kind: kind, Targets: []ImpactTarget{{Path: webImage}}})
		wantItem(t, im, "image", Exact, "disk of running guest web01 (paused)")
		wantItem(t, im, "open", Exact, "guest web01 (qemu-system-x86 pid 4242) has it open")
		noItem(t, im, "db01")
	}
	im := r.impact(ImpactRequest{Kind: ImpactOverwrite, Targets: []ImpactTarget{{Path: dbImage}}})
	wantItem(t, im, "image", Exact, "disk of running guest db01 (qemu-system-x86 pid 5000)")
	im = r.impact(deleteReq("/var/lib/libvirt/images", false))
	wantItem(t, im, "image", Exact, "holds a disk of running guest web01 (paused); disk of running guest db01")
	// no guest: no image item
	r.rm("/run/libvirt").rm("/proc")
	im = r.impact(ImpactRequest{Kind: ImpactOverwrite, Targets: []ImpactTarget{{Path: webImage}}})
	noItem(t, im, "image")
	noItem(t, im, "open")
}

// utmpRec encodes one utmp record as glibc writes it.
func utmpRec(typ int16, pid int32, line, user, host string, sec int32) []byte {
	b := make([]byte, utmpSize)
	binary.NativeEndian.PutUint16(b[utOffType:], uint16(typ))
	binary.NativeEndian.PutUint32(b[utOffPID:], uint32(pid))
	copy(b[utOffLine:utOffLine+utLenLine], line)
	copy(b[utOffUser:utOffUser+utLenUser], user)
	copy(b[utOffHost:utOffHost+utLenHost], host)
	binary.NativeEndian.PutUint32(b[utOffSec:], uint32(sec))
	return b
}

func utmpFile(recs ...[]byte) string {
	var b []byte
	for _, r := range recs {
		b = append(b, r...)
	}
	return string(b)
}

// hypervisorRoot is a host with two users logged in, three guests, an
// upgrade and a copy running, a backup over SSH, a reboot in cron.
func hypervisorRoot(t *testing.T) *fakeRoot {
	r := newRoot(t)
	r.file("/etc/hostname", "hv1\n")
	r.file("/proc/uptime", "3542400.00 100.0\n") // 41 days
	r.file("/run/utmp", utmpFile(
		utmpRec(2, 0, "~", "reboot", "6.1.0", 0), // BOOT_TIME
		utmpRec(6, 500, "tty1", "LOGIN", "", 0),  // LOGIN_PROCESS: a getty, nobody
		utmpRec(7, 901, "pts/0", "alice", "10.0.0.5", 1),
		utmpRec(8, 902, "pts/3", "gone", "10.0.0.8", 1), // DEAD_PROCESS
		utmpRec(7, 903, "pts/1", "bob", "10.0.0.9", 1),
	))
	r.fileAt("/dev/pts/0", "", testNow.Add(-3*time.Minute))
	r.fileAt("/dev/pts/1", "", testNow.Add(-10*time.Second))
	r.file("/run/libvirt/qemu/web01.xml", `<domstatus state='running' pid='4242'><domain><name>web01</name></domain></domstatus>`)
	r.file("/run/libvirt/qemu/monitoring.xml", `<domstatus state='paused' pid='4300'><domain><name>monitoring</name></domain></domstatus>`)
	r.proc(4242, 1, "qemu-system-x86", "qemu-system-x86_64", "-name", "guest=web01")
	r.proc(4300, 1, "qemu-system-x86", "qemu-system-x86_64", "-name", "guest=monitoring")
	r.proc(5000, 1, "qemu-system-x86", "qemu-system-x86_64", "-name", "db01")
	jobStat := func(pid, ppid int, comm string, startTicks int) {
		r.file("/proc/"+itoa(pid)+"/stat", itoa(pid)+" ("+comm+") S "+itoa(ppid)+" 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 "+itoa(startTicks)+" 0 0")
	}
	r.proc(600, 1, "apt-get", "apt-get", "dist-upgrade", "-y")
	jobStat(600, 1, "apt-get", (3542400-720)*userHZ) // 12 minutes ago
	r.proc(601, 600, "dpkg", "/usr/bin/dpkg", "--configure", "-a")
	r.proc(700, 1, "rsync", "rsync", "-a", "/srv/", "backup:/srv/")
	jobStat(700, 1, "rsync", (3542400-3*3600-120)*userHZ)
	r.proc(901, 800, "sshd", "sshd: alice@pts/0")
	r.proc(903, 800, "sshd", "sshd: bob@pts/1")
	r.proc(904, 800, "sshd", "sshd: backup@notty")
	r.proc(905, 800, "sshd", "sshd: backup [priv]")
	r.proc(800, 1, "sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups")
	r.file("/etc/crontab", "15 3 * * * root /sbin/reboot\n")
	r.env["SSH_CONNECTION"] = "10.0.0.5 51234 10.0.0.1 22"
	return r
}

func TestImpactRebootBusyHost(t *testing.T) {
	r := hypervisorRoot(t)
	im := r.impact(ImpactRequest{Kind: ImpactPower, Verb: "reboot"})
	if im.Subject != "the host" {
		t.Errorf("subject %q", im.Subject)
	}
	wantItem(t, im, "guests", Exact, "3 running: monitoring (paused), web01, db01")
	wantItem(t, im, "jobs", Exact, "apt-get dist-upgrade -y (pid 600, 12m)", "rsync -a /srv/ backup:/srv/ (pid 700, 3h 2m)")
	if j := item(t, im, "jobs"); strings.Contains(j.Text, "dpkg") {
		t.Errorf("dpkg runs under apt-get: %s", j.Text)
	}
	wantItem(t, im, "users", Exact, "2 logged in: alice on pts/0 from 10.0.0.5 (idle 3m), bob on pts/1 from 10.0.0.9 (active)",
		"1 session over SSH without a terminal: backup (pid 904)")
	if u := item(t, im, "users"); strings.Contains(u.Text, "gone") || strings.Contains(u.Text, "LOGIN") {
		t.Errorf("dead or getty records shown: %s", u.Text)
	}
	wantItem(t, im, "reboots", Exact, "already scheduled: /etc/crontab:1: 15 3 * * * root /sbin/reboot (next 2026-12-01 03:15 UTC)")
	wantItem(t, im, "host", Exact, "hv1, up 41d 0h 0m")
	wantItem(t, im, "you", Exact, "you are on SSH from 10.0.0.5 to 10.0.0.1 port 22")
	lines := Lines([]Impact{im}, MaxImpactLines)
	if len(lines) != MaxImpactLines || lines[0].Label != "guests" || lines[4].Label != "more" {
		t.Errorf("lines: %+v", lines)
	}
	// stopping the way in: the connection you are on comes first
	im = r.impact(ImpactRequest{Kind: ImpactAccess, Verb: "systemctl stop ssh"})
	wantItem(t, im, "you", Exact, "this is the connection you are on: SSH from 10.0.0.5 to 10.0.0.1 port 22")
	noItem(t, im, "guests")
	noItem(t, im, "reboots")
}

func TestImpactRebootQuietHost(t *testing.T) {
	r := newRoot(t)
	r.file("/etc/hostname", "web1\n").file("/proc/uptime", "600.5 1.0\n").file("/run/utmp", "")
	im := r.impact(ImpactRequest{Kind: ImpactPower})
	wantItem(t, im, "users", Exact, "nobody logged in")
	wantItem(t, im, "host", Exact, "web1, up 10m 0s")
	for _, l := range []string{"guests", "jobs", "reboots", "you", "dpkg"} {
		noItem(t, im, l)
	}
	// no utmp and no logind: who is logged in is unknown, not "nobody"
	r.rm("/run/utmp")
	wantItem(t, r.impact(ImpactRequest{Kind: ImpactPower}), "users", Unknown, "unknown")
}

func TestImpactUsersFromLogindAndStale(t *testing.T) {
	r := newRoot(t)
	r.file("/run/systemd/sessions/3", "# This is private data. Do not parse.\nUID=1000\nUSER=carol\nACTIVE=1\nSTATE=active\nREMOTE=1\nTYPE=tty\nCLASS=user\nTTY=/dev/pts/2\nREMOTE_HOST=10.0.0.7\nLEADER=1234\n")
	r.file("/run/systemd/sessions/4", "USER=gdm\nCLASS=greeter\n")
	r.file("/run/systemd/sessions/5", "USER=dave\nSTATE=closing\nCLASS=user\n")
	wantItem(t, r.impact(ImpactRequest{Kind: ImpactPower}), "users", Exact, "1 logged in: carol on pts/2 from 10.0.0.7")
	// utmp wins; a record whose process is gone is stale
	r.file("/run/utmp", utmpFile(utmpRec(7, 901, "pts/0", "alice", "", 1), utmpRec(7, 999, "pts/1", "ghost", "", 1)))
	r.proc(901, 1, "bash", "-bash")
	im := r.impact(ImpactRequest{Kind: ImpactPower})
	wantItem(t, im, "users", Exact, "1 logged in: alice on pts/0")
	if strings.Contains(item(t, im, "users").Text, "ghost") {
		t.Error("stale record shown")
	}
}

func TestImpactRebootDpkgMidUpgrade(t *testing.T) {
	r := newRoot(t)
	r.file("/run/utmp", "")
	r.file(dpkgStatusFile, "Package: libc6\nStatus: install ok half-configured\n\nPackage: bash\nStatus: install ok installed\n")
	r.file(dpkgUpdatesDir+"/0001", "x")
	wantItem(t, r.impact(ImpactRequest{Kind: ImpactPower}), "dpkg", Exact, "1 package not fully installed: libc6 (half-configured); a dpkg run was interrupted")
}

// dpkgDB is a small status file: libc6 and what depends on it, an
// alternative, a virtual package, a multiarch pair, a removed package.
const dpkgDB = `Package: libc6
Status: install ok installed
Priority: required
Architecture: amd64
Multi-Arch: same
Depends: libgcc-s1

Package: libc6
Status: install ok installed
Priority: required
Architecture: i386
Multi-Arch: same
Depends: libgcc-s1

Package: libgcc-s1
Status: install ok installed
Architecture: amd64
Depends: gcc-base, libc6 (>= 2.35)

Package: gcc-base
Status: install ok installed
Architecture: amd64
Multi-Arch: same

Package: bash
Essential: yes
Status: install ok installed
Priority: required
Architecture: amd64
Pre-Depends: libc6 (>= 2.36), libtinfo6 (>= 6)

Package: libtinfo6
Status: install ok installed
Architecture: amd64
Depends: libc6 (>= 2.34)

Package: dpkg
Essential: yes
Status: install ok installed
Architecture: amd64
Pre-Depends: libc6 (>= 2.34),
 tar (>= 1.28-1)

Package: tar
Status: install ok installed
Architecture: amd64
Pre-Depends: libc6

Package: openssh-server
Status: install ok installed
Architecture: amd64
Depends: libc6 (>= 2.36), openssh-client (= 1:9.2p1-2), systemd | sysvinit-core
Provides: ssh-server

Package: openssh-client
Status: install ok installed
Architecture: amd64
Depends: libc6 (>= 2.36)

Package: systemd
Status: install ok installed
Architecture: amd64
Depends: libc6, python3:any

Package: python3
Status: install ok installed
Architecture: amd64
Multi-Arch: allowed

Package: wine32
Status: install ok installed
Architecture: i386
Depends: libc6 (>= 2.34)

Package: vim
Status: install ok installed
Architecture: amd64
Depends: vim-common, libc6 | musl

Package: vim-common
Status: install ok installed
Architecture: all

Package: mutt
Status: install ok installed
Architecture: amd64
Depends: default-mta | mail-transport-agent

Package: postfix
Status: install ok installed
Architecture: amd64
Provides: mail-transport-agent

Package: exim4
Status: install ok installed
Architecture: amd64
Provides: mail-transport-agent

Package: oldtool
Status: deinstall ok config-files
Architecture: amd64
Depends: libc6

Package: brokentool
Status: install ok installed
Architecture: amd64
Depends: ghost-lib, vim-common
`

func TestImpactPackageRemoval(t *testing.T) {
	r := newRoot(t)
	r.file(dpkgStatusFile, dpkgDB)
	rm := func(manager string, pkgs ...string) Impact {
		return r.impact(ImpactRequest{Kind: ImpactPackages, Manager: manager, Packages: pkgs})
	}
	// libc6 (amd64, the native one) takes everything but wine32, vim-common,
	// gcc-base, the mail packages and brokentool (its clauses never held)
	im := rm("apt-get", "libc6")
	wantItem(t, im, "packages", Exact, "removes libc6 (required) and 9 packages that depend on it, including openssh-server, systemd",
		"essential or required among them: bash, dpkg")
	for _, not := range []string{"wine32", "vim-common", "mutt", "brokentool", "oldtool"} {
		if strings.Contains(item(t, im, "packages").Text, not) {
			t.Errorf("%s does not go", not)
		}
	}
	// no reverse dependencies
	wantItem(t, rm("apt", "vim"), "packages", Exact, "removes only vim: no installed package depends on it")
	// one provider of a virtual package left: mutt stays; both gone: mutt goes
	wantItem(t, rm("apt-get", "postfix"), "packages", Exact, "removes only postfix")
	wantItem(t, rm("apt-get", "postfix", "exim4"), "packages", Exact, "removes postfix, exim4 and 1 package that depend")
	// the i386 libc6 takes wine32 only (and not libgcc-s1: an amd64 package)
	wantItem(t, rm("apt-get", "libc6:i386"), "packages", Exact, "removes libc6 (required) and 1 package")
	// dpkg -r refuses while others depend on it
	wantItem(t, rm("dpkg", "openssh-client"), "packages", Exact, "1 installed package depend on openssh-client (dpkg refuses unless forced")
	wantItem(t, rm("apt-get", "nosuch"), "packages", Exact, "nothing: nosuch not installed")
	// rpm is not read
	r.mkdir("/var/lib/rpm")
	wantItem(t, rm("dnf", "glibc"), "packages", Unknown, "belay does not read the rpm database")
	// a running package manager is named
	r.proc(600, 1, "apt-get", "apt-get", "upgrade")
	wantItem(t, rm("apt-get", "vim"), "running", Exact, "apt-get (pid 600)")
}

func TestImpactPackageNoDatabase(t *testing.T) {
	im := newRoot(t).impact(ImpactRequest{Kind: ImpactPackages, Manager: "apt-get", Packages: []string{"libc6"}})
	wantItem(t, im, "packages", Unknown, "/var/lib/dpkg/status: no such file")
}

// vdbRoot is a host with a disk vdb: a gpt table, vdb1 ext4 mounted on
// /var/www, vdb2 an LVM physical volume whose volume is mounted on /srv;
// and an empty disk vdc.
func vdbRoot(t *testing.T) *fakeRoot {
	r := newRoot(t)
	r.file("/sys/block/vdb/dev", "252:16\n").file("/sys/block/vdb/size", "78125000\n").file("/sys/block/vdb/device/model", "QEMU HARDDISK\n")
	r.file("/sys/block/vdb/vdb1/dev", "252:17\n").file("/sys/block/vdb/vdb1/size", "39062500\n")
	r.file("/sys/block/vdb/vdb2/dev", "252:18\n").file("/sys/block/vdb/vdb2/size", "39060000\n")
	r.mkdir("/sys/block/vdb/vdb2/holders/dm-0")
	r.file("/sys/block/dm-0/dev", "253:0\n").file("/sys/block/dm-0/dm/name", "vg0-data\n").file("/sys/block/dm-0/dm/uuid", "LVM-abc\n")
	r.file("/run/udev/data/b252:16", "S:disk/by-path/virtio-pci-0000:00:05.0\nE:ID_PART_TABLE_TYPE=gpt\nE:ID_MODEL=QEMU_HARDDISK\n")
	r.file("/run/udev/data/b252:17", "E:ID_FS_TYPE=ext4\nE:ID_FS_LABEL=www\nE:ID_FS_USAGE=filesystem\n")
	r.file("/run/udev/data/b252:18", "E:ID_FS_TYPE=LVM2_member\n")
	r.file("/proc/self/mountinfo", "22 1 252:1 / / rw - ext4 /dev/vda1 rw\n30 22 252:17 / /var/www rw - ext4 /dev/vdb1 rw\n31 22 253:0 / /srv rw - xfs /dev/mapper/vg0-data rw\n")
	r.file("/sys/block/vdc/dev", "252:32\n").file("/sys/block/vdc/size", "2097152\n")
	return r
}

func TestImpactBlockDevice(t *testing.T) {
	r := vdbRoot(t)
	im := r.impact(ImpactRequest{Kind: ImpactDevice, Targets: []ImpactTarget{{Path: "/dev/vdb"}}})
	wantItem(t, im, "vdb", Exact, "40 GB, QEMU HARDDISK, gpt partition table, 2 partitions")
	wantItem(t, im, "vdb1", Exact, `ext4 "www", 20 GB, mounted on /var/www`)
	wantItem(t, im, "vdb2", Exact, "LVM physical volume, 20 GB, holds LVM volume dm-0 (vg0-data) (mounted on /srv)")
	im = r.impact(ImpactRequest{Kind: ImpactDevice, Targets: []ImpactTarget{{Path: "/dev/vdb1"}}})
	wantItem(t, im, "vdb1", Exact, `ext4 "www", 20 GB, mounted on /var/www`)
	// an empty disk, and one the host does not have
	im = r.impact(ImpactRequest{Kind: ImpactDevice, Targets: []ImpactTarget{{Path: "/dev/vdc"}}})
	wantItem(t, im, "vdc", Exact, "1.1 GB, not mounted, not swap, no holders (no udev record of what is on it)")
	im = r.impact(ImpactRequest{Kind: ImpactDevice, Targets: []ImpactTarget{{Path: "/dev/sdz"}}})
	wantItem(t, im, "device", Unknown, "not a block device this host knows")
	// swap, and a RAID member
	r.file("/proc/swaps", "Filename Type Size Used Priority\n/dev/vdc partition 1048572 0 -2\n")
	im = r.impact(ImpactRequest{Kind: ImpactDevice, Targets: []ImpactTarget{{Path: "/dev/vdc"}}})
	wantItem(t, im, "vdc", Exact, "in use as swap")
	r.mkdir("/sys/block/vdc/holders/md0").file("/sys/block/md0/dev", "9:0\n").file("/sys/block/md0/md/level", "raid1\n")
	r.file("/run/udev/data/b252:32", "E:ID_FS_TYPE=linux_raid_member\n")
	im = r.impact(ImpactRequest{Kind: ImpactDevice, Targets: []ImpactTarget{{Path: "/dev/vdc"}}})
	wantItem(t, im, "vdc", Exact, "RAID member", "member of raid1 array md0")
}

// unitRoot has nginx, with units that require, bind to and are part of it.
func unitRoot(t *testing.T) *fakeRoot {
	r := newRoot(t)
	r.file("/lib/systemd/system/nginx.service", "[Unit]\nDescription=nginx\n[Service]\nExecStart=/usr/sbin/nginx\n[Install]\nWantedBy=multi-user.target\n")
	r.file("/lib/systemd/system/app.service", "[Unit]\nBindsTo=nginx.service\nAfter=nginx.service\n")
	r.file("/lib/systemd/system/php-fpm.service", "[Unit]\n# Requires=nginx.service\nPartOf=nginx.service \\\n  redis.service\n")
	r.file("/lib/systemd/system/monitor.service", "[Unit]\nWants=nginx.service\n")
	r.file("/etc/systemd/system/monitor.service.d/override.conf", "[Unit]\nRequires=nginx.service\n")
	r.file("/lib/systemd/system/reset.service", "[Unit]\nRequires=nginx.service\nRequires=\n")
	r.file("/lib/systemd/system/redis.service", "[Unit]\nDescription=redis\n")
	r.file("/lib/systemd/system/cron.service", "[Unit]\nDescription=cron\n[Install]\nWantedBy=multi-user.target\n")
	r.link("/etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
	r.link("/etc/systemd/system/web.target.requires/nginx.service", "/lib/systemd/system/nginx.service")
	r.mkdir("/run/systemd/units")
	r.link("/run/systemd/units/invocation:app.service", "0123")
	return r
}

func TestImpactServiceDependents(t *testing.T) {
	r := unitRoot(t)
	unit := func(verb, u string) Impact {
		return r.impact(ImpactRequest{Kind: ImpactService, Verb: verb, Units: []string{u}})
	}
	im := unit("stop", "nginx")
	if im.Subject != "nginx.service" {
		t.Errorf("subject %q", im.Subject)
	}
	wantItem(t, im, "stops", Exact, "4 units stop with it: app.service (BindsTo, running), monitor.service (Requires), php-fpm.service (PartOf) and 1 more")
	if strings.Contains(item(t, im, "stops").Text, "reset") {
		t.Error("an emptied Requires= still counted")
	}
	wantItem(t, unit("disable", "nginx"), "boot", Exact, "enabled by multi-user.target, web.target: it will not start at boot")
	wantItem(t, unit("mask", "nginx.service"), "stops", Exact, "4 units that need it will fail to start")
	// without dependents
	wantItem(t, unit("stop", "redis"), "stops", Exact, "1 unit stops with it: php-fpm.service (PartOf)") // the continued line
	im = unit("stop", "cron")
	wantItem(t, im, "stops", Exact, "no other unit requires, binds to or is part of cron.service")
	wantItem(t, unit("disable", "cron"), "boot", Exact, "cron.service is not enabled")
	wantItem(t, unit("stop", "nosuch"), "stops", Exact, "no unit file named nosuch.service")
	noItem(t, im, "session")
}

func TestImpactServiceSession(t *testing.T) {
	r := unitRoot(t)
	r.file("/lib/systemd/system/ssh.service", "[Unit]\nDescription=OpenBSD Secure Shell server\n[Install]\nWantedBy=multi-user.target\nAlias=sshd.service\n")
	r.link("/etc/systemd/system/sshd.service", "/lib/systemd/system/ssh.service")
	im := r.impact(ImpactRequest{Kind: ImpactService, Verb: "stop", Units: []string{"sshd"}})
	noItem(t, im, "session") // not over SSH
	r.env["SSH_CONNECTION"] = "10.0.0.5 51234 10.0.0.1 22"
	im = r.impact(ImpactRequest{Kind: ImpactService, Verb: "stop", Units: []string{"sshd"}})
	wantItem(t, im, "session", Exact, "you are logged in through it (over SSH from 10.0.0.5)")
	// a shell inside the unit's cgroup
	r.file("/proc/self/cgroup", "0::/system.slice/nginx.service\n")
	im = r.impact(ImpactRequest{Kind: ImpactService, Verb: "stop", Units: []string{"nginx"}})
	wantItem(t, im, "session", Exact, "your shell runs inside nginx.service")
}

func TestImpactRunnerUnknownAndPanics(t *testing.T) {
	h := newRoot(t).host()
	block := make(chan struct{})
	defer close(block)
	items := h.runProbes([][]probe{{
		{label: "files", what: "what is there", run: func(*impactRun) []ImpactItem {
			return []ImpactItem{{Label: "files", Text: "3 files", Certainty: Exact}}
		}},
		{label: "open", what: "processes using it", run: func(*impactRun) []ImpactItem { <-block; return nil }},
		{label: "mount", what: "mounts", run: func(*impactRun) []ImpactItem { panic("boom") }},
	}}, 20*time.Millisecond)
	got := RenderLines(items[0], func(s string) string { return s })
	want := "files  3 files\nopen   processes using it: unknown (not measured within 20ms)\nmount  mounts: unknown (internal error)\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestImpactLinesAndJSON(t *testing.T) {
	im := Impact{Kind: ImpactDelete, Subject: "/x", Items: []ImpactItem{{"files", "a", Exact}, {"open", "b", AtLeast}}}
	b, err := json.Marshal(im)
	if err != nil || string(b) != `{"kind":"delete","subject":"/x","items":[{"label":"files","text":"a","certainty":"exact"},{"label":"open","text":"b","certainty":"at-least"}]}` {
		t.Errorf("json %s %v", b, err)
	}
	if s := im.String(); s != "files  a\nopen   b\n" {
		t.Errorf("String %q", s)
	}
	var many []ImpactItem
	for i := range 9 {
		many = append(many, ImpactItem{Label: "x", Text: strconv.Itoa(i), Certainty: Exact})
	}
	ls := Lines([]Impact{{Items: many}}, 5)
	if len(ls) != 5 || ls[4].Text != "5 more in belay explain" {
		t.Errorf("lines %+v", ls)
	}
	if ls := Lines([]Impact{{Items: many[:5]}}, 5); len(ls) != 5 || ls[4].Text != "4" {
		t.Errorf("lines %+v", ls)
	}
}

func TestImpactFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{commas(0), "0"}, {commas(999), "999"}, {commas(1000), "1,000"}, {commas(1234567), "1,234,567"}, {commas(-1234), "-1,234"},
		{humanBytes(0), "0 bytes"}, {humanBytes(999), "999 bytes"}, {humanBytes(1500), "1.5 kB"}, {humanBytes(40e9), "40 GB"},
		{humanBytes(3_100_000_000), "3.1 GB"}, {humanBytes(1 << 62), "4.6 EB"},
		{ago(testNow, testNow.Add(-3*time.Minute)), "3 minutes ago"}, {ago(testNow, testNow.Add(-time.Second)), "1 second ago"},
		{ago(testNow, testNow.Add(-50*time.Hour)), "2 days ago"}, {ago(testNow, testNow.Add(-400*24*time.Hour)), "13 months ago"},
		{ago(testNow, testNow.Add(-800*24*time.Hour)), "2 years ago"}, {ago(testNow, testNow.Add(time.Hour)), "in the future (2026-11-30 13:00 UTC)"},
		{short(12 * time.Minute), "12m"}, {short(3*time.Hour + 2*time.Minute), "3h 2m"}, {short(50 * time.Hour), "2d 2h"},
		{relName("/var/www", "/var/www/html/a"), "html/a"}, {relName("/", "/etc/x"), "etc/x"}, {relName("/a", "/a"), "a"},
		{commonDir([]string{"/var/www/a", "/var/www/b/c"}), "/var/www"}, {commonDir([]string{"/a", "/b"}), "/"},
		{globPrefix("/var/www/*/cache"), "/var/www"}, {globPrefix("/*"), "/"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestImpactRealProcess: a process holding a file open under a temporary
// tree is named in the impact of deleting the tree on the live host;
// after it exits, it is not.
func TestImpactRealProcess(t *testing.T) {
	tree := t.TempDir()
	file := filepath.Join(tree, "sub", "held.log")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command("sleep", "60")
	child.ExtraFiles = []*os.File{f}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	defer func() {
		child.Process.Kill()
		child.Wait()
	}()
	h := New(Options{Root: "/"})
	im := h.Impact(deleteReq(tree, false), testBudget)
	want := "sleep (pid " + strconv.Itoa(child.Process.Pid) + ") has 1 file open under " + tree
	if it := item(t, im, "open"); !strings.Contains(it.Text, want) {
		t.Fatalf("open: %q lacks %q", it.Text, want)
	}
	wantItem(t, im, "files", Exact, "1 file in 2 directories")
	child.Process.Kill()
	child.Wait()
	im = New(Options{Root: "/"}).Impact(deleteReq(tree, false), testBudget)
	for _, it := range im.Items {
		if it.Label == "open" && strings.Contains(it.Text, "sleep (pid "+strconv.Itoa(child.Process.Pid)) {
			t.Errorf("after exit: %s", it.Text)
		}
	}
}

// TestImpactOnlyWhenAsked: a Host reads nothing until Impact is called,
// and Impact's reads are counted on it.
func TestImpactOnlyWhenAsked(t *testing.T) {
	r := busyWebRoot(t)
	h := r.host()
	if n := h.Reads(); n != 0 {
		t.Fatalf("New read %d files", n)
	}
	h.Impact(deleteReq("/var/www", false), testBudget)
	if h.Reads() == 0 {
		t.Error("Impact's reads are not counted")
	}
}

// TestReadDirLimited: a directory is listed up to a count or a deadline,
// and says when it stopped early.
func TestReadDirLimited(t *testing.T) {
	r := newRoot(t)
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		r.file("/d/"+n, "")
	}
	names, cut, err := readDirLimited(r.path("/d"), 3, time.Now().Add(time.Minute))
	if err != nil || !cut || len(names) != 3 {
		t.Errorf("max 3: %v %v %v", names, cut, err)
	}
	names, cut, err = readDirLimited(r.path("/d"), 100, time.Now().Add(time.Minute))
	if err != nil || cut || len(names) != 5 {
		t.Errorf("max 100: %v %v %v", names, cut, err)
	}
	if _, cut, _ := readDirLimited(r.path("/d"), 100, time.Now().Add(-time.Second)); !cut {
		t.Error("past the deadline: not cut")
	}
	// a glob stopped early says "at least"
	if ms, cut, err := r.host().globBounded("/d/*", 2, time.Now().Add(time.Minute)); err != nil || !cut || len(ms) != 2 {
		t.Errorf("glob: %v %v %v", ms, cut, err)
	}
}
