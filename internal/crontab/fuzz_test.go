package crontab

import (
	"strings"
	"testing"
	"time"
)

// FuzzParse checks what Parse promises for any bytes, in both formats:
// it returns; every line that is not blank or a comment is one entry, at
// its line; a job's command is non-empty and starts at its column; a bad
// line says why; and the job's shell code holds the command.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"SHELL=/bin/bash\n15 3 * * * root /sbin/reboot\n", "@reboot /x\n@bogus y\n", "0 0 * * * a%b%c\\%d\n",
		"* * * *\n", "1 2 3 4 5\n", "x=\n=x\n", "15 3 * * * root\n", "0 0 * * * %\n", "  # c\n\t\n",
		"0 0 * * * cat%BELAY_CRON_STDIN%BELAY_CRON_STDIN_\n", "-@daily x\\\\%y\\\n", "'A B' = \"c\"\r\n",
		"*/15 9-17 1,15 jan-jun mon-fri c % in\\%put\n0 0 * * 7 x\n", "CRON_TZ=Asia/Tokyo\n0 3 * * * reboot\n",
		"61 * * * * u c\n1-2-3 */0 ? * * u c\n'A'=b\n", "\x00\xff\xfe * * * * u c\n",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, data string, system bool) {
		format := User
		if system {
			format = System
		}
		var raw []string
		lines(data, func(_ int, l string) bool { raw = append(raw, l); return true })
		want := 0
		for _, l := range raw {
			if l = strings.Trim(l, " \t"); l != "" && l[0] != '#' {
				want++
			}
		}
		done := make(chan []Entry, 1)
		go func() {
			var got []Entry
			for e := range Parse(data, format) {
				got = append(got, e)
			}
			done <- got
		}()
		var got []Entry
		select {
		case got = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("parsing %q took over 5s", data)
		}
		if len(got) != want {
			t.Fatalf("%q: %d entries for %d lines", data, len(got), want)
		}
		for _, e := range got {
			if e.Line < 1 || e.Line > len(raw) {
				t.Fatalf("entry at line %d of %d: %+v", e.Line, len(raw), e)
			}
			checkEntry(t, raw[e.Line-1], e, format)
		}
		DetectFormat("jobs", data)
		Sniff(data)
	})
}

// checkEntry checks one entry against the line it came from.
func checkEntry(t *testing.T, line string, e Entry, format Format) {
	t.Helper()
	switch e.Kind {
	case Bad:
		if e.Err == "" {
			t.Fatalf("bad line without a reason: %+v", e)
		}
	case Env:
		if e.Name == "" {
			t.Fatalf("setting without a name: %+v", e)
		}
	case Job:
		if e.Command == "" || e.Col < 1 || e.Col > len(line) || len(e.Schedule) == 0 || (format == System) != (e.User != "") {
			t.Fatalf("bad job %+v in %q", e, line)
		}
		at := line[e.Col-1:]
		if !strings.HasPrefix(at, e.Command[:1]) && !strings.HasPrefix(at, `\%`) {
			t.Fatalf("command %q is not at column %d of %q", e.Command, e.Col, line)
		}
		if code, shift := e.Shell(); !strings.Contains(code, e.Command) || shift < 0 || e.Stdin != "" && !strings.Contains(code, strings.TrimSuffix(e.Stdin, "\n")) {
			t.Fatalf("Shell() = %q, %d for %+v", code, shift, e)
		}
	default:
		t.Fatalf("entry of no kind: %+v", e)
	}
}
