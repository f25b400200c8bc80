package scan

import (
	"fmt"
	"iter"
	"reflect"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/crontab"
	"github.com/belay-sh/belay/internal/shell"
)

// u is a unit as the tests write it: "LINE:COL text", or "LINE:COL !error".
type u string

// show writes a unit the way the tests do.
func show(x Unit) string {
	if x.Err != "" {
		return fmt.Sprintf("%d:%d !%s", x.Line, x.Col, x.Err)
	}
	if x.Argv != nil {
		return fmt.Sprintf("%d:%d %q", x.Line, x.Col, x.Argv)
	}
	return fmt.Sprintf("%d:%d %s", x.Line, x.Col, x.Text)
}

func collect(seq iter.Seq[Unit]) []Unit {
	var out []Unit
	for x := range seq {
		out = append(out, x)
	}
	return out
}

// check compares the units of seq with want; an error in want matches
// any error that contains it.
func check(t *testing.T, name string, seq iter.Seq[Unit], want []u) []Unit {
	t.Helper()
	got := collect(seq)
	var gs []string
	for _, x := range got {
		gs = append(gs, show(x))
	}
	ok := len(gs) == len(want)
	for i := 0; ok && i < len(want); i++ {
		w := string(want[i])
		if pre, msg, isErr := strings.Cut(w, " !"); isErr {
			ok = strings.HasPrefix(gs[i], pre+" !") && strings.Contains(gs[i], msg)
		} else {
			ok = gs[i] == w
		}
	}
	if !ok {
		t.Errorf("%s:\n got %q\nwant %q", name, gs, want)
	}
	return got
}

func TestDetect(t *testing.T) {
	tests := []struct {
		path, head string
		want       Kind
	}{
		{"/etc/systemd/system/app.service", "", Systemd},
		{"app.socket", "", Systemd},
		{"/etc/systemd/system/app.service.d/override.conf", "", Systemd},
		{"/etc/foo.conf", "", ""},
		{"/home/me/.bash_history", "", History},
		{"/home/me/.zsh_history", "", History},
		{"/home/me/.local/share/fish/fish_history", "", History},
		{"/backup/alice.bash_history", "", History},
		{"/home/me/.python_history", "", ""},
		{"/home/me/.psql_history", "", ""},
		{"/var/log/belay/audit.jsonl", "", Audit},
		{"/etc/crontab", "", Crontab},
		{"/etc/cron.d/backup", "", Crontab},
		{"/var/spool/cron/crontabs/alice", "", Crontab},
		{"deploy.sh", "", Script},
		{"/home/me/.bashrc", "", Script},
		{"deploy", "#!/bin/bash\nrm -rf /\n", Script},
		{"deploy", "#!/usr/bin/env -S bash -e\n", Script},
		{"tool", "#!/usr/bin/python3\n", ""},
		{"h", ": 1700000000:0;ls\n", History},
		{"h", "- cmd: ls\n  when: 1\n", History},
		{"h", "#1700000000\nls\n", History},
		{"jobs", "# comment\nMAILTO=x\n15 3 * * * root /sbin/reboot\n", Crontab},
		{"jobs", "@daily /usr/bin/backup\n", Crontab},
		{"log", `{"line":"rm -rf /","decision":"block"}` + "\n", Audit},
		{"notes.txt", "hello world\n", ""},
		{"blob", "\x00\x01\x02", ""},
	}
	for _, tt := range tests {
		if got := Detect(tt.path, tt.head); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.path, tt.head, got, tt.want)
		}
	}
}

func TestScript(t *testing.T) {
	tests := []struct {
		name, data string
		want       shell.Dialect
	}{
		{"x", "#!/bin/sh\nls\n", shell.POSIX},
		{"x", "#!/usr/bin/env bash\nls\n", shell.Bash},
		{"x", "#!/bin/zsh -f\nls\n", shell.Zsh},
		{"x.zsh", "ls\n", shell.Zsh},
		{"x.fish", "ls\n", shell.Fish},
		{"x.sh", "ls\n", shell.Bash},
	}
	for _, tt := range tests {
		got := collect(ParseScript(tt.name, tt.data, ""))
		if len(got) != 1 || got[0].Dialect != tt.want || got[0].Text != tt.data || got[0].Line != 1 || got[0].Col != 1 {
			t.Errorf("ParseScript(%q, %q) = %+v, want one unit in %s", tt.name, tt.data, got, tt.want)
		}
	}
	if got := collect(ParseScript("x", "#!/bin/sh\n", shell.Zsh)); got[0].Dialect != shell.Zsh {
		t.Errorf("--shell zsh: got %s", got[0].Dialect)
	}
}

