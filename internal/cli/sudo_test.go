package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/shell"
)

// TestParseSudoArgs reads sudo command lines as sudo 1.9 does, and
// checks the argv belay judges for each.
func TestParseSudoArgs(t *testing.T) {
	getenv := func(k string) string {
		if k == "SHELL" {
			return "/usr/bin/zsh"
		}
		return ""
	}
	rootHome, rootShell, _ := passwdEntry("root")
	tests := []struct {
		args  string // sudo's arguments, split on spaces; ␣ is a space inside a word
		check string // the argv judged, joined with spaces; "" for none
		env   string // the VAR=value operands, joined with spaces
		bad   bool   // sudo would print its usage
	}{
		{args: "rm -rf /", check: "sudo rm -rf /"},
		{args: "-u postgres psql -c select␣1", check: "sudo -u postgres psql -c select␣1"},
		{args: "-Eu root rm -rf /", check: "sudo -u root rm -rf /"},
		{args: "-uroot rm", check: "sudo -u root rm"},
		{args: "--user=web rm x", check: "sudo -u web rm x"},
		{args: "--user web rm x", check: "sudo -u web rm x"},
		{args: "--us=web rm x", check: "sudo -u web rm x"},        // a unique prefix
		{args: "--pre rm x", check: "sudo --pre rm x", bad: true}, // preserve-env or preserve-groups
		{args: "-g wheel -H -n -- rm -rf /", check: "sudo rm -rf /"},
		{args: "-- -weird", check: "sudo -- -weird"},
		{args: "X=1 rm -rf /", check: "sudo rm -rf /", env: "X=1"},
		{args: "-E X=1 -u web Y=2 rm", check: "sudo -u web rm", env: "X=1 Y=2"},
		{args: "-- X=1 rm", check: "sudo X=1 rm"},                    // after --, the command
		{args: "/opt/a=b/rm -rf /", check: "sudo /opt/a=b/rm -rf /"}, // a path is never VAR=value
		{args: "-D /usr mv sbin sbin.bak", check: "sudo -D /usr mv sbin sbin.bak"},
		{args: "-k rm -rf /", check: "sudo rm -rf /"}, // -k with a command runs it
		{args: "-k"}, // -k alone runs nothing
		{args: "-K"},
		{args: "-v"},
		{args: "-V"},
		{args: "-h"},
		{args: "--help"},
		{args: "-l"},
		{args: "-l rm -rf /"}, // only asks whether it may
		{args: "-ll -U bob rm"},
		{args: "-h host -l"},
		{args: "-i"}, // an interactive shell
		{args: "-s"},
		{args: ""},
		{args: "-e /etc/passwd", check: "sudoedit /etc/passwd"},
		{args: "-e -u web -- -f", check: "sudoedit -u web -- -f"},
		{args: "--edit /etc/shadow /etc/group", check: "sudoedit /etc/shadow /etc/group"},
		{args: "-e", check: "sudo -e", bad: true},
		{args: "-s rm -rf /x_y", check: `sudo zsh -c rm␣-rf␣\/x_y`}, // sudo escapes all but [A-Za-z0-9_$-]
		{args: "-s echo $HOME", check: "sudo zsh -c echo␣$HOME"},
		{args: "-i rm -rf x", check: "sudo -D " + rootHome + " " + shellWord(rootShell) + " -c rm␣-rf␣x", env: "HOME=" + rootHome},
		{args: "-i -s true", check: "sudo -i -s true", bad: true},
		{args: "-e -l x", check: "sudo -e -l x", bad: true},
		{args: "-Z rm", check: "sudo -Z rm", bad: true},
		{args: "-u", check: "sudo -u", bad: true},
	}
	words := func(s string) []string {
		var out []string
		for _, w := range strings.Fields(s) {
			out = append(out, strings.ReplaceAll(w, "␣", " "))
		}
		return out
	}
	for _, tt := range tests {
		args := words(tt.args)
		sa := shell.ParseSudo(args)
		argv, env := checkArgv(sa, getenv)
		if sa.Bad != "" {
			argv, env = append([]string{"sudo"}, args...), nil
		}
		if (sa.Bad != "") != tt.bad {
			t.Errorf("sudo %s: bad = %q, want bad %v", tt.args, sa.Bad, tt.bad)
		}
		if want := words(tt.check); !slices.Equal(argv, want) {
			t.Errorf("sudo %s: judged %q, want %q", tt.args, argv, want)
		}
		if g := strings.Join(env, " "); g != tt.env {
			t.Errorf("sudo %s: env %q, want %q", tt.args, g, tt.env)
		}
	}
}

func TestShellCommand(t *testing.T) {
	tests := []struct {
		args []string
		line string
		ok   bool
	}{
		{[]string{"-c", "ls -l"}, "ls -l", true},
		{[]string{"-lc", "ls"}, "ls", true},
		{[]string{"--login", "-c", "ls"}, "ls", true},
		{[]string{"-o", "errexit", "-c", "ls"}, "ls", true},
		{[]string{"-c", "ls", "arg0", "arg1"}, "ls", true},
		{[]string{"-c"}, "", false},
		{[]string{"-x", "--", "-c"}, "", false},
		{[]string{"script.sh", "-c", "x"}, "", false},
		{[]string{"-s"}, "", false},
		{nil, "", false},
	}
	for _, tt := range tests {
		line, ok := shellCommand(tt.args)
		if line != tt.line || ok != tt.ok {
			t.Errorf("shellCommand(%q) = %q, %v; want %q, %v", tt.args, line, ok, tt.line, tt.ok)
		}
	}
	if !slices.Contains([]string{"bash", "zsh", "sh", "fish"}, shellWord("/usr/local/bin/belay-sh")) {
		t.Error("shellWord must name a shell the analyzer knows")
	}
}
