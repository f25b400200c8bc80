package facts

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/crontab"
)

func TestParseCrontab(t *testing.T) {
	type job struct {
		line        int
		spec, user  string
		command, tz string
	}
	tests := []struct {
		name   string
		in     string
		system bool
		jobs   []job
		errs   []int // lines reported
	}{
		{"system", "15 3 * * * root /sbin/reboot\n", true, []job{{1, "15 3 * * *", "root", "/sbin/reboot", ""}}, nil},
		{"user", "15 3 * * * /sbin/reboot\n", false, []job{{1, "15 3 * * *", "", "/sbin/reboot", ""}}, nil},
		{"tabs and CRLF", "15\t3 *  *\t* root\t/sbin/reboot now\r\n", true, []job{{1, "15 3 * * *", "root", "/sbin/reboot now", ""}}, nil},
		{"comments, env, blanks", "# x\n\n   \nMAILTO=\"\"\nA = b\n'Q'=1\n  # indented comment\n", true, nil, nil},
		{"descriptors", "@daily root a\n@HOURLY root b\n@reboot root c\n@every 1h root d\n@annually e f\n", true,
			[]job{{1, "@daily", "root", "a", ""}, {5, "@annually", "e", "f", ""}}, []int{2, 4}},
		{"names and steps", "*/15 9-17 1,15 jan-jun mon-fri u c\n", true, []job{{1, "*/15 9-17 1,15 jan-jun mon-fri", "u", "c", ""}}, nil},
		{"sunday as 7", "0 0 * * 7 c\n0 0 * * 5-7 c\n", false, []job{{1, "0 0 * * 0", "", "c", ""}, {2, "0 0 * * 5-6,0", "", "c", ""}}, nil},
		{"percent", `0 0 * * * u printf 'a\%b' % stdin`, true, []job{{1, "0 0 * * *", "u", `printf 'a%b'`, ""}}, nil},
		{"CRON_TZ applies to later lines", "0 0 * * * a\nCRON_TZ=UTC\n0 1 * * * b\n", false,
			[]job{{1, "0 0 * * *", "", "a", ""}, {3, "0 1 * * *", "", "b", "UTC"}}, nil},
		{"bad", "61 * * * * u c\n* * * *\n* * * * * u\n0 0 32 * * u c\n1-2-3 * * * * u c\n*/0 * * * * u c\nfoo bar baz qux quux u c\n", true,
			nil, []int{1, 2, 3, 4, 5, 6, 7}},
		{"cronie's no-log dash", "-1 * * * * u c\n", true, []job{{1, "1 * * * *", "u", "c", ""}}, nil},
		{"percent only", "0 0 * * * %\n", false, nil, []int{1}},
		{"long line", "0 0 * * * " + strings.Repeat("x", crontab.MaxLine), false, nil, []int{1}},
		{"binary junk", "\x00\xff\xfe * * * * u c\n", true, nil, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := parseCrontab([]byte(tt.in), tt.system)
			var jobs []job
			for _, g := range got {
				jobs = append(jobs, job{g.Line, g.Spec, g.User, g.Command, g.TZ})
				if g.Sched == nil {
					t.Errorf("line %d: no schedule", g.Line)
				}
			}
			if !reflect.DeepEqual(jobs, tt.jobs) {
				t.Errorf("jobs\n got %+v\nwant %+v", jobs, tt.jobs)
			}
			var lines []int
			for _, e := range errs {
				lines = append(lines, e.Line)
				if e.Msg == "" {
					t.Errorf("line %d: empty message", e.Line)
				}
			}
			if !reflect.DeepEqual(lines, tt.errs) {
				t.Errorf("error lines %v, want %v (%v)", lines, tt.errs, errs)
			}
		})
	}
}

func TestCronNextRun(t *testing.T) {
	s, err := cronSchedule("15 3 * * *", "")
	if err != nil {
		t.Fatal(err)
	}
	if n := nextRun(s, testNow, time.UTC); n == nil || !n.Equal(time.Date(2026, 12, 1, 3, 15, 0, 0, time.UTC)) {
		t.Errorf("next %v", n)
	}
	s, _ = cronSchedule("0 0 30 2 *", "")
	if n := nextRun(s, testNow, time.UTC); n != nil {
		t.Errorf("Feb 30 runs at %v", n)
	}
	if _, err := cronSchedule("0 0 * * *", "No/Such_Zone"); err != nil {
		t.Errorf("a bad CRON_TZ should fall back, got %v", err)
	}
}