func TestHistory(t *testing.T) {
	tests := []struct {
		name, data string
		format     HistoryFormat
		want       []u
	}{
		{"bash plain", "ls\n\ncd /usr\r\nmv sbin x\n", BashHistory, []u{"1:1 ls", "3:1 cd /usr", "4:1 mv sbin x"}},
		{"bash stamps", "#1700000000\nls\n#1700000001\nfor x in a; do\n  rm $x\ndone\n#1700000002\n#1700000003\nreboot", BashHistory,
			[]u{"2:1 ls", "4:1 for x in a; do\n  rm $x\ndone", "9:1 reboot"}},
		{"bash comment is not a stamp", "# note\nls\n", BashHistory, []u{"1:1 # note", "2:1 ls"}},
		{"zsh extended", ": 1700000000:0;ls -la\n: 1700000001:12;mv /usr/sbin /usr/sbin.bak\n", ZshHistory,
			[]u{"1:16 ls -la", "2:17 mv /usr/sbin /usr/sbin.bak"}},
		{"zsh multi-line", ": 1700000000:0;for i in 1 2; do\\\n  echo $i\\\ndone\n: 1700000003:0;reboot\n", ZshHistory,
			[]u{"1:16 for i in 1 2; do\n  echo $i\ndone", "4:16 reboot"}},
		{"zsh plain", "ls\necho a\\\nb\n", ZshHistory, []u{"1:1 ls", "2:1 echo a\nb"}},
		{"zsh ends inside an entry", ": 1:0;echo a\\\n", ZshHistory, []u{"1:7 echo a"}},
		{"zsh metafied", ": 1:0;echo \x83\xa3\n", ZshHistory, []u{"1:7 echo \x83"}},
		{"zsh not metafied", ": 1:0;echo \x83*\n", ZshHistory, []u{"1:7 echo \x83*"}},
		{"zsh bad prefix is a plain line", ": x:0;ls\n", ZshHistory, []u{"1:1 : x:0;ls"}},
		{"fish", "- cmd: ls\n  when: 1700000000\n- cmd: echo a\\\\nb\\nrm -rf /\n  when: 1700000001\n  paths:\n    - /x\n", FishHistory,
			[]u{"1:8 ls", "3:8 echo a\\nb\nrm -rf /"}},
		{"fish bad line", "- cmd: ls\ngarbage\n- cmd: pwd\n", FishHistory, []u{"1:8 ls", "2:1 !expected \"- cmd:\"", "3:8 pwd"}},
	}
	for _, tt := range tests {
		check(t, tt.name, ParseHistory(tt.data, tt.format, ""), tt.want)
	}
}

