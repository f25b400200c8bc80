package facts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	webImage = "/var/lib/libvirt/images/web.qcow2"
	dbImage  = "/var/lib/libvirt/images/db.qcow2"
)

// qemuRoot is a fake host with a qemu process that has web.qcow2 open.
func qemuRoot(t *testing.T, argv ...string) *fakeRoot {
	r := newRoot(t)
	r.file(webImage, "QFI\xfb").file(dbImage, "QFI\xfb")
	r.proc(4242, 1, "qemu-system-x86", argv...)
	r.link("/proc/4242/fd/0", "/dev/null")
	r.link("/proc/4242/fd/3", webImage)
	r.link("/proc/4242/fd/4", "socket:[12345]")
	r.proc(77, 1, "bash", "-bash")
	r.link("/proc/77/fd/1", "/dev/pts/0")
	return r
}

func TestImageOpenByQemu(t *testing.T) {
	r := qemuRoot(t, "/usr/bin/qemu-system-x86_64", "-name", "guest=web,debug-threads=on", "-m", "2048")
	wantHolds(t, r.ask(ImageInUse, webImage), "open by qemu-system-x86 (pid 4242)")
	wantNot(t, r.ask(ImageInUse, dbImage))
	// the same image named through a symlink in the root
	r.link("/images", "/var/lib/libvirt/images")
	wantHolds(t, r.ask(ImageInUse, "/images/web.qcow2"), "open by qemu-system-x86 (pid 4242)")
	wantHolds(t, r.ask(ImageInUse, "/var/lib/libvirt/images/../images/web.qcow2"), "open by")
}

