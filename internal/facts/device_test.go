package facts

import "testing"

// diskRoot is a fake host with disks sda (sda1 on /boot, sda2 swap, sda3
// a PV under dm-0 vg0-root on /), sdb and sdc (md0 members, md0 on /srv),
// sdd (idle, one partition).
func diskRoot(t *testing.T) *fakeRoot {
	r := newRoot(t)
	r.file("/proc/self/mountinfo", `22 1 0:21 / /proc rw,relatime - proc proc rw
28 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/vg0-root rw
29 28 8:1 / /boot rw,relatime shared:2 - ext4 /dev/sda1 rw
30 28 9:0 / /srv\040data rw,relatime - xfs /dev/md0 rw
`)
	r.file("/proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n/dev/sda2                               partition\t8388604\t0\t-2\n")
	r.file("/sys/block/sda/dev", "8:0\n")
	r.file("/sys/block/sda/sda1/dev", "8:1\n").file("/sys/block/sda/sda1/partition", "1\n")
	r.file("/sys/block/sda/sda2/dev", "8:2\n").file("/sys/block/sda/sda2/partition", "2\n")
	r.file("/sys/block/sda/sda3/dev", "8:3\n").file("/sys/block/sda/sda3/partition", "3\n")
	r.mkdir("/sys/block/sda/sda3/holders/dm-0")
	r.mkdir("/sys/block/sda/holders").mkdir("/sys/block/sda/queue")
	r.file("/sys/block/dm-0/dev", "253:0\n").file("/sys/block/dm-0/dm/name", "vg0-root\n")
	r.mkdir("/sys/block/dm-0/slaves/sda3")
	r.file("/sys/block/sdb/dev", "8:16\n").mkdir("/sys/block/sdb/holders/md0")
	r.file("/sys/block/sdc/dev", "8:32\n").mkdir("/sys/block/sdc/holders/md0")
	r.file("/sys/block/md0/dev", "9:0\n")
	r.file("/sys/block/sdd/dev", "8:48\n").file("/sys/block/sdd/sdd1/dev", "8:49\n").mkdir("/sys/block/sdd/holders")
	r.file("/sys/block/sde/dev", "8:64\n").mkdir("/sys/block/sde/sde1/holders/dm-1")
	r.file("/sys/block/dm-1/dev", "253:1\n").file("/sys/block/dm-1/dm/name", "vg1-scratch\n")
	return r
}

func TestDeviceBusy(t *testing.T) {
	r := diskRoot(t)
	tests := []struct {
		target string
		want   []string // nil: not busy
	}{
		{"/dev/sda1", []string{"/dev/sda1 is mounted on /boot"}},
		{"/dev/sda2", []string{"/dev/sda2 is swap"}},
		{"/dev/sda3", []string{"/dev/sda3 is a member of dm-0 (vg0-root) (/dev/dm-0 is mounted on /)"}},
		{"/dev/sda", []string{"/dev/sda1 is mounted on /boot", "/dev/sda2 is swap", "/dev/sda3 is a member of dm-0"}},
		{"/dev/sdb", []string{"/dev/sdb is a member of md0 (/dev/md0 is mounted on /srv data)"}},
		{"/dev/md0", []string{"/dev/md0 is mounted on /srv data"}},
		{"/dev/dm-0", []string{"/dev/dm-0 is mounted on /"}},
		{"/dev/mapper/vg0-root", []string{"/dev/mapper/vg0-root is mounted on /"}},
		{"/dev/sde", []string{"/dev/sde1 is a member of dm-1 (vg1-scratch)"}}, // active but unmounted LV: still busy
		{"/dev/sdd", nil},
		{"/dev/sdd1", nil},
		{"/dev/sdz", nil},
		{"/dev/mapper/nope", nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			a := r.ask(DeviceBusy, tt.target)
			if tt.want == nil {
				wantNot(t, a)
				return
			}
			wantHolds(t, a, tt.want...)
		})
	}
}

func TestDeviceBusyByMajorMinorAndSymlink(t *testing.T) {
	r := newRoot(t)
	// mounted as /dev/root, known only by major:minor
	r.file("/proc/self/mountinfo", "28 1 8:1 / / rw - ext4 /dev/root rw\n")
	r.file("/sys/class/block/sda1/dev", "8:1\n")
	r.link("/dev/disk/by-uuid/1234-abcd", "../../sda1")
	wantHolds(t, r.ask(DeviceBusy, "/dev/sda1"), "/dev/sda1 is mounted on /")
	wantHolds(t, r.ask(DeviceBusy, "/dev/disk/by-uuid/1234-abcd"), "is mounted on /")
}

func TestDeviceBusyProcMountsOnly(t *testing.T) {
	r := newRoot(t)
	r.file("/proc/mounts", "/dev/vdb1 /mnt/backup ext4 rw,relatime 0 0\n")
	wantHolds(t, r.ask(DeviceBusy, "/dev/vdb1"), "/dev/vdb1 is mounted on /mnt/backup")
	wantNot(t, r.ask(DeviceBusy, "/dev/vdb2"))
}

func TestDeviceOpenByQemu(t *testing.T) {
	r := newRoot(t)
	r.proc(500, 1, "qemu-system-x86", "qemu-system-x86_64", "-drive", "file=/dev/sdf,format=raw")
	r.file("/sys/block/sdf/dev", "8:80\n")
	wantHolds(t, r.ask(DeviceBusy, "/dev/sdf"), "/dev/sdf: disk of qemu-system-x86 (pid 500)")
}
