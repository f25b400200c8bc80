package shell

import (
	"strings"
	"testing"
)

func TestSessionState(t *testing.T) {
	tests := []struct {
		d           Dialect
		state, line string
		want        string
		stateErr    bool // the state is ignored
	}{
		// Without state: unknown, judged at the worst.
		{Bash, ``, `rm -rf "$D"/*`, `rm delete:/*+R+D+G`, false},
		// Variables of the session.
		{Bash, `D='/srv/app'`, `rm -rf "$D"/*`, `rm delete:/srv/app/*+R+G`, false},
		{Bash, `declare -x D='/srv/app'`, `rm -rf "$D"/*`, `rm delete:/srv/app/*+R+G`, false},
		{Bash, `D=/tmp/x/build`, `rm -rf "$D"`, `rm delete:/tmp/x/build+R`, false},
		{Bash, `D=$'/srv/a\tb'`, `rm -rf "$D"`, "rm delete:/srv/a\tb+R", false},
		{Bash, `a=('rm' '-rf' '/')`, `"${a[@]}"`, `rm delete:/+R`, false},
		{Bash, `D='/srv/app'`, `rm -rf "${!D}"`, `rm delete:+R+D`, false},
		{Zsh, `D='/srv/app'`, `rm -rf $D/*`, `rm delete:/srv/app/*+R+G`, false},
		{Fish, `set -g -- D /srv/app`, `rm -rf $D/*`, `rm delete:/srv/app/*+R+G`, false},
		{Fish, `set -g -- a rm -rf /`, `$a`, `rm delete:/+R`, false},
		// A name reference is not the text assigned; an integer is its
		// value, as the hooks print it.
		{Bash, "declare -n r='D'\nD='/srv'", `rm -rf "$r"`, `rm delete:+R+D`, false},
		{Bash, "declare -i n='2'", `rm -rf "/x$n"`, `rm delete:/x2+R`, false},
		// Aliases: the expansion and the word itself are judged.
		{Bash, `alias -- 'x=rm -rf /'`, `x`, `rm delete:/+R; x`, false},
		{Bash, `alias -- 'x=rm -rf'`, `x /`, `rm delete:/+R; x`, false},
		{Bash, `alias -- 'x=rm -rf'`, `echo x /`, `echo`, false},
		{Bash, `alias -- 'x=rm -rf'`, `'x' /`, `x`, false},
		{Bash, "alias -- 's=sudo '\nalias -- 'x=rm -rf /'", `s x`, `[sudo]rm delete:/+R; s`, false},
		{Bash, `alias -- 'rm=rm -i'`, `rm -rf /`, `rm delete:/+R; rm delete:/+R`, false},
		{Bash, `alias -- 'ls=ls --color'`, `ls`, `ls; ls`, false},
		{Bash, "alias -- 'a=b'\nalias -- 'b=a'", `a`, `a; b; a`, false},
		{Zsh, `alias -g -- 'G=/'`, `rm -rf G`, `rm delete:/+R; rm delete:/home/u/G+R`, false},
		{Zsh, `alias -- 'x=rm -rf /'`, `x`, `rm delete:/+R; x`, false},
		{Fish, `abbr -a -- x 'rm -rf /'`, `x`, `rm delete:/+R; x`, false},
		// Functions.
		{Bash, "f () \n{ \n    rm -rf /\n}", `f`, `[f()]rm delete:/+R; f`, false},
		{Bash, "f () \n{ \n    rm -rf \"$1\"\n}", `f /srv`, `[f()]rm delete:/srv+R; f`, false},
		{Bash, "f () \n{ \n    rm -rf \"$D\"\n}\nD='/srv'", `f`, `[f()]rm delete:/srv+R; f`, false},
		{Zsh, "f() {\n\trm -rf /\n}", `f`, `[f()]rm delete:/+R; f`, false},
		{Fish, "function f\n    rm -rf $argv\nend", `f /srv`, `[f()]rm delete:/srv+R; f`, false},
		{Bash, "f () \n{ \n    f\n}", `f`, `[f()]f; f`, false},
		// A state that is not only definitions is ignored.
		{Bash, "D='/srv/app'\nrm -rf /", `rm -rf "$D"/*`, `rm delete:/*+R+D+G`, true},
		{Bash, `D=$(echo /srv)`, `rm -rf "$D"/*`, `rm delete:/*+R+D+G`, true},
		{Bash, `D=$HOME`, `rm -rf "$D"/*`, `rm delete:/*+R+D+G`, true},
		{Bash, `D='/srv' >/tmp/x`, `rm -rf "$D"/*`, `rm delete:/*+R+D+G`, true},
		{Bash, `D='/srv`, `rm -rf "$D"/*`, `rm delete:/*+R+D+G`, true},
		{Bash, `alias -- 'x=rm -rf /' && D=1`, `x`, `x`, true},
		{Bash, `alias -p`, `x`, `x`, true},
		{Bash, `echo hi`, `ls`, `ls`, true},
		{Bash, `a[$(reboot)]=1`, `ls`, `ls`, true},
		{Fish, `set -g D (echo /srv)`, `rm -rf $D`, `rm delete:+R+D`, true},
		{Fish, `abbr -a -- x`, `x`, `x`, true},
	}
	for _, tt := range tests {
		opt := testOpts
		opt.Dialect, opt.State = tt.d, tt.state
		res := Analyze(tt.line, opt)
		if got := summary(res); got != tt.want {
			t.Errorf("%s state %q line %q:\n got %s\nwant %s", tt.d, tt.state, tt.line, got, tt.want)
		}
		if (res.StateError != "") != tt.stateErr {
			t.Errorf("%s state %q line %q: state error %q, want one: %v", tt.d, tt.state, tt.line, res.StateError, tt.stateErr)
		}
	}
}

