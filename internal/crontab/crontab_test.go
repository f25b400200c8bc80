package crontab

import (
	"fmt"
	"strings"
	"testing"
)

// show writes an entry the way the tests do: "LINE env NAME=VALUE",
// "LINE:COL [user] schedule | command", with "<<stdin" when there is some,
// or "LINE !error".
func show(e Entry) string {
	switch e.Kind {
	case Env:
		return fmt.Sprintf("%d env %s=%s", e.Line, e.Name, e.Value)
	case Bad:
		return fmt.Sprintf("%d !%s", e.Line, e.Err)
	}
	s := fmt.Sprintf("%d:%d ", e.Line, e.Col)
	if e.NoLog {
		s += "-"
	}
	if e.User != "" {
		s += "[" + e.User + "] "
	}
	s += strings.Join(e.Schedule, " ") + " | " + e.Command
	if e.Stdin != "" {
		s += " <<" + e.Stdin
	}
	return s
}

// check compares the entries of data with want; an error in want matches
// any error that contains it.
func check(t *testing.T, name, data string, f Format, want ...string) {
	t.Helper()
	var got []string
	for e := range Parse(data, f) {
		got = append(got, show(e))
	}
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		if pre, msg, isErr := strings.Cut(want[i], " !"); isErr {
			ok = strings.HasPrefix(got[i], pre+" !") && strings.Contains(got[i], msg)
		} else {
			ok = got[i] == want[i]
		}
	}
	if !ok {
		t.Errorf("%s:\n got %q\nwant %q", name, got, want)
	}
}

func TestParseSystem(t *testing.T) {
	check(t, "debian /etc/crontab", "SHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin\n\n"+
		"# m h dom mon dow user\tcommand\n"+
		"17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly\n"+
		"15 3 * * * root /sbin/reboot\n"+
		"@reboot   root  /usr/local/bin/start\n"+
		"  0 1 * * 1-5 backup tar czf /b/x.tgz /srv 2>&1 | logger\n", System,
		"1 env SHELL=/bin/sh", "2 env PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin",
		"5:20 [root] 17 * * * * | cd / && run-parts --report /etc/cron.hourly",
		"6:17 [root] 15 3 * * * | /sbin/reboot",
		"7:17 [root] @reboot | /usr/local/bin/start",
		"8:22 [backup] 0 1 * * 1-5 | tar czf /b/x.tgz /srv 2>&1 | logger")
	tests := []struct {
		name, data string
		want       []string
	}{
		{"tabs and CRLF", "15\t3 *  *\t* root\t/sbin/reboot now\r\n", []string{"1:18 [root] 15 3 * * * | /sbin/reboot now"}},
		{"names and steps", "*/15 9-17 1,15 jan-jun mon-fri u c\n", []string{"1:34 [u] */15 9-17 1,15 jan-jun mon-fri | c"}},
		{"capital and machine accounts", "0 0 * * * Admin x\n0 0 * * * host$ y\n",
			[]string{"1:17 [Admin] 0 0 * * * | x", "2:17 [host$] 0 0 * * * | y"}},
		{"no command", "15 3 * * * root\n", []string{"1 !a job with no command"}},
		{"no user", "15 3 * * * /sbin/reboot now\n", []string{"1 !expected a user name"}},
		{"annually", "@annually e f\n", []string{"1:13 [e] @annually | f"}},
	}
	for _, tt := range tests {
		check(t, tt.name, tt.data, System, tt.want...)
	}
}

func TestParseUser(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
	}{
		{"jobs", "*/5 * * * * /usr/bin/check\n@daily rm -rf /tmp/x\n",
			[]string{"1:13 */5 * * * * | /usr/bin/check", "2:8 @daily | rm -rf /tmp/x"}},
		{"specials.Get() are case-sensitive", "@daily a\n@HOURLY b\n@every 1h c\n@sometimes d\n",
			[]string{"1:8 @daily | a", "2 !unknown schedule", "3 !unknown schedule", "4 !unknown schedule"}},
		{"line numbers skip nothing", "\n# c\n  \t\n   # indented\n0 0 * * * x\n", []string{"5:11 0 0 * * * | x"}},
		{"sunday as 7 is a field like another", "0 0 * * 7 c\n", []string{"1:11 0 0 * * 7 | c"}},
		{"too few fields", "15 3 * *\n1 1 * * * ok\n", []string{"1 !five fields", "2:11 1 1 * * * | ok"}},
		{"bad field", "15 3 * * x! ls\n", []string{"1 !bad schedule field"}},
		{"not a job", "hello world\n", []string{"1 !not a job"}},
		{"binary", "\x00\xff\xfe * * * * c\n", []string{"1 !not a job"}},
		{"six time fields", "* * * * * * reboot\n@daily *x\n", []string{"1 !cannot start with *", "2 !cannot start with *"}},
		{"cronie's no-log dash", "-15 3 * * * /sbin/reboot\n-@daily x\n- 1 * * * * y\n",
			[]string{"1:13 -15 3 * * * | /sbin/reboot", "2:9 -@daily | x", "3 !not a job"}},
		{"last line without a newline", "0 0 * * * a\n0 1 * * * b", []string{"1:11 0 0 * * * | a", "2:11 0 1 * * * | b"}},
		{"long line", "0 0 * * * " + strings.Repeat("x", MaxLine), []string{"1 !longer than"}},
	}
	for _, tt := range tests {
		check(t, tt.name, tt.data, User, tt.want...)
	}
}

