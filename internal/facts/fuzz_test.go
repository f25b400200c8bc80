package facts

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Fuzz targets: every parser of outside input must return, without
// panicking, whatever the bytes.

func FuzzParseCrontab(f *testing.F) {
	f.Add([]byte("15 3 * * * root /sbin/reboot\n"), true)
	f.Add([]byte("SHELL=/bin/sh\nMAILTO=\"\"\n@daily root x\n@reboot root y\n"), true)
	f.Add([]byte("*/15 9-17 1,15 jan-jun mon-fri c % in\\%put\n0 0 * * 7 x\n"), false)
	f.Add([]byte("CRON_TZ=Asia/Tokyo\n0 3 * * * reboot\nTZ=\n0 0 30 2 * y\n"), false)
	f.Add([]byte("61 * * * * u c\n1-2-3 */0 ? * * u c\n'A'=b\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, system bool) {
		lines, errs := parseCrontab(data, system)
		for _, l := range lines {
			if l.Sched == nil || l.Command == "" || l.Line < 1 {
				t.Fatalf("bad entry %+v", l)
			}
			next := nextRun(l.Sched, testNow, time.UTC)
			_ = ScheduledReboot{Kind: "cron", Source: "/etc/crontab", Line: l.Line, Text: l.Text, Next: next}.String()
			_ = rebootLine(l.Command)
		}
		for _, e := range errs {
			if e.Line < 1 || e.Msg == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}

func FuzzAtJob(f *testing.F) {
	f.Add("a0000101c8c543", []byte(atScript("/sbin/reboot")))
	f.Add(".SEQ", []byte("#!/bin/sh\numask 22\nA=b; export A\ncd / || {\n}\nreboot\n"))
	f.Add("=00002aaaaaaaa", []byte("x << 'marcinDELIMITER'\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		atJobTime(name)
		for _, c := range parseAtJob(data) {
			if c.Line < 1 || c.Text == "" {
				t.Fatalf("bad command %+v", c)
			}
			rebootLine(c.Text)
		}
	})
}

func FuzzDpkgStatus(f *testing.F) {
	f.Add([]byte("Package: a\nStatus: install ok half-configured\nArchitecture: amd64\nDescription: x\n y\n .\n\nPackage: b\nStatus: install reinstreq installed\n"))
	f.Add([]byte("Status: install ok\n\nnonsense\n\n\tPackage: c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, _ := parseDpkgStatus(data)
		for _, p := range pkgs {
			if p.Name == "" || p.Status == "" {
				t.Fatalf("bad package %+v", p)
			}
		}
	})
}

func FuzzMountinfo(f *testing.F) {
	f.Add([]byte("36 35 98:0 /mnt1 /mnt/parent\\040dir rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n"))
	f.Add([]byte("1 2 3 4 5 6 - \n1 2 3:4 5 6 7 8 9 10 - a\n\\\\134\\0\n"))
	f.Add([]byte("/dev/sda1 /boot vfat rw 0 0\n# c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseMountinfo(data)
		parseProcMounts(data)
		unescapeOctal(string(data))
	})
}

func FuzzSwaps(f *testing.F) {
	f.Add([]byte("Filename\tType\tSize\tUsed\tPriority\n/dev/sda2 partition 8388604 0 -2\n/swap\\040file file 1 0 -3\n"))
	f.Add([]byte("x\n\n\\"))
	f.Fuzz(func(t *testing.T, data []byte) { parseSwaps(data) })
}

func FuzzKernelCmdline(f *testing.F) {
	f.Add("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet init=/bin/bash -- init=/x")
	f.Add(`init="/opt/my init" "a=b c" " =" "`)
	f.Fuzz(func(t *testing.T, s string) {
		kernelInit(s)
		if len(kernelArgs(s)) > len(s) {
			t.Fatal("more arguments than bytes")
		}
	})
}

func FuzzProcStat(f *testing.F) {
	f.Add([]byte("1234 (bash) S 1000 1234 1234 34816 0 0"))
	f.Add([]byte("7 (a) b) c) R 3 7"))
	f.Add([]byte(")("))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := parseProcStat(data)
		if err == nil && (st.PID <= 0 || st.PPID < 0) {
			t.Fatalf("bad stat %+v", st)
		}
	})
}

func FuzzQemuCmdline(f *testing.F) {
	f.Add([]byte("qemu-system-x86_64\x00-name\x00guest=web,debug-threads=on\x00-drive\x00file=/a.img,,x,if=virtio\x00"))
	f.Add([]byte("kvm\x00-blockdev\x00{\"driver\":\"file\",\"filename\":\"/j.img\",\"x\":[{\"filename\":\"/k\"}]}\x00-hda\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, disks := parseQemuArgs(parseProcCmdline(data))
		for _, d := range disks {
			if d == "" {
				t.Fatal("empty disk")
			}
		}
	})
}

// FuzzLibvirtXML checks parseLibvirtXML against encoding/xml
// (checkLibvirtXML): the same domain where encoding/xml reads the XML, an
// error where it refuses it, never a relative disk.
func FuzzLibvirtXML(f *testing.F) {
	for _, s := range libvirtSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLibvirtXML(t, data)
	})
}

