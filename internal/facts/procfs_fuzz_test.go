package facts

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for the parsers of /proc and cron input that fuzz_test.go
// reaches only through others, or not at all.

// FuzzUptime: /proc/uptime.
func FuzzUptime(f *testing.F) {
	f.Add([]byte("350735.47 234388.90\n"))
	f.Add([]byte("1e308 0"))
	f.Add([]byte("NaN"))
	f.Add([]byte("-0.0 x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		u, err := parseUptime(data)
		if err != nil {
			return
		}
		if u < 0 || math.IsNaN(u) || math.IsInf(u, 0) || u > 1e12 {
			t.Fatalf("uptime %v accepted", u)
		}
		if s := formatUptime(u); !strings.HasPrefix(s, "up ") {
			t.Fatalf("formatUptime(%v) = %q", u, s)
		}
	})
}

// FuzzProcCmdline: /proc/PID/cmdline, NUL-separated.
func FuzzProcCmdline(f *testing.F) {
	f.Add([]byte("qemu-system-x86_64\x00-name\x00web\x00"))
	f.Add([]byte("\x00\x00\x00"))
	f.Add([]byte("sshd: alice [priv]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		argv := parseProcCmdline(data)
		for _, a := range argv {
			if strings.IndexByte(a, 0) >= 0 {
				t.Fatalf("NUL inside an argument: %q", argv)
			}
		}
		if want := string(bytes.TrimRight(data, "\x00")); strings.Join(argv, "\x00") != want {
			t.Fatalf("argv %q does not join back to %q", argv, want)
		}
	})
}

// FuzzCronSchedule: the schedule field of a crontab line, its time zone
// (CRON_TZ=), and the name of a file in a cron directory, directly rather
// than only through parseCrontab (the lines are internal/crontab's, fuzzed
// there).
func FuzzCronSchedule(f *testing.F) {
	f.Add("15 3 * * *", "", "reboot")
	f.Add("*/0 * * * 1-7", "Asia/Tokyo", "x.dpkg-old")
	f.Add("@every 1h", "../../etc/passwd", "#foo")
	f.Add("0 0 30 2 *", "Local", ".hidden")
	f.Add("59 23 31 12 7", "America/New_York", "cron-file_1")
	f.Fuzz(func(t *testing.T, spec, tz, name string) {
		s, err := cronSchedule(spec, tz)
		if err == nil {
			if s == nil {
				t.Fatal("no schedule and no error")
			}
			if next := nextRun(s, testNow, time.UTC); next != nil && !next.After(testNow) {
				t.Fatalf("next run %v is not after now", next)
			}
		}
		_ = fixDow(spec)
		cronFileSkipped(name, false)
		cronFileSkipped(name, true)
	})
}
