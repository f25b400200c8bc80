package facts

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	names := Names()
	want := []string{DeviceBusy, DpkgHalfInstalled, GuestsRunning, HostName, HostUptime, ImageInUse,
		InitCannotStart, RebootScheduled, SessionGroups, SessionRoot, SessionSSH, SessionTTY, SessionUser, SessionAgent, GuardsAgent, AccountOwn, PathExists}
	sort.Strings(want)
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("Names() = %v", names)
	}
	for _, n := range names {
		if Describe(n) == "" {
			t.Errorf("%s has no description", n)
		}
	}
	if !TakesTarget(ImageInUse) || !TakesTarget(DeviceBusy) || TakesTarget(InitCannotStart) || Describe("x") != "" {
		t.Error("TakesTarget/Describe")
	}
	if _, err := New(Options{}).Ask("no.such", ""); err == nil || err.Error() != "unknown fact no.such" {
		t.Errorf("err %v", err)
	}
}

func TestLazyAndCached(t *testing.T) {
	r := diskRoot(t)
	r.file("/etc/crontab", "15 3 * * * root /sbin/reboot\n")
	h := r.host()
	if h.Reads() != 0 {
		t.Fatalf("New read %d files", h.Reads())
	}
	mustAsk(t, h, RebootScheduled, "")
	n := h.Reads()
	if n == 0 {
		t.Fatal("no reads counted")
	}
	mustAsk(t, h, RebootScheduled, "")
	if h.Reads() != n {
		t.Errorf("cached answer read again: %d -> %d", n, h.Reads())
	}
	mustAsk(t, h, DeviceBusy, "/dev/sda1")
	m := h.Reads()
	mustAsk(t, h, DeviceBusy, "/dev/sda1")
	mustAsk(t, h, RebootScheduled, "")
	if h.Reads() != m {
		t.Errorf("cached answers read again: %d -> %d", m, h.Reads())
	}
	// the mount table is read once for all devices: a Host does not see it go
	r.rm("/proc/self/mountinfo")
	wantHolds(t, mustAsk(t, h, DeviceBusy, "/dev/md0"), "/dev/md0 is mounted on /srv data")
	wantNot(t, r.ask(DeviceBusy, "/dev/md0"))
}

func TestDpkg(t *testing.T) {
	const ok = "Package: bash\nEssential: yes\nStatus: install ok installed\nPriority: required\nArchitecture: amd64\nDescription: GNU Bourne Again SHell\n Bash is an sh-compatible command language interpreter.\n .\n More text.\n\n"
	tests := []struct {
		name   string
		status string
		want   []string // nil: does not hold
	}{
		{"all installed", ok + "Package: coreutils\nStatus: install ok installed\n", nil},
		{"half-configured", ok + "Package: linux-image-6.1.0-18-amd64\nStatus: install ok half-configured\nArchitecture: amd64\n", []string{"linux-image-6.1.0-18-amd64 (half-configured)"}},
		{"several", "Package: a\nStatus: install ok unpacked\n\nPackage: b\nStatus: install ok half-installed\n\r\nPackage: c\nStatus: install reinstreq half-installed\n\nPackage: d\nStatus: install ok triggers-pending\n",
			[]string{"a (unpacked), b (half-installed), c (reinst-required), d (triggers-pending)"}},
		{"removed and config-files are fine", "Package: a\nStatus: deinstall ok config-files\n\nPackage: b\nStatus: purge ok not-installed\n", nil},
		{"malformed paragraphs skipped", "garbage\nStatus: install ok\n\nPackage: x\nStatus: install ok half-configured\n", []string{"x (half-configured)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRoot(t)
			r.file(dpkgStatusFile, tt.status)
			a := r.ask(DpkgHalfInstalled, "")
			if tt.want == nil {
				wantNot(t, a)
			} else {
				wantHolds(t, a, tt.want...)
			}
		})
	}
	r := newRoot(t)
	wantNot(t, r.ask(DpkgHalfInstalled, "")) // not a dpkg system
	r.file(dpkgStatusFile, ok)
	r.file(dpkgUpdatesDir+"/0003", "Package: x\n")
	wantHolds(t, r.ask(DpkgHalfInstalled, ""), "dpkg was interrupted")
}

func TestDpkgUnreadable(t *testing.T) {
	r := newRoot(t)
	r.mkdir(dpkgStatusFile) // reading a directory fails
	if _, err := r.host().Ask(DpkgHalfInstalled, ""); err == nil || !strings.Contains(err.Error(), dpkgStatusFile) {
		t.Errorf("err %v", err)
	}
}