func FuzzLdSoConf(f *testing.F) {
	f.Add([]byte("include /etc/ld.so.conf.d/*.conf\n/usr/local/lib\n/a:/b,/c # x\nhwcap 0 x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dirs, _ := parseLdSoConf(data)
		for _, d := range dirs {
			if !path.IsAbs(d) {
				t.Fatalf("relative dir %q", d)
			}
		}
	})
}

func FuzzShutdownScheduled(f *testing.F) {
	f.Add([]byte("USEC=1796008500000000\nWARN_WALL=1\nMODE=reboot\n"))
	f.Add([]byte("USEC=-1\nMODE\n"))
	f.Fuzz(func(t *testing.T, data []byte) { parseShutdownScheduled(data) })
}

func FuzzRebootLine(f *testing.F) {
	for _, s := range []string{"sudo -u root /sbin/shutdown -r now", "bash -c 'sleep 5; reboot'", "echo b > /proc/sysrq-trigger",
		"systemctl --force poweroff", "x 2>&1 | y && \"z\\\"\" ; `w` $(v) # c", "env -i A=b timeout 5 nice -n 1 init 6"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { rebootLine(s) })
}

func FuzzInspectELF(f *testing.F) {
	if b, err := os.ReadFile("/bin/true"); err == nil {
		f.Add(b)
		f.Add(b[:64])
	}
	f.Add([]byte("\x7fELF\x02\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) { inspectELF(bytes.NewReader(data)) })
}

func FuzzXlUserdata(f *testing.F) {
	f.Add([]byte(`{"c_info": {"type": "pv", "name": "mail"}}`))
	f.Add([]byte("name = 'dns'\nmemory = 512\n"))
	f.Fuzz(func(t *testing.T, data []byte) { parseXlUserdata(data) })
}

// FuzzResolve checks that following a symlink with any target never leaves the root.
func FuzzResolve(f *testing.F) {
	f.Add("/sbin/init", "/lib/systemd/systemd")
	f.Add("/a/b/c", "../../../../../../etc/passwd")
	f.Add("/a", "/a/./../a")
	f.Add("/x/../y", "")
	root := f.TempDir()
	for _, d := range []string{"a", "lib/systemd", "etc", "sbin"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "lib/systemd/systemd"), []byte("x"), 0o755)
	os.WriteFile(filepath.Join(root, "etc/passwd"), []byte("root"), 0o644)
	link := filepath.Join(root, "a", "l")
	f.Fuzz(func(t *testing.T, p, target string) {
		if strings.ContainsRune(target, 0) || target == "" || len(target) > 1000 {
			return
		}
		os.Remove(link)
		if err := os.Symlink(target, link); err != nil {
			return
		}
		h := New(Options{Root: root})
		for _, q := range []string{p, "/a/l", "/a/l/" + p} {
			res, _, _ := h.resolve(q)
			if !path.IsAbs(res) {
				t.Fatalf("resolve(%q) = %q: not absolute", q, res)
			}
			if rp := h.join(res); rp != root && !strings.HasPrefix(rp, root+"/") {
				t.Fatalf("resolve(%q) = %q escapes the root", q, res)
			}
		}
	})
}