func TestImageOnQemuCommandLine(t *testing.T) {
	tests := []struct {
		name string
		argv []string
	}{
		{"-drive", []string{"qemu-system-x86_64", "-drive", "file=" + webImage + ",if=virtio,format=qcow2"}},
		{"--drive", []string{"qemu-system-x86_64", "--drive", "if=virtio,file=" + webImage}},
		{"-hda", []string{"kvm", "-hda", webImage}},
		{"-cdrom", []string{"qemu-kvm", "-cdrom", webImage}},
		{"-blockdev keyval", []string{"qemu-system-aarch64", "-blockdev", "driver=file,node-name=f0,filename=" + webImage}},
		{"-blockdev json", []string{"qemu-system-x86_64", "-blockdev",
			`{"driver":"qcow2","file":{"driver":"file","filename":"` + webImage + `"},"node-name":"d0"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := qemuRoot(t, tt.argv...)
			r.rm("/proc/4242/fd/3") // only the command line names it
			wantHolds(t, r.ask(ImageInUse, webImage), "disk of qemu-system-x86 (pid 4242)")
			wantNot(t, r.ask(ImageInUse, dbImage))
		})
	}
}

func TestImageLoopBackingFile(t *testing.T) {
	r := newRoot(t)
	r.file("/srv/xen/web.img", "").file("/srv/xen/db.img", "")
	r.file("/sys/block/loop0/loop/backing_file", "/srv/xen/web.img\n")
	r.mkdir("/sys/block/loop1") // not attached
	r.mkdir("/sys/block/sda")
	wantHolds(t, r.ask(ImageInUse, "/srv/xen/web.img"), "/srv/xen/web.img: backing file of /dev/loop0")
	wantNot(t, r.ask(ImageInUse, "/srv/xen/db.img"))
}

func TestImageLibvirtDomain(t *testing.T) {
	r := newRoot(t)
	r.file("/run/libvirt/qemu/web.xml", `<?xml version="1.0"?>
<domstatus state='running' reason='booted' pid='4242'>
  <domain type='kvm' id='1'>
    <name>web</name>
    <uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source file='/var/lib/libvirt/images/web.qcow2' index='2'/>
        <backingStore type='file' index='3'>
          <source file='/var/lib/libvirt/images/base.qcow2'/>
        </backingStore>
        <target dev='vda' bus='virtio'/>
      </disk>
      <disk type='block' device='disk'>
        <source dev='/dev/vg0/web-data'/>
      </disk>
      <interface type='network'><source network='default'/></interface>
    </devices>
  </domain>
</domstatus>
`)
	r.file("/run/libvirt/qemu/web.pid", "4242")
	wantHolds(t, r.ask(ImageInUse, webImage), "disk of running libvirt domain web")
	wantHolds(t, r.ask(ImageInUse, "/var/lib/libvirt/images/base.qcow2"), "disk of running libvirt domain web")
	wantNot(t, r.ask(ImageInUse, dbImage))
	wantHolds(t, r.ask(DeviceBusy, "/dev/vg0/web-data"), "disk of running libvirt domain web")
}

func TestImageSwapFile(t *testing.T) {
	r := newRoot(t)
	r.file("/proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swap\\040file\tfile\t\t1048572\t\t0\t\t-2\n")
	wantHolds(t, r.ask(ImageInUse, "/swap file"), "in use as swap")
	wantNot(t, r.ask(ImageInUse, "/swapfile"))
}

func TestImageTargetErrors(t *testing.T) {
	h := newRoot(t).host()
	if _, err := h.Ask(ImageInUse, ""); err == nil {
		t.Error("no error for a missing target")
	}
	if _, err := h.Ask(ImageInUse, "web.img"); err == nil {
		t.Error("no error for a relative target")
	}
	if _, err := h.Ask("image.in.use", "/x"); err == nil || err.Error() != "unknown fact image.in.use" {
		t.Errorf("err %v", err)
	}
}

// TestImageRealProcess holds a temporary file open in a real child process
// and asks the live host (root "/") about it.
func TestImageRealProcess(t *testing.T) {
	file := filepath.Join(t.TempDir(), "disk.img")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sleep", "30")
	cmd.ExtraFiles = []*os.File{f}
	if err := cmd.Start(); err != nil {
		t.Skip("cannot start sleep:", err)
	}
	f.Close() // only the child holds it now
	pid := cmd.Process.Pid
	done := false
	defer func() {
		if !done {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	// wait until the child has exec'd sleep (its comm changes from the test binary's)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm"); err == nil && strings.TrimSpace(string(b)) == "sleep" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	a, err := New(Options{Root: "/"}).Ask(ImageInUse, file)
	if err != nil {
		t.Fatal(err)
	}
	wantHolds(t, a, "open by sleep (pid "+strconv.Itoa(pid)+")")

	cmd.Process.Kill()
	cmd.Wait()
	done = true
	a, err = New(Options{Root: "/"}).Ask(ImageInUse, file)
	if err != nil {
		t.Fatal(err)
	}
	wantNot(t, a)
}

func TestImageInUseUnderDirectory(t *testing.T) {
	r := qemuRoot(t, "/usr/bin/qemu-system-x86_64", "-m", "2048")
	r.file("/srv/xen/web.img", "").mkdir("/srv/other")
	r.file("/sys/block/loop0/loop/backing_file", "/srv/xen/web.img\n")
	wantHolds(t, r.ask(ImageInUse, "/var/lib/libvirt/images"),
		"/var/lib/libvirt/images: contains /var/lib/libvirt/images/web.qcow2, open by qemu-system-x86 (pid 4242)")
	wantHolds(t, r.ask(ImageInUse, "/var/lib/libvirt"), "contains /var/lib/libvirt/images/web.qcow2")
	wantHolds(t, r.ask(ImageInUse, "/srv"), "/srv: contains /srv/xen/web.img, backing file of /dev/loop0")
	wantNot(t, r.ask(ImageInUse, "/srv/other"))
	wantNot(t, r.ask(ImageInUse, "/var/lib/libvirt/images-old")) // a prefix, not a parent
	// a file is compared exactly, never as a prefix
	r.file("/var/lib/libvirt/images/web.qcow2.bak", "")
	r.link("/proc/4242/fd/5", "/var/lib/libvirt/images/web.qcow2.bak/x")
	wantNot(t, r.ask(ImageInUse, "/var/lib/libvirt/images/web.qcow2.bak"))
}