func TestGuestsRunning(t *testing.T) {
	r := newRoot(t)
	wantNot(t, r.ask(GuestsRunning, ""))
	r.proc(100, 1, "qemu-system-x86", "/usr/bin/qemu-system-x86_64", "-name", "guest=web,debug-threads=on", "-m", "1G")
	r.proc(101, 1, "qemu-db", "/usr/bin/kvm", "-name", "db,process=qemu-db")
	r.proc(102, 1, "kvm-pit/100", "") // a kernel thread
	r.proc(103, 1, "bash", "bash", "-c", "qemu-system-x86_64 -name nope")
	r.file("/run/libvirt/qemu/monitoring.xml", "<domstatus pid='300'><domain><name>monitoring</name></domain></domstatus>")
	r.file("/run/libvirt/qemu/monitoring.pid", "300")
	r.proc(300, 1, "qemu-system-x86", "qemu-system-x86_64", "-name", "guest=monitoring")
	r.mkdir("/run/libvirt/qemu/channel")
	a := r.ask(GuestsRunning, "")
	wantHolds(t, a)
	if a.Detail != "monitoring, web, db" {
		t.Errorf("detail %q", a.Detail)
	}
	// xen: domains from libxl's userdata, only when xen runs
	r.file("/var/lib/xen/userdata-d.3.6d5a8c07-4b1b-4c4e-9b1a-6c0b5a2a9d10.xl", `{"c_info": {"type": "pv", "name": "mail"}}`)
	r.file("/var/lib/xen/userdata-d.4.6d5a8c07-4b1b-4c4e-9b1a-6c0b5a2a9d11.xl", "name = 'dns'\nmemory = 512\n")
	if strings.Contains(r.ask(GuestsRunning, "").Detail, "mail") {
		t.Error("xen domain counted without xen running")
	}
	r.mkdir("/run/xen")
	wantHolds(t, r.ask(GuestsRunning, ""), "monitoring, web, db, mail, dns")
}

func TestSession(t *testing.T) {
	r := newRoot(t)
	r.env["SSH_CONNECTION"] = "10.0.0.5 53422 10.0.0.1 22"
	wantHolds(t, r.ask(SessionSSH, ""), "over SSH from 10.0.0.5")
	delete(r.env, "SSH_CONNECTION")
	r.env["SSH_TTY"] = "/dev/pts/3"
	wantHolds(t, r.ask(SessionSSH, ""), "SSH_TTY=/dev/pts/3")
	delete(r.env, "SSH_TTY")

	// process tree: self (belay) <- bash <- sudo <- bash <- sshd <- sshd <- init
	r.proc(900, 800, "belay", "belay", "check")
	r.link("/proc/self", "900")
	r.proc(800, 700, "bash", "-bash")
	r.proc(700, 600, "sudo", "sudo", "-i")
	r.proc(600, 500, "bash", "-bash")
	r.proc(500, 400, "sshd", "sshd: ops@pts/0")
	r.proc(400, 1, "sshd", "/usr/sbin/sshd", "-D")
	r.proc(1, 0, "systemd", "/sbin/init")
	wantHolds(t, r.ask(SessionSSH, ""), "sshd ancestor (pid 500)")

	r.proc(500, 1, "login", "/bin/login", "--") // a console login
	wantNot(t, r.ask(SessionSSH, ""))

	r.proc(500, 800, "tmux: server", "tmux") // a loop in a broken /proc
	wantNot(t, r.ask(SessionSSH, ""))

	r.proc(500, 1, "mosh-server", "mosh-server", "new")
	wantHolds(t, r.ask(SessionSSH, ""), "mosh-server ancestor (pid 500)")

	a := r.ask(SessionRoot, "")
	if a.Holds != (os.Geteuid() == 0) {
		t.Errorf("session.root %+v", a)
	}

	wantNot(t, r.ask(HostName, ""))
	r.file("/etc/hostname", "# name\nweb1\n")
	if a := r.ask(HostName, ""); !a.Holds || a.Detail != "web1" {
		t.Errorf("host.name %+v", a)
	}
	wantNot(t, r.ask(HostUptime, ""))
	r.file("/proc/uptime", "273930.50 1000.00\n")
	if a := r.ask(HostUptime, ""); !a.Holds || a.Detail != "up 3d 4h 5m" {
		t.Errorf("host.uptime %+v", a)
	}
	r.file("/proc/uptime", "NaN 0\n")
	wantNot(t, r.ask(HostUptime, ""))
}

