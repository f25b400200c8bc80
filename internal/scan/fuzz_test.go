package scan

import (
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/crontab"
)

// units runs a parser with a deadline and checks what every parser
// promises: each unit is at a line of the input, and is either a command
// or an error, never neither.
func units(t *testing.T, data string, seq iter.Seq[Unit]) []Unit {
	t.Helper()
	done := make(chan []Unit, 1)
	go func() { done <- collect(seq) }()
	var got []Unit
	select {
	case got = <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("parsing %q took over 5s", data)
	}
	nlines := strings.Count(data, "\n") + 1
	for _, u := range got {
		if u.Line < 1 || u.Line > nlines || u.Col < 1 {
			t.Fatalf("unit at %d:%d outside the %d lines of %q", u.Line, u.Col, nlines, data)
		}
		switch {
		case u.Err != "" && (u.Text != "" || u.Argv != nil):
			t.Fatalf("unit with both an error and a command: %+v", u)
		case u.Err == "" && u.Text == "" && len(u.Argv) == 0:
			t.Fatalf("unit with neither an error nor a command: %+v in %q", u, data)
		case u.Argv != nil && len(u.Argv) == 0:
			t.Fatalf("empty argv: %+v", u)
		}
	}
	return got
}

// FuzzHistory feeds every history format the same bytes.
func FuzzHistory(f *testing.F) {
	for _, s := range []string{
		"ls\ncd /usr\n", "#1700000000\nls\n#1700000001\nfor x in a; do\nrm $x\ndone\n",
		": 1700000000:0;ls\n: 1700000001:0;echo a\\\nb\n", ": 1:0;\\", "\x83", "\x83\x83\n",
		"- cmd: ls\n  when: 1\n- cmd: a\\\\nb\\n\n  paths:\n    - /x\n", "- cmd:\n", "- cmd: \\",
		"\r\n\r\n", "#", "#1\n#2\n", ": :;", ": 1:;x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		for _, format := range []HistoryFormat{BashHistory, ZshHistory, FishHistory} {
			got := units(t, data, ParseHistory(data, format, ""))
			if format == BashHistory && len(got) == 0 && strings.TrimSpace(strings.ReplaceAll(data, "#", "")) != "" {
				// Lines that are all timestamps give nothing; anything else must.
				only := true
				lines(data, func(_ int, l string) bool {
					only = only && (strings.TrimSpace(l) == "" || isTimestamp(l))
					return only
				})
				if !only {
					t.Fatalf("bash history %q gave no units", data)
				}
			}
		}
		DetectHistory("h", data)
		Detect("h", data)
	})
}

// FuzzCrontab checks that every job or bad line of a crontab (as
// internal/crontab reads it, fuzzed there) gives exactly one unit.
func FuzzCrontab(f *testing.F) {
	for _, s := range []string{
		"SHELL=/bin/bash\n15 3 * * * root /sbin/reboot\n", "@reboot /x\n@bogus y\n", "0 0 * * * a%b%c\\%d\n",
		"* * * *\n", "1 2 3 4 5\n", "x=\n=x\n", "15 3 * * * root\n", "0 0 * * * %\n", "  # c\n\t\n",
		"0 0 * * * cat%BELAY_CRON_STDIN%BELAY_CRON_STDIN_\n",
	} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, data string, system bool) {
		format := crontab.User
		if system {
			format = crontab.System
		}
		got := units(t, data, ParseCrontab(data, format, ""))
		want := 0
		for e := range crontab.Parse(data, format) {
			if e.Kind != crontab.Env {
				want++
			}
		}
		if len(got) != want {
			t.Fatalf("%q: %d units for %d job lines: %+v", data, len(got), want, got)
		}
	})
}

// FuzzSystemd checks unit file parsing; every Exec line gives a command
// or an error.
func FuzzSystemd(f *testing.F) {
	for _, s := range []string{
		"[Service]\nExecStart=/bin/rm -rf /x\n", "ExecStart=-@/bin/sh sh -c 'a; b' ; /bin/x\n",
		"ExecStart=/bin/echo \"a\\x41\\101\\n\" 'b\n", "ExecStart=\\\n", "ExecStart=@\n", "ExecStart=!!:+\n",
		"Environment=A=${A}${A} B=$A\nExecStart=/x ${A} $B ${\n", "ExecStart=/x \\\n# c\n; d\n y\n", "ExecStart=;\n",
		"ExecStart=/x %% %n\n", "=\n", "[\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		units(t, data, ParseSystemd(data))
	})
}

// FuzzAudit checks audit log parsing: one unit or none (blank, empty
// command) per line, never a panic.
func FuzzAudit(f *testing.F) {
	for _, s := range []string{
		`{"line":"rm -rf /"}` + "\n", `{"argv":[]}`, `{"argv":["a"],"shell":"/bin/zsh","cwd":"rel"}`, "{", "[]", `{"line":null}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		got := units(t, data, ParseAudit(data))
		if n := strings.Count(data, "\n") + 1; len(got) > n {
			t.Fatalf("%d units from %d lines", len(got), n)
		}
	})
}

// FuzzScript checks shebang and name handling.
func FuzzScript(f *testing.F) {
	f.Add("x.sh", "#!/usr/bin/env -S bash -e\nls\n")
	f.Add("x", "#!")
	f.Add("x.fish", "")
	f.Fuzz(func(t *testing.T, name, data string) {
		got := collect(ParseScript(name, data, ""))
		if len(got) != 1 || got[0].Text != data || got[0].Dialect == "" {
			t.Fatalf("ParseScript(%q, %q) = %+v", name, data, got)
		}
		Detect(name, data)
	})
}
