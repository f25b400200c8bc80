package shell

import (
	"fmt"
	"strings"
	"testing"
)

// TestArgReader reads arguments by small grammars and prints every option
// as name=value (or name! when the command would refuse it).
func TestArgReader(t *testing.T) {
	g := &command{name: "t", short: "ab:c::", long: "alpha beta: gamma:: bet-on", abbrev: true}
	tests := []struct {
		c    *command
		args string
		want string // options, then "|" and the operands
	}{
		{g, "-a x", "-a | x"},
		{g, "-ab val x", "-a -b=val | x"},
		{g, "-abval x", "-a -b=val | x"},
		{g, "-b -a x", "-b=-a | x"},
		{g, "-c x", "-c | x"},
		{g, "-cval x", "-c=val | x"},
		{g, "-ac x", "-a -c | x"},
		{g, "--alpha --beta v x", "--alpha --beta=v | x"},
		{g, "--beta=v x", "--beta=v | x"},
		{g, "--gamma x", "--gamma | x"},
		{g, "--gamma=v x", "--gamma=v | x"},
		{g, "--alp x", "--alpha | x"},        // a unique prefix
		{g, "--be x", "--be! | x"},           // beta or bet-on
		{g, "--bet x", "--bet! | x"},         // still both
		{g, "--beta-x x", "--beta-x! | x"},   // unknown
		{g, "--alpha=1 x", "--alpha=1! | x"}, // takes no value
		{g, "-z x", "-z! | x"},               // unknown: a flag
		{g, "-b", "-b! |"},                   // a value missing
		{g, "x -a -- -b y", "-a | x -b y"},   // options anywhere, -- ends them
		{g, "- -a", "-a | -"},                // "-" is an operand
		{&command{short: "n:", numeric: true}, "-10 -n 5 x", "-10 -n=5 | x"},
		{&command{short: "o:", plus: true}, "+o posix -o x y", "+o=posix -o=x | y"},
		{&command{short: "n:", long: "netns:", dashLong: true}, "-netns blue -n red link", "-netns=blue -n=red | link"},
		{nil, "-rf --force=1 x -- -y", "-r -f --force=1 | x -y"},
	}
	for _, tt := range tests {
		var args []Arg
		if tt.args != "" {
			args = toArgs(strings.Fields(tt.args))
		}
		p := parseArgs(tt.c, args)
		var parts []string
		for _, o := range p.opts {
			s := o.name
			if o.hasValue {
				s += "=" + o.value
			}
			if o.bad != fine && tt.c != nil {
				s += "!"
			}
			parts = append(parts, s)
		}
		got := strings.TrimSpace(strings.Join(parts, " ") + " | " + strings.Join(p.operands, " "))
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.args, got, tt.want)
		}
	}
}

// TestArgReaderDynamic checks that a word the analyzer could not resolve
// is an operand, never an option that would swallow the next word.
func TestArgReaderDynamic(t *testing.T) {
	c := &command{short: "t:"}
	p := parseArgs(c, []Arg{{Value: "-t", Dynamic: true}, {Value: "/x"}})
	if fmt.Sprint(p.operands) != "[-t /x]" || len(p.opts) != 0 {
		t.Errorf("dynamic -t: opts %v operands %v", p.opts, p.operands)
	}
}

// TestParseSudo reads sudo command lines as sudo 1.9 does.
func TestParseSudo(t *testing.T) {
	tests := []struct {
		args string // split on spaces; ␣ is a space inside a word
		want string // mode, then the command; bad when sudo would refuse
	}{
		{"rm -rf /", "run [rm -rf /]"},
		{"-u postgres psql", "run -u postgres [psql]"},
		{"-Eu root rm", "run -u root [rm]"},
		{"--user=web rm", "run -u web [rm]"},
		{"--us web rm", "run -u web [rm]"},
		{"--pre rm", "run bad [rm]"}, // preserve-env or preserve-groups
		{"-g wheel -H -n -- rm -rf /", "run [rm -rf /]"},
		{"X=1 -u web Y=2 rm", "run -u web env [X=1 Y=2] [rm]"},
		{"-- X=1 rm", "run [X=1 rm]"},
		{"/opt/a=b/rm x", "run [/opt/a=b/rm x]"},
		{"-D /usr mv a b", "run -D /usr [mv a b]"},
		{"-k rm", "run [rm]"},
		{"-k", "nothing []"},
		{"-K", "nothing []"},
		{"-v", "nothing []"},
		{"-V", "nothing []"},
		{"-l rm -rf /", "nothing [rm -rf /]"},
		{"-h", "nothing []"},
		{"--help", "nothing []"},
		{"-h rm -rf /", "nothing -h rm [/]"},     // host rm, role f, command /
		{"-h host -l", "nothing -h host []"},     // listing on another host
		{"-hhost rm", "nothing -h host [rm]"},    // sudoers runs nothing there
		{"--host=db1 rm", "nothing -h db1 [rm]"}, //
		{"-h -u root rm", "nothing -u root [rm]"},
		{"-h X=1 rm", "nothing env [X=1] [rm]"}, // VAR=value is never the host
		{"-i", "run -i []"},
		{"-s rm -rf /", "run -s [rm -rf /]"},
		{"-i -s true", "run -s -i bad [true]"},
		{"-e /etc/passwd", "edit [/etc/passwd]"},
		{"-e", "edit bad []"},
		{"-e -l x", "nothing bad [x]"},
		{"-Z rm", "run bad [rm]"},
		{"-u", "run bad []"},
	}
	for _, tt := range tests {
		var args []string
		for _, w := range strings.Fields(tt.args) {
			args = append(args, strings.ReplaceAll(w, "␣", " "))
		}
		sa := ParseSudo(args)
		got := []string{"run", "edit", "nothing"}[sa.Mode]
		if sa.User != "" {
			got += " -u " + sa.User
		}
		if sa.Dir != "" {
			got += " -D " + sa.Dir
		}
		if sa.Host != "" {
			got += " -h " + sa.Host
		}
		if sa.Shell {
			got += " -s"
		}
		if sa.Login {
			got += " -i"
		}
		if len(sa.Env) > 0 {
			got += fmt.Sprintf(" env %v", sa.Env)
		}
		if sa.Bad != "" {
			got += " bad"
		}
		got += fmt.Sprintf(" %v", sa.Command)
		if got != tt.want {
			t.Errorf("sudo %s: got %q, want %q", tt.args, got, tt.want)
		}
		if fmt.Sprint(args[sa.At:]) != fmt.Sprint(sa.Command) {
			t.Errorf("sudo %s: At %d does not start %v", tt.args, sa.At, sa.Command)
		}
	}
}

func TestSudoShellLine(t *testing.T) {
	got := SudoShellLine([]string{"rm", "-rf", "a b", "$X", "it's", "x_1"})
	want := `rm -rf a\ b $X it\'s x_1`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