func TestReport(t *testing.T) {
	r := diskRoot(t)
	r.file("/etc/hostname", "hv1\n").file("/proc/uptime", "100000 1\n")
	r.link("/sbin/init", "/lib/systemd/systemd") // missing
	r.file("/etc/crontab", "15 3 * * * root /sbin/reboot\n61 * * * * root x\n")
	r.file(dpkgStatusFile, "Package: systemd\nStatus: install ok half-configured\nArchitecture: amd64\n")
	r.file("/sys/block/loop0/loop/backing_file", "/srv/xen/web.img\n")
	r.proc(100, 1, "qemu-system-x86", "qemu-system-x86_64", "-name", "guest=web", "-drive", "file=/var/lib/libvirt/images/web.qcow2")
	h := r.host()
	rep := h.Report()
	if rep.Init.CanStart || len(rep.Reboots) != 1 || len(rep.HalfInstalled) != 1 || len(rep.Guests) != 1 ||
		len(rep.Images) != 2 || len(rep.Devices) == 0 || rep.Session.Hostname != "hv1" {
		t.Errorf("report %+v", rep)
	}
	var buf bytes.Buffer
	rep.WriteText(&buf)
	out := buf.String()
	for _, w := range []string{
		"host      hv1, up 1d 3h 46m",
		"init      CANNOT START: /sbin/init -> /lib/systemd/systemd: no such file",
		"reboots   /etc/crontab:1: 15 3 * * * root /sbin/reboot (next 2026-12-01 03:15 UTC)",
		"guests    web (qemu, pid 100)",
		"/srv/xen/web.img: backing file of /dev/loop0",
		"/dev/sda1 is mounted on /boot",
		"/dev/sdb is a member of md0",
		"dpkg      systemd:amd64 (half-configured)",
		"problems  /etc/crontab:2: bad schedule",
		"verdict   NOT safe to reboot: init cannot start; 1 package not fully installed; also 1 guest will go down; 1 scheduled reboot pending",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("text lacks %q:\n%s", w, out)
		}
	}
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`"scheduled_reboots":[{"kind":"cron","source":"/etc/crontab","line":1`, `"next":"2026-12-01T03:15:00Z"`, `"can_start":false`} {
		if !bytes.Contains(js, []byte(w)) {
			t.Errorf("json lacks %s: %s", w, js)
		}
	}

	// an empty host: nothing stops a reboot except that it has no init
	buf.Reset()
	New(Options{Root: t.TempDir()}).Report().WriteText(&buf)
	if !strings.Contains(buf.String(), "none scheduled") || !strings.Contains(buf.String(), "NOT safe to reboot: init cannot start\n") {
		t.Errorf("empty report:\n%s", buf.String())
	}
}

func TestReportRealHost(t *testing.T) {
	var buf bytes.Buffer
	rep := New(Options{Root: "/"}).Report()
	rep.WriteText(&buf)
	if !strings.Contains(buf.String(), "verdict") {
		t.Errorf("report:\n%s", buf.String())
	}
	t.Logf("\n%s", buf.String())
}

// A short batch from getdents is the end of a directory only on the real
// /proc and /sys; a fake root's /proc is an ordinary directory, which may
// come back in several short batches, and is read to the end (a missing
// batch was a flaky count of open files in the impact tests).
func TestPseudoOnlyOnRealHost(t *testing.T) {
	fake := New(Options{Root: t.TempDir()})
	real := New(Options{Root: "/"})
	for _, name := range []string{"/proc/1/fd", "/sys/block", "/proc/self/mountinfo"} {
		if fake.pseudoFS(name) {
			t.Errorf("fake root: %s taken as a pseudo filesystem", name)
		}
		if !real.pseudoFS(name) {
			t.Errorf("real host: %s not taken as a pseudo filesystem", name)
		}
	}
	if real.pseudoFS("/etc/passwd") || real.pseudoFS("/process") {
		t.Error("real host: an ordinary path taken as a pseudo filesystem")
	}
}

func TestPathExists(t *testing.T) {
	r := newRoot(t)
	r.file("/var/lib/libvirt/images/web01.qcow2", "QFI")
	r.link("/var/lib/libvirt/images/gone.qcow2", "/nowhere")
	r.file("/var/lib/libvirt/notadir", "x")
	h := r.host()
	for _, tt := range []struct {
		target string
		holds  bool
	}{
		{"/var/lib/libvirt/images/web01.qcow2", true},
		{"/var/lib/libvirt/images/gone.qcow2", true}, // a dangling link is there
		{"/var/lib/libvirt/images", true},
		{"/var/lib/libvirt/images/new-vm.qcow2", false},
		{"/srv/nothing/here.img", false},
	} {
		if a := mustAsk(t, h, PathExists, tt.target); a.Holds != tt.holds {
			t.Errorf("%s: holds %v, want %v (%s)", tt.target, a.Holds, tt.holds, a.Detail)
		}
	}
	// A pattern, or a path through a file, cannot be told.
	for _, target := range []string{"/var/lib/libvirt/images/*.qcow2", "/var/lib/libvirt/notadir/x.img"} {
		if a, err := h.Ask(PathExists, target); err == nil {
			t.Errorf("%s: %+v, want an error", target, a)
		}
	}
}