func TestSessionNamesValue(t *testing.T) {
	opt := testOpts
	opt.State = `D='/srv/app'`
	res := Analyze(`rm -rf "$D"/*`, opt)
	if res.Session["D"] != "/srv/app" {
		t.Errorf("Session = %v", res.Session)
	}
	if len(res.Invocations) != 1 || res.Invocations[0].Argv[2].Raw != `"$D"/*` {
		t.Errorf("the word from the session does not keep its source text: %+v", res.Invocations)
	}
}

// A state can only tell more: whatever it holds, a line that is stopped
// without it still has its dangerous invocation.
func TestSessionOnlyAdds(t *testing.T) {
	states := []string{
		`rm () { :; }`,
		`alias -- 'rm=:'`,
		`alias -- 'rm=echo'`,
		"alias -- 's=: '",
		`PATH=''`,
		`IFS='x'`,
		strings.Repeat(`D='x'`+"\n", 600),
		strings.Repeat("f () { f; }\n", 10),
	}
	for _, st := range states {
		for _, d := range []Dialect{Bash, Zsh} {
			for _, line := range []string{`rm -rf /`, `sudo rm -rf /`, `rm -rf "$HOME"`} {
				opt := testOpts
				opt.Dialect, opt.State = d, st
				got := summary(Analyze(line, opt))
				if !strings.Contains(got, "rm delete:/") {
					t.Errorf("%s state %.40q… line %q: %s", d, st, line, got)
				}
			}
		}
	}
}

// FuzzSessionState feeds outside state (bad quoting, huge, nested, not
// UTF-8) with lines: never a panic or a hang, and a line that deletes /
// without state still does, or is a Problem (confirm).
func FuzzSessionState(f *testing.F) {
	for _, s := range []string{
		`D='/srv/app'`, `declare -x E='1'`, `a=('rm' '-rf' '/')`, `alias -- 'x=rm -rf /'`,
		"alias -- 's=sudo '\nalias -- 'x=rm -rf /'", "f () \n{ \n    rm -rf \"$1\"\n}",
		`alias -g -- 'G=/'`, "set -g -- D /srv/app", "function f\n    rm -rf $argv\nend",
		"abbr -a -- x 'rm -rf /'", `D=$'\xff\xfe'`, `D='` + strings.Repeat("(", 200) + `'`,
		strings.Repeat("f () { ", 100) + strings.Repeat("}", 100), "alias -- 'x=x x x x'",
		"a=(" + strings.Repeat("'x' ", 300) + ")",
	} {
		for _, d := range []string{"bash", "zsh", "fish"} {
			f.Add(d, s, `rm -rf /`)
			f.Add(d, s, `x; f; rm -rf "$D" $a G`)
		}
	}
	f.Fuzz(func(t *testing.T, dialect, state, line string) {
		d, ok := ParseDialect(dialect)
		if !ok {
			d = Bash
		}
		opt := testOpts
		opt.Dialect, opt.State = d, state
		res := Analyze(line, opt)
		if line == `rm -rf /` && !strings.Contains(summary(res), "rm delete:/+R") && len(res.Problems) == 0 {
			t.Errorf("state %q lets rm -rf / through: %s", state, summary(res))
		}
	})
}

// BenchmarkSessionState is what reading the state costs belay: the
// bench-hook line with the state the bash hook passes for it, and
// without; and the largest state a hook passes, 16384 characters of
// definitions.
func BenchmarkSessionState(b *testing.B) {
	const line = `p 'ok-%s\n' 1; : "$D" "${a[@]}"`
	big := strings.Repeat("f () \n{ \n    rm -rf \"$1\" \"$D\" /srv/app/x\n}\n", 16384/41)
	for _, bb := range []struct{ name, state string }{
		{"none", ""},
		{"bench", "D='/srv/app'\na=('one' 'two' 'three')\nalias -- 'p=printf'\n"},
		{"16K", big},
		{"64KiB", "D='" + strings.Repeat("\U0001F600", 16000) + "'\n"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			opt := testOpts
			opt.State = bb.state
			for b.Loop() {
				if res := Analyze(line, opt); res.StateError != "" || len(res.Problems) > 0 {
					b.Fatal(res.StateError, res.Problems)
				}
			}
		})
	}
}