func TestDetectHistory(t *testing.T) {
	tests := []struct {
		name, data string
		want       HistoryFormat
	}{
		{".bash_history", "ls\n", BashHistory},
		{".zsh_history", "ls\n", ZshHistory},
		{".histfile", "ls\n", ZshHistory},
		{"fish_history", "", FishHistory},
		{"hist", ": 1700000000:0;ls\n", ZshHistory},
		{"hist", "\n- cmd: ls\n", FishHistory},
		{".bash_history", ": 1700000000:0;ls\n", ZshHistory},
	}
	for _, tt := range tests {
		if got := DetectHistory(tt.name, tt.data); got != tt.want {
			t.Errorf("DetectHistory(%q, %q) = %s, want %s", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestCrontab(t *testing.T) {
	sys := "SHELL=/bin/bash\nPATH=/usr/bin:/bin\nMAILTO=root\n# comment\n\n" +
		"17 * * * * root cd / && run-parts --report /etc/cron.hourly\n" +
		"15 3 * * * root /sbin/reboot\n" +
		"@reboot   root  /usr/local/bin/start\n" +
		"  0 1 * * 1-5 backup tar czf /b/x.tgz /srv 2>&1 | logger\n"
	got := check(t, "system", ParseCrontab(sys, crontab.System, ""), []u{
		"6:17 cd / && run-parts --report /etc/cron.hourly",
		"7:17 /sbin/reboot",
		"8:17 /usr/local/bin/start",
		"9:22 tar czf /b/x.tgz /srv 2>&1 | logger",
	})
	if len(got) == 4 {
		if got[1].Dialect != shell.Bash || got[1].Env["PATH"] != "/usr/bin:/bin" || got[1].Env["SHELL"] != "/bin/bash" {
			t.Errorf("SHELL/PATH not passed: %+v", got[1])
		}
		if _, ok := got[1].Env["MAILTO"]; ok {
			t.Errorf("MAILTO passed as analysis env")
		}
	}

	tests := []struct {
		name, data string
		format     crontab.Format
		want       []u
	}{
		{"user", "*/5 * * * * /usr/bin/check\n@daily rm -rf /tmp/x\n", crontab.User,
			[]u{"1:13 /usr/bin/check", "2:8 rm -rf /tmp/x"}},
		{"percent is stdin", "0 0 * * * /bin/sh%rm -rf /%echo done\n", crontab.User,
			[]u{"1:9 { /bin/sh\n} <<'BELAY_CRON_STDIN'\nrm -rf /\necho done\nBELAY_CRON_STDIN"}},
		{"escaped percent", `0 0 * * * date +\%Y-\%m` + "\n", crontab.User, []u{"1:11 date +%Y-%m"}},
		{"delimiter in stdin", "0 0 * * * cat%BELAY_CRON_STDIN\n", crontab.User,
			[]u{"1:9 { cat\n} <<'BELAY_CRON_STDIN_'\nBELAY_CRON_STDIN\nBELAY_CRON_STDIN_"}},
		{"too few fields", "15 3 * *\n1 1 * * * ok\n", crontab.User, []u{"1:1 !five fields", "2:11 ok"}},
		{"bad field", "15 3 * * x! ls\n", crontab.User, []u{"1:1 !bad schedule field"}},
		{"unknown special", "@sometimes ls\n", crontab.User, []u{"1:1 !unknown schedule"}},
		{"no command", "15 3 * * * root\n", crontab.System, []u{"1:1 !no command"}},
		{"not a job", "hello world\n", crontab.User, []u{"1:1 !not a job"}},
		{"system needs user", "15 3 * * * /sbin/reboot now\n", crontab.System, []u{"1:1 !expected a user name"}},
		{"env with spaces and quotes", "HOME = \"/root\"\n1 1 * * * ls\n", crontab.User, []u{"2:11 ls"}},
	}
	for _, tt := range tests {
		check(t, tt.name, ParseCrontab(tt.data, tt.format, ""), tt.want)
	}
}

func TestSystemd(t *testing.T) {
	unit := `[Unit]
Description=app
# ExecStart=/bin/commented-out

[Service]
Environment=DIR=/var/lib/app "OPTS=-v -x"
ExecStartPre=/bin/rm -rf /var/lib/app
ExecStartPre=-+/bin/mkdir -p ${DIR}/cache
ExecStart=@/usr/bin/app app-name --dir "${DIR}/x y" $OPTS $UNSET ; \
  /bin/sh -c 'rm -rf /srv/*'
ExecStop=:/bin/echo ${DIR} 100%%
ExecReload=/bin/kill -HUP $MAINPID
ExecStart=
ExecStopPost = !!/bin/rm -f /run/app.pid
ExecCondition=/bin/test -f '/etc/app\x2econf' \; x
`
	check(t, "unit", ParseSystemd(unit), []u{
		`7:14 ["/bin/rm" "-rf" "/var/lib/app"]`,
		`8:14 ["/bin/mkdir" "-p" "/var/lib/app/cache"]`,
		`9:11 ["/usr/bin/app" "--dir" "/var/lib/app/x y" "-v" "-x"]`,
		`10:3 ["/bin/sh" "-c" "rm -rf /srv/*"]`,
		`11:10 ["/bin/echo" "${DIR}" "100%"]`,
		`12:12 ["/bin/kill" "-HUP"]`,
		`14:16 ["/bin/rm" "-f" "/run/app.pid"]`,
		`15:15 ["/bin/test" "-f" "/etc/app.conf" ";" "x"]`,
	})
	tests := []struct {
		name, data string
		want       []u
	}{
		{"open quote", "[Service]\nExecStart=/bin/echo \"oops\nExecStop=/bin/true\n", []u{"2:1 !not closed", `3:10 ["/bin/true"]`}},
		{"not a setting", "[Service]\nthis is wrong\n", []u{"2:1 !expected [Section]"}},
		{"at needs argv0", "[Service]\nExecStart=@/bin/true\n", []u{"2:11 !argv[0]"}},
		// systemd drops comment lines, ";" ones too, inside a continued line.
		{"continued comment", "[Service]\nExecStart=/bin/rm \\\n; -rf /\n  -f /x\n", []u{`2:11 ["/bin/rm" "-f" "/x"]`}},
		{"continued comment 2", "[Service]\nExecStart=/bin/rm \\\n# a comment\n  -rf /x\n", []u{`2:11 ["/bin/rm" "-rf" "/x"]`}},
		{"backslash at end of file", "[Service]\nExecStart=/bin/rm -rf /x \\", []u{`2:11 ["/bin/rm" "-rf" "/x"]`}},
	}
	for _, tt := range tests {
		check(t, tt.name, ParseSystemd(tt.data), tt.want)
	}
}

func TestAudit(t *testing.T) {
	log := `{"time":"2026-01-01T00:00:00Z","line":"rm -rf /","shell":"zsh","cwd":"/srv","decision":"block"}

{"command":"reboot"}
{"argv":["rm","-rf","/x y"]}
not json
{"decision":"allow"}
{"line":"ls \ufffd","line_base64":"bHMg/w==","acknowledged":["x.y"]}
{"line_base64":"!"}
`
	got := check(t, "audit", ParseAudit(log), []u{
		"1:1 rm -rf /",
		"3:1 reboot",
		`4:1 ["rm" "-rf" "/x y"]`,
		"5:1 !not a JSON object",
		"6:1 !no \"line\"",
		"7:1 ls \xff",
		"8:1 !line_base64",
	})
	if len(got) > 0 && (got[0].Dialect != shell.Zsh || got[0].Cwd != "/srv") {
		t.Errorf("shell and cwd not kept: %+v", got[0])
	}
	if len(got) > 5 && !reflect.DeepEqual(got[5].Acks, []string{"x.y"}) {
		t.Errorf("acknowledged not kept: %+v", got[5])
	}
}

func TestPosition(t *testing.T) {
	tests := []struct {
		u              Unit
		line, col      int
		wantL, wantCol int
	}{
		{Unit{Line: 1, Col: 1}, 6, 3, 6, 3},
		{Unit{Line: 10, Col: 16}, 1, 4, 10, 19},
		{Unit{Line: 10, Col: 16}, 3, 2, 12, 2},
		{Unit{Line: 10, Col: 8, Flat: true}, 3, 2, 10, 8},
		{Unit{Line: 10, Col: 8}, 0, 0, 10, 8},
	}
	for _, tt := range tests {
		l, c := tt.u.Position(tt.line, tt.col)
		if l != tt.wantL || c != tt.wantCol {
			t.Errorf("%+v.Position(%d, %d) = %d, %d, want %d, %d", tt.u, tt.line, tt.col, l, c, tt.wantL, tt.wantCol)
		}
	}
}

func TestParseDispatch(t *testing.T) {
	got := collect(Parse(Crontab, "/etc/crontab", "15 3 * * * root /sbin/reboot\n", Options{}))
	want := []Unit{{Line: 1, Col: 17, Text: "/sbin/reboot", Dialect: shell.POSIX}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse(Crontab) = %+v, want %+v", got, want)
	}
	if got := collect(Parse("nonsense", "x", "ls", Options{})); len(got) != 1 || got[0].Err == "" {
		t.Errorf("Parse of an unknown kind = %+v, want an error unit", got)
	}
}