// TestPercent: cron's % and \% (cronie's do_command.c): the first
// unescaped % ends the command; after it, % is a newline and \% a %;
// other backslashes stay, and \\% is a backslash pair and then a %.
func TestPercent(t *testing.T) {
	tests := []struct{ data, want string }{
		{`0 0 * * * date +\%Y-\%m`, `1:11 0 0 * * * | date +%Y-%m`},
		{`0 0 * * * /bin/sh%rm -rf /%echo done`, "1:11 0 0 * * * | /bin/sh <<rm -rf /\necho done"},
		{`0 0 * * * u printf 'a\%b' % stdin`, `1:13 [u] 0 0 * * * | printf 'a%b' << stdin`},
		{`0 0 * * * echo a\\%b`, `1:11 0 0 * * * | echo a\\ <<b`},
		{`0 0 * * * cat%a\%b\x\\%c%`, "1:11 0 0 * * * | cat <<a%b\\x\\%c\n"},
		{`0 0 * * * cat%`, `1:11 0 0 * * * | cat`},
		{`0 0 * * * cat\`, `1:11 0 0 * * * | cat\`},
		{`0 0 * * * cat%a\`, `1:11 0 0 * * * | cat <<a\`},
		{`0 0 * * * %`, `1 !no command`},
		{`0 0 * * * \%`, `1:11 0 0 * * * | %`},
	}
	for _, tt := range tests {
		f := User
		if strings.Contains(tt.want, "[u]") {
			f = System
		}
		check(t, tt.data, tt.data+"\n", f, tt.want)
	}
}

// TestEnv: variable settings as cronie's load_env reads them.
func TestEnv(t *testing.T) {
	for in, want := range map[string][2]string{
		"MAILTO=x": {"MAILTO", "x"}, "A = 'b c'": {"A", "b c"}, `"N"=v`: {"N", "v"}, `MAILTO=""`: {"MAILTO", ""},
		"'Q' = 1": {"Q", "1"}, `"A B"=c`: {"A B", "c"}, "P = a b  ": {"P", "a b"}, "X=\t\"y\"\t": {"X", "y"},
		"FOO-BAR=1": {"FOO-BAR", "1"}, `V=a"b`: {"V", `a"b`}, "CRON_TZ=Asia/Tokyo": {"CRON_TZ", "Asia/Tokyo"},
	} {
		n, v, ok := parseEnv(in)
		if !ok || n != want[0] || v != want[1] {
			t.Errorf("parseEnv(%q) = %q %q %v, want %q %q", in, n, v, ok, want[0], want[1])
		}
	}
	for _, in := range []string{
		"* * * * * a=b", "=x", `""=x`, `"unterminated=x`, `"A=B"=1`, "15 3 * * * root x", "A B=1",
		// cron(5): "To define an empty variable, quotes must be used."
		"X=", "X = ",
		`A="b" c`, `A='b`, "A",
	} {
		if n, v, ok := parseEnv(in); ok {
			t.Errorf("parseEnv(%q) = %q %q, a setting", in, n, v)
		}
	}
	// An empty unquoted value is not a setting, so it is a bad line.
	check(t, "X=", "MAILTO=\"\"\nX=\n", User, `1 env MAILTO=`, "2 !not a job")
}

func TestShell(t *testing.T) {
	tests := []struct{ data, code string }{
		{"0 0 * * * ls -l\n", "ls -l"},
		{"0 0 * * * /bin/sh%rm -rf /%echo done\n", "{ /bin/sh\n} <<'BELAY_CRON_STDIN'\nrm -rf /\necho done\nBELAY_CRON_STDIN"},
		{"0 0 * * * cat%BELAY_CRON_STDIN\n", "{ cat\n} <<'BELAY_CRON_STDIN_'\nBELAY_CRON_STDIN\nBELAY_CRON_STDIN_"},
		{"0 0 * * * cat%a%\n", "{ cat\n} <<'BELAY_CRON_STDIN'\na\nBELAY_CRON_STDIN"},
		{"0 0 * * * cat%%\n", "{ cat\n} <<'BELAY_CRON_STDIN'\n\nBELAY_CRON_STDIN"},
	}
	for _, tt := range tests {
		for e := range Parse(tt.data, User) {
			code, shift := e.Shell()
			want := 0
			if strings.HasPrefix(tt.code, "{ ") {
				want = 2
			}
			if code != tt.code || shift != want {
				t.Errorf("%q: Shell() = %q, %d, want %q, %d", tt.data, code, shift, tt.code, want)
			}
		}
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, data string
		want       Format
	}{
		{"/etc/crontab", "", System},
		{"/etc/cron.d/backup", "", System},
		{"/var/spool/cron/crontabs/root", "15 3 * * * root /x\n", User},
		{"jobs", "15 3 * * * root /sbin/reboot\n0 1 * * * www-data /x\n", System},
		{"jobs", "15 3 * * * /sbin/reboot\n", User},
		{"jobs", "15 3 * * * ls -la\n0 1 * * * root /x\n", User},
		{"jobs", "15 3 * * * root\n", User},
	}
	for _, tt := range tests {
		if got := DetectFormat(tt.name, tt.data); got != tt.want {
			t.Errorf("DetectFormat(%q, %q) = %s, want %s", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]bool{
		"# comment\nMAILTO=x\n15 3 * * * root /sbin/reboot\n": true,
		"@daily /usr/bin/backup\n":                            true,
		"hello\n15 3 * * * x\n":                               false,
		"# only comments\nA=b\n":                              false,
		"15 3 * * x! y\n":                                     false,
		"@daily\n":                                            false,
	} {
		if got := Sniff(head); got != want {
			t.Errorf("Sniff(%q) = %v", head, got)
		}
	}
}