func TestKernelInit(t *testing.T) {
	tests := []struct {
		in    string
		init  string
		found bool
	}{
		{"BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet", "", false},
		{"ro init=/bin/bash quiet", "/bin/bash", true},
		{"init=/a init=/b", "/b", true},
		{"ro -- init=/bin/bash", "", false},
		{`init="/opt/my init" ro`, "/opt/my init", true},
		{`"init=/x y" ro`, "/x y", true},
		{"rdinit=/init", "", false},
		{"init=", "", true},
		{"=init=/x", "", false},
		{`"`, "", false},
		{`init="unterminated`, "unterminated", true},
		{"\x00\xff init=\t/x", "", true},
		{"", "", false},
	}
	for _, tt := range tests {
		init, found := kernelInit(tt.in)
		if init != tt.init || found != tt.found {
			t.Errorf("kernelInit(%q) = %q, %v; want %q, %v", tt.in, init, found, tt.init, tt.found)
		}
	}
}

func TestParseMountinfo(t *testing.T) {
	in := `36 35 98:0 /mnt1 /mnt/parent\040dir rw,noatime master:1 - ext3 /dev/root rw,errors=continue
37 36 8:1 / /boot rw shared:2 shared:3 - vfat /dev/sda1 rw
garbage
38 36 8:2 / /x rw - ext4
39 36 nomajmin / /y rw - ext4 /dev/sdb rw
40 36 0:50 / /z rw - tmpfs tmpfs rw
41 36 8:3 / /a\134b rw - - /dev/sdc rw
1 2 3 4 5 -
`
	got, errs := parseMountinfo([]byte(in))
	want := []mountEntry{
		{"98:0", "/dev/root", "/mnt/parent dir", "ext3"},
		{"8:1", "/dev/sda1", "/boot", "vfat"},
		{"0:50", "tmpfs", "/z", "tmpfs"},
		{"8:3", "/dev/sdc", `/a\b`, "-"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	var lines []int
	for _, e := range errs {
		lines = append(lines, e.Line)
	}
	if !reflect.DeepEqual(lines, []int{3, 4, 5, 8}) {
		t.Errorf("errors %v", errs)
	}
}

func TestParseProcMounts(t *testing.T) {
	got, errs := parseProcMounts([]byte("/dev/sda1 /boot vfat rw 0 0\n# c\nbad line\n/dev/x\\040y /m\\011n ext4 rw 0 0\n\n"))
	want := []mountEntry{{"", "/dev/sda1", "/boot", "vfat"}, {"", "/dev/x y", "/m\tn", "ext4"}}
	if !reflect.DeepEqual(got, want) || len(errs) != 1 || errs[0].Line != 3 {
		t.Errorf("got %+v, %v", got, errs)
	}
}

func TestUnescapeOctal(t *testing.T) {
	for in, want := range map[string]string{
		`a\040b`: "a b", `\011\012\134`: "\t\n\\", `\`: `\`, `\04`: `\04`, `\400`: `\400`, `\08a`: `\08a`, `x\0401`: "x 1", "": "",
	} {
		if got := unescapeOctal(in); got != want {
			t.Errorf("unescapeOctal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseSwaps(t *testing.T) {
	in := "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/sda2 partition 8388604 0 -2\n/swap\\040file file 1 0 -3\nlonely\n\n"
	got, errs := parseSwaps([]byte(in))
	want := []swapEntry{{"/dev/sda2", "partition"}, {"/swap file", "file"}}
	if !reflect.DeepEqual(got, want) || len(errs) != 1 || errs[0].Line != 4 {
		t.Errorf("got %+v %v", got, errs)
	}
	if got, errs := parseSwaps(nil); got != nil || errs != nil {
		t.Error("empty input")
	}
}

func TestParseProcStat(t *testing.T) {
	tests := []struct {
		in   string
		want procStat
		ok   bool
	}{
		{"1234 (bash) S 1000 1234 1234 34816", procStat{1234, "bash", 'S', 1000}, true},
		{"42 (tmux: server) S 1 42", procStat{42, "tmux: server", 'S', 1}, true},
		{"7 (a) b) c) R 3 7", procStat{7, "a) b) c", 'R', 3}, true},
		{"7 () Z 0", procStat{7, "", 'Z', 0}, true},
		{"", procStat{}, false},
		{"7 bash S 1", procStat{}, false},
		{"x (bash) S 1", procStat{}, false},
		{"-7 (bash) S 1", procStat{}, false},
		{"7 (bash) S", procStat{}, false},
		{"7 (bash) SS 1", procStat{}, false},
		{"7 (bash) S -1", procStat{}, false},
		{"7 (bash) S 99999999999999999999999", procStat{}, false},
		{")7 (", procStat{}, false},
	}
	for _, tt := range tests {
		got, err := parseProcStat([]byte(tt.in))
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseProcStat(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

func TestParseProcCmdline(t *testing.T) {
	for in, want := range map[string][]string{
		"":                 nil,
		"\x00\x00":         nil,
		"sleep\x0030\x00":  {"sleep", "30"},
		"a\x00\x00b":       {"a", "", "b"},
		"sshd: ops@pts/0":  {"sshd: ops@pts/0"},
		"no-trailing\x00x": {"no-trailing", "x"},
	} {
		if got := parseProcCmdline([]byte(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("parseProcCmdline(%q) = %q", in, got)
		}
	}
}

func TestParseDpkgStatusErrors(t *testing.T) {
	in := "Package: a\nStatus: install ok\n\nStatus: install ok half-configured\n\nnonsense line\nPackage: b\nStatus: hold reinstreq installed\n\n \n\tPackage: c\n"
	got, errs := parseDpkgStatus([]byte(in))
	if len(got) != 1 || got[0] != (Package{Name: "b", Status: "reinst-required", Line: 6}) {
		t.Errorf("got %+v", got)
	}
	var lines []string
	for _, e := range errs {
		lines = append(lines, fmt.Sprint(e.Line))
	}
	if strings.Join(lines, ",") != "2,4,6,11" {
		t.Errorf("errors %+v", errs)
	}
}

func TestParseAtJob(t *testing.T) {
	got := parseAtJob([]byte(atScript("echo hi\n/sbin/reboot")))
	want := []atCmd{{12, "echo hi"}, {13, "/sbin/reboot"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("heredoc job: %+v", got)
	}
	got = parseAtJob([]byte("#!/bin/sh\numask 22\nA=b; export A\nreboot\n"))
	if !reflect.DeepEqual(got, []atCmd{{4, "reboot"}}) {
		t.Errorf("old job: %+v", got)
	}
	for _, bad := range []string{"", "\n\n", "<< marcinDELIMITER", "x << 'marcinDELIMITERabc'\nreboot\n", "}\n}\n", "\x00\xff"} {
		parseAtJob([]byte(bad)) // must not panic
	}
	if got := parseAtJob([]byte("x << 'marcinDELIMITERabc'\nreboot\n")); len(got) != 1 || got[0].Text != "reboot" {
		t.Errorf("unterminated heredoc: %+v", got)
	}

	tm, ok := atJobTime("a0000101c8c543")
	if !ok || !tm.Equal(time.Date(2026, 12, 1, 3, 15, 0, 0, time.UTC)) {
		t.Errorf("atJobTime = %v %v", tm, ok)
	}
	for _, bad := range []string{"", ".SEQ", "a00001", "a0000101c8c54", "a0000101c8c543x", "a00001zzzzzzzz", "aXXXXX01c8c543"} {
		if _, ok := atJobTime(bad); ok {
			t.Errorf("atJobTime(%q) ok", bad)
		}
	}
}

func TestParseShutdownScheduled(t *testing.T) {
	st, errs := parseShutdownScheduled([]byte("USEC=1796008500000000\nWARN_WALL=1\nMODE=reboot\nWALL_MESSAGE=bye=now\n"))
	if st.Mode != "reboot" || !st.HasWhen || st.When.UTC() != time.Date(2026, 11, 30, 3, 15, 0, 0, time.UTC) || errs != nil {
		t.Errorf("got %+v %v", st, errs)
	}
	st, errs = parseShutdownScheduled([]byte("USEC=abc\nUSEC=99999999999999999999\njunk\n"))
	if st.Mode != "poweroff" || st.HasWhen || len(errs) != 3 {
		t.Errorf("got %+v %v", st, errs)
	}
}

func TestParseLibvirtXML(t *testing.T) {
	d, err := parseLibvirtXML([]byte(`<domstatus pid='42'><domain><name> web </name><devices>
<disk><source file='/a.qcow2'/><backingStore><source file='/b.qcow2'/></backingStore></disk>
<disk type='block'><source dev='/dev/sdb'/></disk>
<disk type='network'><source protocol='rbd' name='pool/img'/></disk>
<filesystem><source dir='/srv'/></filesystem>
</devices><metadata><name>not-it</name></metadata></domain></domstatus>`))
	if err != nil || d.Name != "web" || d.PID != 42 || !reflect.DeepEqual(d.Disks, []string{"/a.qcow2", "/b.qcow2", "/dev/sdb"}) {
		t.Errorf("got %+v %v", d, err)
	}
	for _, bad := range []string{"", "not xml", "<domain><name>x</name>", "<domain><name>x</nam></domain>",
		"<a>" + strings.Repeat("<b>", 300), "<domain><disk><source file='/x'/>\n\n<broken"} {
		_, err := parseLibvirtXML([]byte(bad))
		if bad != "" && bad != "not xml" && err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
	if _, err := parseLibvirtXML([]byte("<domain>\n<name>x</name>\n<oops></domain>")); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("error should name the line: %v", err)
	}
}

func TestParseQemuArgs(t *testing.T) {
	tests := []struct {
		argv  []string
		name  string
		disks []string
	}{
		{[]string{"qemu-system-x86_64", "-name", "guest=web,debug-threads=on", "-drive", "file=/a.img,if=virtio"}, "web", []string{"/a.img"}},
		{[]string{"kvm", "-name", "db", "-hda", "/b.img", "-cdrom", "/c.iso"}, "db", []string{"/b.img", "/c.iso"}},
		{[]string{"kvm", "-name", "x,process=y", "-drive", "file=/we,,ird.img,format=raw"}, "x", []string{"/we,ird.img"}},
		{[]string{"kvm", "-drive", "file=nbd:localhost:10809", "-drive", "file=rel.img", "-drive", "file.filename=/n.img"}, "", []string{"rel.img", "/n.img"}},
		{[]string{"kvm", "-blockdev", `{"driver":"file","filename":"/j.img"}`, "-blockdev", `{bad json`}, "", []string{"/j.img"}},
		{[]string{"kvm", "-name"}, "", nil},
		{[]string{"kvm", "-drive"}, "", nil},
		{[]string{}, "", nil},
		{[]string{"kvm", "-pflash", "/vars.fd", "--hda", "/x/../y.img"}, "", []string{"/vars.fd", "/y.img"}},
	}
	for _, tt := range tests {
		name, disks := parseQemuArgs(tt.argv)
		if name != tt.name || !reflect.DeepEqual(disks, tt.disks) {
			t.Errorf("parseQemuArgs(%q) = %q, %q", tt.argv, name, disks)
		}
	}
}

func TestParseLdSoConf(t *testing.T) {
	dirs, incs := parseLdSoConf([]byte("# c\ninclude /etc/ld.so.conf.d/*.conf other/*.conf\n/usr/local/lib\n/a:/b,/c /d # x\nhwcap 0 nosegneg\nrelative/dir\n/old=libc5\n\r\n"))
	if !reflect.DeepEqual(dirs, []string{"/usr/local/lib", "/a", "/b", "/c", "/d", "/old"}) ||
		!reflect.DeepEqual(incs, []string{"/etc/ld.so.conf.d/*.conf", "other/*.conf"}) {
		t.Errorf("got %q %q", dirs, incs)
	}
}

func TestParseXlUserdata(t *testing.T) {
	for in, want := range map[string]string{
		`{"c_info":{"name":"web"}}`: "web",
		"name = \"db\"\n":           "db",
		"  name='x'":                "x",
		"{}":                        "",
		"":                          "",
		"name = unquoted":           "",
	} {
		if got := parseXlUserdata([]byte(in)); got != want {
			t.Errorf("parseXlUserdata(%q) = %q", in, got)
		}
	}
}

func TestParseUptime(t *testing.T) {
	for in, want := range map[string]float64{"350735.47 234388.90\n": 350735.47, "0 0": 0, "12": 12} {
		if got, err := parseUptime([]byte(in)); err != nil || got != want {
			t.Errorf("parseUptime(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "x", "-1", "NaN", "Inf", "1e300"} {
		if _, err := parseUptime([]byte(bad)); err == nil {
			t.Errorf("parseUptime(%q) ok", bad)
		}
	}
}

func TestRebootLine(t *testing.T) {
	yes := []string{
		"reboot", "/sbin/reboot", "/sbin/reboot -f", "shutdown -r now", "/usr/sbin/shutdown -h +5", "shutdown now",
		"poweroff", "halt -p", "systemctl reboot", "systemctl --force --force poweroff", "/bin/systemctl -i kexec",
		"systemctl start reboot.target", "init 6", "telinit 0", "sudo reboot", "sudo -u root /sbin/shutdown -r now",
		"env -i PATH=/sbin reboot", "nohup reboot &", "timeout 10 reboot", "cd / && reboot", "apt-get -y upgrade; reboot",
		"test -f /run/reboot-required && /sbin/reboot", "bash -c 'sleep 5; reboot'", "sh -lc \"shutdown -r now\"",
		"su -c reboot root", "FOO=1 reboot", "echo b > /proc/sysrq-trigger", "(sleep 60; poweroff)", "x | reboot",
		"reboot >/dev/null 2>&1", "kexec -e", "exec /sbin/halt", "nice -n 5 ionice -c 3 reboot", "`reboot`", "$(poweroff)",
		"flock /tmp/l reboot", "r\\eboot", "'reboot'",
	}
	no := []string{
		"", "echo reboot", "logger 'rebooting soon'", "shutdown -c", "shutdown -k now", "reboot --help", "reboot -w",
		"systemctl status reboot.target", "systemctl restart nginx", "systemctl -H other reboot", "init 3", "telinit q",
		"kexec -l /boot/vmlinuz", "ssh other reboot", "grep reboot /var/log/syslog", "# reboot", "rebooter",
		"/usr/local/bin/reboot-check", "echo h > /proc/sysrq-trigger", "cat /etc/reboot", "bash -c 'echo reboot'",
		"sudo", "env", "timeout 10", "sh -c", "OLDPWD=/root/reboot; export OLDPWD", "echo \"unterminated reboot",
		strings.Repeat("sh -c '", 10) + "reboot",
	}
	for _, c := range yes {
		if !rebootLine(c) {
			t.Errorf("rebootLine(%q) = false", c)
		}
	}
	for _, c := range no {
		if rebootLine(c) {
			t.Errorf("rebootLine(%q) = true", c)
		}
	}
}

func TestInspectELF(t *testing.T) {
	b, err := os.ReadFile("/bin/true")
	if err != nil {
		t.Skip(err)
	}
	info, err := inspectELF(bytes.NewReader(b))
	if err != nil || info.interp == "" || len(info.needed) == 0 {
		t.Fatalf("/bin/true: %+v %v", info, err)
	}
	for _, n := range []int{0, 4, 16, 52, 64, 100, 1000, len(b) / 2} {
		if n <= len(b) {
			inspectELF(bytes.NewReader(b[:n])) // must not panic
		}
	}
	if _, err := inspectELF(bytes.NewReader([]byte("\x7fELF garbage"))); err == nil {
		t.Error("garbage accepted")
	}
}

func TestFixDow(t *testing.T) {
	for in, want := range map[string]string{"7": "0", "5-7": "5-6,0", "1,7": "1,0", "7-7": "0", "*/7": "*/7", "mon": "mon", "0-7/2": "0-7/2"} {
		if got := fixDow(in); got != want {
			t.Errorf("fixDow(%q) = %q", in, got)
		}
	}
}
