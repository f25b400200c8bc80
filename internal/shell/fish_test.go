package shell

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/testtool"
	"mvdan.cc/sh/v3/syntax"
)

// fishTests are fish lines and what the analyzer makes of them, in the
// summary() form: every construct of fish 3.6 that runs something or
// decides what it runs, dangerous lines and ordinary ones.
var fishTests = []struct {
	line, want string
	fish41     bool // fish 4.1 syntax, which fish 3.6 rejects
}{
	// Words: quotes and escapes.
	{line: `rm -rf /`, want: `rm delete:/+R`},
	{line: `r\m -rf /`, want: `rm delete:/+R`},
	{line: `'rm' -rf /`, want: `rm delete:/+R`},
	{line: `"r"'m' -rf /`, want: `rm delete:/+R`},
	{line: `rm -rf '/tmp/it\'s'`, want: `rm delete:/tmp/it's+R`},
	{line: `rm -rf '/tmp/a\\b'`, want: `rm delete:/tmp/a\b+R`},
	{line: `rm -rf '/tmp/a\nb'`, want: `rm delete:/tmp/a\nb+R`},
	{line: `rm -rf "/tmp/a\"b"`, want: `rm delete:/tmp/a"b+R`},
	{line: `rm -rf "/tmp/\$HOME"`, want: `rm delete:/tmp/$HOME+R`},
	{line: `rm -rf "/tmp/a\\b\nc"`, want: `rm delete:/tmp/a\b\nc+R`},
	{line: "rm -rf \"/s\\\nrv\"", want: `rm delete:/srv+R`},
	{line: `rm -rf /tmp/\x41\X42\103`, want: `rm delete:/tmp/ABC+R`},
	{line: `rm -rf /tmp/\u00e9\U0001F600`, want: `rm delete:/tmp/é😀+R`},
	{line: `rm -rf /tmp/a\ b`, want: `rm delete:/tmp/a b+R`},
	{line: `rm -rf /\$HOME`, want: `rm delete:/$HOME+R`},
	{line: `rm -rf /srv/\*`, want: `rm delete:/srv/*+R`},
	{line: `rm -rf /srv/\{a,b\}`, want: `rm delete:/srv/{a,b}+R`},
	{line: `rm -rf /\(x\)\[1\]\<\>\&\|\;\#\"\'\?`, want: `rm delete:/(x)[1]<>&|;#"'?+R`},
	{line: `rm -rf \~`, want: `rm delete:/home/u/~+R`},
	{line: `rm -rf /\x00tmp/x`, want: `rm delete:/+R`},   // fish ends the argument at the NUL
	{line: `rm -rf "/"\x00"tmp"`, want: `rm delete:/+R`}, // wherever it is
	{line: `rm -rf a&b`, want: `rm delete:/home/u/a&b+R`},
	{line: `echo ^ /etc/passwd`, want: `echo`}, // ^ is no redirection in fish 3.6
	// Variables are lists.
	{line: `set d /srv; rm -rf $d`, want: `rm delete:/srv+R`},
	{line: `set d /srv /opt; rm -rf $d`, want: `rm delete:/srv+R delete:/opt+R`},
	{line: `set d /srv /opt; rm -rf $d/cache`, want: `rm delete:/srv/cache+R delete:/opt/cache+R`},
	{line: `set d /srv /opt; rm -rf "$d"`, want: `rm delete:/srv /opt+R`},
	{line: `set d "/srv /opt"; rm -rf $d`, want: `rm delete:/srv /opt+R`}, // no word splitting
	{line: `set d /a /b /c; rm -rf $d[2]`, want: `rm delete:/b+R`},
	{line: `set d /a /b /c; rm -rf $d[2..3]`, want: `rm delete:/b+R delete:/c+R`},
	{line: `set d /a /b /c; rm -rf $d[-1] $d[3..1]`, want: `rm delete:/c+R delete:/c+R delete:/b+R delete:/a+R`},
	{line: `set d /a /b /c; rm -rf "$d[1]" $d[5]`, want: `rm delete:/a+R`},
	{line: `set i 2; set d /a /b; rm -rf $d[$i]`, want: `rm delete:/b+R`},
	{line: `set d /a; rm -rf $d[$i]`, want: `rm delete:+R+D`},
	{line: `set d; rm -rf /$d`, want: `rm`}, // an empty list: no argument at all
	{line: `set -e d; rm -rf /$d`, want: `rm delete:/+R+D`},
	{line: `rm -rf $UNSET/*`, want: `rm delete:/*+R+D+G`},
	{line: `rm -rf $argv`, want: `rm delete:+R+D`},
	{line: `set w srv; rm -rf /{$w}x`, want: `rm delete:/srvx+R`},
	{line: `set -gx D /srv; rm -rf $D`, want: `rm delete:/srv+R`},
	{line: `set d /a; set -a d /b; rm -rf $d`, want: `rm delete:/a+R delete:/b+R`},
	{line: `set d /a; set --prepend d /b; rm -rf $d`, want: `rm delete:/b+R delete:/a+R`},
	{line: `set d /a /b; set d[1] /z; rm -rf $d`, want: `rm delete:/a+R+D delete:/b+R+D`},
	{line: `set FOOPATH /a:/b; rm -rf $FOOPATH`, want: `rm delete:/a+R delete:/b+R`},
	{line: `set -gx PATH /usr/bin $PATH; rm -rf $PATH[1]`, want: `rm delete:/usr/bin+R+D`}, // PATH itself is unknown
	{line: `set -l x /a; set -q x; and rm -rf $x`, want: `set; rm delete:/a+R`},
	{line: `D=/srv rm -rf $D`, want: `rm delete:/srv+R`},
	{line: `D=/srv true; rm -rf $D`, want: `true; rm delete:+R+D`},
	{line: `D={/a,/b} rm -rf $D`, want: `rm delete:/a+R delete:/b+R`},
	{line: `A=/x begin; rm -rf $A; end`, want: `rm delete:/x+R`},
	{line: `begin; set -l d /tmp/x; rm -rf $d; end; rm -rf $d`, want: `rm delete:/tmp/x+R; rm delete:/tmp/x+R+D`}, // after the block, d is the session's
	{line: `begin; set d /tmp/x; end; rm -rf $d`, want: `rm delete:/tmp/x+R`},                                     // a global: still set after it
	{line: `rm -rf "$PWD/x"`, want: `rm delete:/home/u/x+R`},
	{line: `rm -rf "$HOME/x"`, want: `rm delete:/home/u/x+R`},
	{line: `rm -rf ~ ~/x`, want: `rm delete:/home/u+R delete:/home/u/x+R`},
	{line: `rm -rf ~root/x`, want: `rm delete:/x+R+D`},
	{line: `rm -rf "~" a~`, want: `rm delete:/home/u/~+R delete:/home/u/a~+R`},
	{line: `set -l cmd rm -rf; $cmd /x`, want: `rm delete:/x+R`},
	{line: `{rm,-rf,/x}`, want: `rm delete:/x+R`},                                           // braces make the command and its arguments
	{line: `set x /tmp/ok; set (echo x) /; rm -rf $x`, want: `echo; rm delete:/tmp/ok+R+D`}, // any variable may have changed
	{line: `set x /tmp/ok; set $opt x /; rm -rf $x`, want: `rm delete:/tmp/ok+R+D`},
	// Braces and wildcards.
	{line: `rm -rf /usr/{bin,sbin}`, want: `rm delete:/usr/bin+R delete:/usr/sbin+R`},
	{line: `mv /usr/sbin{,.bak}`, want: `mv rename:/usr/sbin write:/usr/sbin.bak+R`},
	{line: `rm -rf /srv/{a,b}{1,2}`, want: `rm delete:/srv/a1+R delete:/srv/b1+R delete:/srv/a2+R delete:/srv/b2+R`},
	{line: `rm -rf {} /srv/{a}`, want: `rm delete:/home/u/{}+R delete:/srv/{a}+R`},
	{line: `rm -rf /{ srv , opt }`, want: `rm delete:/srv+R delete:/opt+R`},
	{line: `rm -rf /{a,{b,c}d}`, want: `rm delete:/a+R delete:/bd+R delete:/cd+R`},
	{line: `rm -rf /{a,(echo b)}`, want: `echo; rm delete:/a+R delete:/b+R`},
	{line: `rm -rf /var/www/* /srv/** /tmp/file?`, want: `rm delete:/var/www/*+R+G delete:/srv/**+R+G delete:/tmp/file?+R+G`},
	{line: `rm -rf '/var/www/*'`, want: `rm delete:/var/www/*+R`},
	// Command substitutions.
	{line: `rm -rf (echo /x)`, want: `echo; rm delete:/x+R`},
	{line: `rm -rf (cat f)`, want: `cat; rm delete:+R+D`},
	{line: `set c (string replace Q '' Qrm); $c -rf /x`, want: `string; rm delete:/x+R`},
	{line: `function f; $argv; end; f rm -rf /x`, want: `; [f()]rm delete:/x+R`},
	{line: `source (echo 'rm -rf /x' | psub)`, want: `echo; psub; [source]rm delete:/x+R`},
	{line: `source (kubectl completion fish | psub)`, want: `kubectl; psub`}, // as bash's source <(kubectl completion bash)
	{line: `rm -rf $(echo /x) "$(echo /y)"`, want: `echo; echo; rm delete:/x+R delete:/y+R`},
	{line: `rm -rf "(echo /x)"`, want: `rm delete:/home/u/(echo /x)+R`},
	{line: `echo (rm -rf /x)`, want: `rm delete:/x+R; echo`},
	{line: `echo (echo (rm -rf /x))`, want: `rm delete:/x+R; echo; echo`},
	{line: `echo "x$(rm -rf /x)y"`, want: `rm delete:/x+R; echo`},
	{line: `rm -rf /srv/(date +%F)`, want: `date; rm delete:/srv+R+D`},
	{line: `rm -rf (ls)[1]`, want: `ls; rm delete:+R+D`},
	{line: `set f (mktemp -d); rm -rf $f`, want: `mktemp; rm delete:+R+D`},
	{line: `eval 'rm -rf /x'`, want: `[eval]rm delete:/x+R`},
	{line: `eval "rm -rf (echo /x)"`, want: `[eval]echo; [eval]rm delete:/x+R`}, // eval reads fish
	{line: `fish -c 'rm -rf (echo /x)'`, want: `[fish -c]echo; [fish -c]rm delete:/x+R`},
	{line: `fish --command='rm -rf /x' -C 'rm -rf /y'`, want: `[fish -c]rm delete:/x+R; [fish -c]rm delete:/y+R`},
	{line: `fish -ic 'rm -rf /x'; fish -Nc'rm -rf /y'; fish --init-command 'rm -rf /z' script.fish`, want: `[fish -c]rm delete:/x+R; [fish -c]rm delete:/y+R; [fish -c]rm delete:/z+R`},
	{line: `fish -d all -c 'rm -rf /x'; fish -n -c 'rm -rf /y'; fish script.fish 'rm -rf /z'`, want: `[fish -c]rm delete:/x+R; fish; fish`},
	{line: `fish -f qmark-noglob -c 'rm -rf /x'`, want: `[fish -c]rm delete:/x+R`}, // -f takes a value
	{line: `bash -c "fish -c 'rm -rf /x'"`, want: `[bash -c>fish -c]rm delete:/x+R`},
	// and, or, not, pipes, background.
	{line: `true; and rm -rf /x`, want: `true; rm delete:/x+R`},
	{line: `false; or rm -rf /x`, want: `false; rm delete:/x+R`},
	{line: `and rm -rf /x`, want: `rm delete:/x+R`},
	{line: `not rm -rf /x`, want: `rm delete:/x+R`},
	{line: `! rm -rf /x`, want: `rm delete:/x+R`},
	{line: `not not rm -rf /x`, want: `rm delete:/x+R`},
	{line: `true && rm -rf /x || rm -rf /y`, want: `true; rm delete:/x+R; rm delete:/y+R`},
	{line: `true && and rm -rf /x`, want: `true; rm delete:/x+R`},
	{line: `echo /x | xargs rm -rf`, want: `echo; [xargs]rm delete:/x+R`},
	{line: `ls &| rm -rf /x`, want: `ls; rm delete:/x+R`},
	{line: `ls 2>| rm -rf /x`, want: `ls; rm delete:/x+R`},
	{line: `echo 'rm -rf /x' | sh`, want: `echo; [sh <<<]rm delete:/x+R`},
	{line: `echo 'rm -rf /x' | fish`, want: `echo; [fish <<<]rm delete:/x+R`},
	{line: `rm -rf /x &`, want: `rm delete:/x+R`},
	{line: `sleep 1 & rm -rf /x`, want: `sleep; rm delete:/x+R`},
	{line: "echo a\nrm -rf /x", want: `echo; rm delete:/x+R`},
	{line: "rm -rf /x \\\n /y", want: `rm delete:/x+R delete:/y+R`},
	{line: `echo a # ; rm -rf /x`, want: `echo`},
	{line: `echo a#b; rm -rf /x`, want: `echo; rm delete:/x+R`},
	{line: `cd /srv; and rm -rf y`, want: `cd; rm delete:/srv/y+R`},
	{line: `test -d /x; and cd /x; rm -rf y`, want: `test; cd; rm delete:y+R`},
	// Redirections.
	{line: `echo x > /etc/passwd`, want: `echo write:/etc/passwd`},
	{line: `echo x >> /etc/fstab`, want: `echo append:/etc/fstab`},
	{line: `echo x >? /etc/x`, want: `echo write:/etc/x`},
	{line: `echo x 2> /etc/x 2>> /etc/y`, want: `echo write:/etc/x append:/etc/y`},
	{line: `cat /dev/urandom &> /dev/sda`, want: `cat write:/dev/sda`},
	{line: `echo x &>> /var/log/x`, want: `echo append:/var/log/x`},
	{line: `echo x 2>&1 >/dev/null >&2 3>&-`, want: `echo write:/dev/null`},
	{line: `cat < /etc/passwd`, want: `cat`},
	{line: `echo a>/etc/x`, want: `echo write:/etc/x`},
	{line: `begin; echo a; end > /etc/hosts`, want: ` write:/etc/hosts; echo`},
	// Blocks.
	{line: `begin; rm -rf /x; end`, want: `rm delete:/x+R`},
	{line: `begin rm -rf /x; end`, want: `rm delete:/x+R`},
	{line: "begin\n  rm -rf /x\nend", want: `rm delete:/x+R`},
	{line: `{ rm -rf /x; }`, want: `rm delete:/x+R`, fish41: true},
	{line: `if test -f /x; rm -rf /x; end`, want: `test; rm delete:/x+R`},
	{line: `if true; echo; else if false; rm -rf /y; else; rm -rf /z; end`, want: `true; echo; false; rm delete:/y+R; rm delete:/z+R`},
	{line: `if true; and false; rm -rf /x; end`, want: `true; false; rm delete:/x+R`},
	{line: `set D /srv; if true; set D /opt; end; rm -rf $D`, want: `true; rm delete:/srv+R+D`},
	{line: `while true; rm -rf /x; end`, want: `true; rm delete:/x+R`},
	{line: `while read -l f; rm -rf $f; end < list`, want: `read; rm delete:+R+D`},
	{line: `for f in /srv /opt; rm -rf $f; end`, want: `rm delete:/srv+R; rm delete:/opt+R`},
	{line: `for f in *.log; gzip $f; end`, want: `gzip`},
	{line: `for f in *.bak; rm $f; end`, want: `rm delete:/home/u/*.bak+D`},
	{line: `for x in; rm -rf /$x; end`, want: `rm delete:/+R+D`},
	{line: `for i in (seq 3); rm -rf /srv/$i; end`, want: `seq; rm delete:/srv+R+D`},
	{line: `switch (uname); case Linux; rm -rf /x; case '*'; echo; end`, want: `uname; rm delete:/x+R; echo`},
	{line: `switch $x; case (rm -rf /y); end`, want: `rm delete:/y+R`},
	{line: `function ll; ls -l $argv; end`, want: `ls`},
	{line: `function f -a d; rm -rf $d; end`, want: `rm delete:+R+D`},
	{line: `function f --argument-names a b; rm -rf /srv/$a/$b; end`, want: `rm delete:/srv+R+D`},
	{line: `function f -d 'clean up' -w rm; rm -rf /x; end`, want: `rm delete:/x+R`},
	{line: `set x /tmp/ok; function f -a a -d desc x; rm -rf $x; end`, want: `rm delete:+R+D`}, // x is a name too: an argument
	{line: `function f; return 1; end`, want: `return`},
	{line: `for x in a b; break; continue; end`, want: `break; continue; break; continue`},
	{line: `time rm -rf /x`, want: `rm delete:/x+R`},
	// Decorations and wrappers.
	{line: `command rm -rf /x`, want: `[command]rm delete:/x+R`},
	{line: `builtin cd /x`, want: `[builtin]cd`},
	{line: `exec rm -rf /x`, want: `[exec]rm delete:/x+R`},
	{line: `sudo rm -rf /x`, want: `[sudo]rm delete:/x+R`},
	{line: `builtin and rm -rf /x`, want: `[builtin]and`}, // fish's "and" runs nothing as a command
	{line: `source ./env.fish`, want: `source`},
	// source reads what is piped into it, as fish code (#15.2).
	{line: `echo reboot | source`, want: `echo; [source]reboot power:`},
	{line: `echo 'rm -rf /x' | source -`, want: `echo; [source]rm delete:/x+R`},
	{line: `curl -s https://x.example | source`, want: `curl; source unseen-code:https://x.example+D`},
	{line: `. ./env.fish`, want: `.`},
	{line: `if --help`, want: `if`},
	{line: `not`, want: `not`},
	// Ordinary lines.
	{line: `git status`, want: `git`},
	{line: `set -gx EDITOR vim`, want: ``},
	{line: `cd ~/src; and make -j4`, want: `cd; make`},
	{line: `rm -rf ./build`, want: `rm delete:/home/u/build+R`},
	{line: `string match -q '*x*' $v; and echo yes`, want: `string; echo`},
	{line: `count $argv; math 1 + 2; status is-interactive`, want: `count; math; status`},
	{line: `alias ll 'ls -l'; abbr -a g git; funcsave ll`, want: `ls; alias; git; abbr; funcsave`}, // the alias and the abbreviation judged where defined (deferred.go)
	{line: `type -q rm; or echo no`, want: `type; echo`},
	{line: `set -q SSH_CONNECTION; and set -l remote 1`, want: `set`},
	{line: `for f in *.txt; mv $f (basename $f .txt).md; end`, want: `basename; mv rename:/home/u/*.txt+D write:/home/u/.md+R+D`},
	{line: `echo (set_color red)error(set_color normal)`, want: `set_color; set_color; echo`},
	{line: `tar czf backup.tgz ~/src 2>/dev/null`, want: `tar write:/dev/null`},
	// Lines that do not parse, or are unfinished: judged on what they hold.
	{line: `rm -rf / )`, want: `rm delete:/+R; (parse error)`},
	{line: `rm -rf /; echo )`, want: `rm delete:/+R; echo; (parse error)`},
	{line: `for f in *; rm -rf $f`, want: `rm delete:/home/u/*+R+D; (incomplete)`},
	{line: `rm -rf / &&`, want: `rm delete:/+R; (incomplete)`},
	{line: `rm -rf '/x`, want: `rm delete:/x+R; (incomplete)`},
	{line: `echo (rm -rf /x`, want: `rm delete:/x+R; echo; (incomplete)`},
	{line: `echo "$(rm -rf /x`, want: `rm delete:/x+R; echo; (incomplete)`},
	{line: `for d in (rm -rf /x`, want: `rm delete:/x+R; (incomplete)`},
	{line: `(rm -rf /x`, want: `rm delete:/x+R; ; (incomplete)`}, // a command name only known when it runs
	{line: `begin; rm -rf /x`, want: `rm delete:/x+R; (incomplete)`},
	{line: `echo )`, want: `echo; (parse error)`},
}

func TestFish(t *testing.T) {
	if len(fishTests) < 100 {
		t.Errorf("only %d fish lines in the table", len(fishTests))
	}
	for _, tt := range fishTests {
		o := testOpts
		o.Dialect = Fish
		a := Analyze(tt.line, o)
		if got := summary(a); got != tt.want {
			t.Errorf("Analyze(fish, %q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
		for _, inv := range a.Invocations {
			for _, w := range inv.Wrappers {
				if w == "and" || w == "or" || w == "not" || w == "begin" {
					t.Errorf("Analyze(fish, %q): %s is seen through %q", tt.line, inv.Name, w)
				}
			}
		}
	}
}

// TestFishAgreesWithFish checks every line of the tables against fish
// itself (fish -n, which only parses): the lines that parse here parse
// there, and those that do not, do not.
func TestFishAgreesWithFish(t *testing.T) {
	fish := testtool.Need(t, "fish")
	dir := t.TempDir()
	type check struct {
		line string
		ok   bool // fish must accept it
	}
	var checks []check
	for _, tt := range fishTests {
		if !tt.fish41 {
			_, err := parseFish(tt.line)
			checks = append(checks, check{tt.line, err == nil})
		}
	}
	for _, tt := range fishErrors {
		if !tt.stricter {
			checks = append(checks, check{tt.line, false})
		}
	}
	accepts := make([]bool, len(checks))
	var wg sync.WaitGroup
	work := make(chan int)
	for range 4 {
		wg.Go(func() {
			for i := range work {
				f := filepath.Join(dir, strconv.Itoa(i)+".fish")
				if err := os.WriteFile(f, []byte(checks[i].line), 0o600); err != nil {
					t.Error(err)
					continue
				}
				accepts[i] = exec.Command(fish, "--no-config", "-n", f).Run() == nil
			}
		})
	}
	for i := range checks {
		work <- i
	}
	close(work)
	wg.Wait()
	for i, c := range checks {
		if accepts[i] != c.ok {
			t.Errorf("%q: fish -n accepts it: %v; parseFish: %v", c.line, accepts[i], c.ok)
		}
	}
}

// fishErrors are lines that do not parse, with where and why, and whether
// fish would wait for more input (incomplete) rather than reject them.
var fishErrors = []struct {
	line       string
	pos        string // line:col
	text       string // the start of the message
	incomplete bool
	stricter   bool // rejected here, while fish -n leaves it to run time
}{
	{line: `echo )`, pos: "1:6", text: "Unexpected ')' for unopened parenthesis"},
	{line: `echo 'abc`, pos: "1:6", text: "Unexpected end of string, quotes", incomplete: true},
	{line: `echo "abc $x`, pos: "1:6", text: "Unexpected end of string, quotes", incomplete: true},
	{line: `echo (ls`, pos: "1:6", text: "Unexpected end of string, expecting ')'", incomplete: true},
	{line: `echo "$(ls"`, pos: "1:11", text: "Unexpected end of string, quotes", incomplete: true},
	{line: `for f in *; rm $f`, pos: "1:1", text: "Missing end to balance this for loop", incomplete: true},
	{line: "if true\n  echo", pos: "1:1", text: "Missing end to balance this if statement", incomplete: true},
	{line: "switch $x\ncase a", pos: "1:1", text: "Missing end", incomplete: true},
	{line: `function f`, pos: "1:1", text: "Missing end", incomplete: true},
	{line: `while true`, pos: "1:1", text: "Missing end", incomplete: true},
	{line: `begin; echo`, pos: "1:1", text: "Missing end", incomplete: true},
	{line: `echo a |`, pos: "1:9", text: "Expected a command", incomplete: true},
	{line: `echo a &&`, pos: "1:10", text: "Expected a command", incomplete: true},
	{line: "echo a ||\n", pos: "2:1", text: "Expected a command", incomplete: true},
	{line: `echo a \`, pos: "1:8", text: "Unexpected end of string, incomplete escape", incomplete: true},
	{line: `end`, pos: "1:1", text: "'end' outside of a block"},
	{line: `echo; else`, pos: "1:7", text: "'else' builtin not inside of if block"},
	{line: `case x`, pos: "1:1", text: "'case' builtin not inside of switch block"},
	{line: "echo a\necho $", pos: "2:6", text: "Expected a variable name after this $."},
	{line: `echo "a$"`, pos: "1:8", text: "Expected a variable name"},
	{line: `a=b`, pos: "1:1", text: "Unsupported use of '='. In fish, please use 'set a b'."},
	{line: `echo {a`, pos: "1:6", text: "Unexpected end of string, incomplete parameter expansion"},
	{line: `echo a}`, pos: "1:7", text: "Unexpected '}' for unopened brace expansion"},
	{line: `echo $x[1`, pos: "1:8", text: "Unexpected end of string, square brackets"},
	{line: `echo x[`, pos: "1:7", text: "Unexpected end of string, square brackets"},
	{line: `echo \e[0m`, pos: "1:8", text: "Unexpected end of string, square brackets"},
	{line: `(ls) -l`, pos: "1:1", text: "command substitutions not allowed here"},
	{line: `"$(ls)"`, pos: "1:1", text: "command substitutions not allowed here"},
	{line: `echo a |& cat`, pos: "1:8", text: "|& is not valid"},
	{line: `echo a 0>| cat`, pos: "1:8", text: "Cannot use stdin (fd 0) as pipe output"},
	{line: `echo \xZ`, pos: "1:6", text: "Incomplete escape sequence"},
	{line: `echo \400`, pos: "1:6", text: "Invalid token"},
	{line: `echo \U110000`, pos: "1:6", text: "Invalid token"},
	{line: `begin; end foo`, pos: "1:12", text: "'end' does not take arguments"},
	{line: `switch a b; end`, pos: "1:10", text: "Expected end of the statement"},
	{line: `echo a | and echo b`, pos: "1:10", text: "The 'and' command can not be used in a pipeline"},
	{line: `and`, pos: "1:4", text: "Expected a command"},
	{line: `echo >`, pos: "1:7", text: "Expected a string"},
	{line: `echo a > | cat`, pos: "1:10", text: "Expected a string"},
	{line: `for x-y in a; end`, pos: "1:5", text: "for: x-y: invalid variable name", stricter: true},
	{line: `for x y; end`, pos: "1:7", text: "Expected keyword 'in'"},
	{line: `if true; else; else; end`, pos: "1:16", text: "'else' builtin not inside of if block"},
	{line: `switch a; echo; end`, pos: "1:1", text: "Missing end"},
	{line: "echo \x00", pos: "1:6", text: "a NUL byte", stricter: true},
	{line: strings.Repeat("begin; ", maxFishDepth+1), pos: "1:1793", text: "nested more than", stricter: true},
	{line: "echo " + strings.Repeat("(", maxFishDepth+1), pos: "1:262", text: "nested more than", stricter: true},
}

func TestFishErrors(t *testing.T) {
	for _, tt := range fishErrors {
		_, err := parseFish(tt.line)
		var pe syntax.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: error %v, want a syntax.ParseError", tt.line, err)
			continue
		}
		if got := pe.Pos.String(); got != tt.pos || !strings.HasPrefix(pe.Text, tt.text) || syntax.IsIncomplete(err) != tt.incomplete {
			t.Errorf("%q: %s %q (incomplete %v), want %s %q… (incomplete %v)", tt.line, got, pe.Text, syntax.IsIncomplete(err), tt.pos, tt.text, tt.incomplete)
		}
		a := Analyze(tt.line, Options{Dialect: Fish})
		if a.Incomplete != tt.incomplete || (a.ParseError != nil) == tt.incomplete {
			t.Errorf("%q: Analyze: incomplete %v, parse error %v", tt.line, a.Incomplete, a.ParseError)
		}
	}
}

// TestFishPositions checks that invocations report where their command
// is, counted in the lines of the fish line.
func TestFishPositions(t *testing.T) {
	a := Analyze("echo a\n  begin; rm -rf /x; end; echo (reboot)", Options{Dialect: Fish})
	var got []string
	for _, inv := range a.Invocations {
		got = append(got, inv.Name+"@"+inv.Pos.String())
	}
	if s := strings.Join(got, " "); s != "echo@1:1 rm@2:10 reboot@2:32 echo@2:26" {
		t.Errorf("positions: %s", s)
	}
}

// TestFishReadsFishOwnScripts parses the functions and completions that
// come with fish (over a thousand files): each parses, and each of its
// statements parses alone into the same commands.
func TestFishReadsFishOwnScripts(t *testing.T) {
	fish := testtool.Need(t, "fish")
	out, err := exec.Command(fish, "--no-config", "-c", "echo $__fish_data_dir").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := strings.TrimSpace(string(out))
	n := 0
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".fish" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if _, err := parseFish(string(data)); err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if err := checkFishParse(string(data), false); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("only %d fish scripts in %s", n, dir)
	}
}

// TestFishAcks checks which invocations BELAY_ACK= acknowledges in fish.
func TestFishAcks(t *testing.T) {
	tests := []struct {
		line, want string // want: per invocation, name=acks
	}{
		{`BELAY_ACK=system.reboot,x.y reboot; env BELAY_ACK=a.b ls`, `reboot=[system.reboot x.y]; ls=[a.b]`},
		{`BELAY_ACK=x true; and rm -rf /x`, `true=[x]; rm=[]`},
		{`set -x BELAY_ACK x; rm -rf /x`, `rm=[]`},
		// The hint belay gives puts BELAY_ACK= before the whole line: fish
		// takes it before a block too, for the commands in the block.
		{`BELAY_ACK=c.d begin; reboot; end; rm -rf /x`, `reboot=[c.d]; rm=[]`},
		{`BELAY_ACK=c.d not begin; reboot; end`, `reboot=[c.d]`},
	}
	for _, tt := range tests {
		a := Analyze(tt.line, Options{Dialect: Fish})
		var parts []string
		for _, inv := range a.Invocations {
			ids := []string{}
			for _, k := range inv.Acks {
				ids = append(ids, k.ID)
			}
			parts = append(parts, inv.Name+"="+fmt.Sprint(ids))
		}
		if got := strings.Join(parts, "; "); got != tt.want {
			t.Errorf("Analyze(fish, %q) acks\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}

// fishWords are words whose expansion is compared with fish's own: after
// setup, fish prints each argument the word becomes.
var fishWords = []struct{ setup, word string }{
	{"", `a\ b`}, {"", `'it\'s' 'a\\b' 'a\nb'`}, {"", `"a\"b" "a\$b" "a\\b" "a\nb"`},
	{"", `\x41\X42\101\u00e9 a\cAb \e\[0m`}, {"", `a\x00b`}, {"", `\$x\*\?\~\{\}`},
	{"", `{a,b}{1,2}`}, {"", `{} {a} a{b}c`}, {"", `{ a , b } {a b,c}`}, {"", `{a,{b,c}d} {a,{b}}`},
	{"", `{a,}x {,} {a\,b,c} {a"b,c"d} {a'{'b,c}`}, {"", `~ ~/x "~" \~ a~ {~,a}`},
	{"set l x y", `$l x$l $l$l "$l" $l"$l"`}, {"set l x y z", `$l[2] $l[-1] $l[3..1] $l[5..1] "$l[5]" $l[1 3 1]`},
	{"set l x y z", `$l[..] $l[2..] $l[..2] $l[-2..-1] $l[1..-1]`}, {"set l x y", `{$l} {$l,z} {"$l",z}`},
	{"set e", `$e x$e "$e" [$e] {$e}`}, {"set i 2; set l x y", `$l[$i] "$l[$i]"`},
	{"set FOOPATH a:b", `$FOOPATH "$FOOPATH"`}, {"set -l w 'a b'", `$w "$w" {$w,c}`},
	{"set l x y; set -a l z; set -p l w", `$l`}, {"set n 3", `/$n/{a,b}/$n`},
}

// TestFishWordsAgreeWithFish compares the expansion of fishWords with
// what fish makes of them. Only printf runs, with these words.
func TestFishWordsAgreeWithFish(t *testing.T) {
	fish := testtool.Need(t, "fish")
	home := t.TempDir()
	for _, tt := range fishWords {
		line := "printf '<%s>' " + tt.word
		if tt.setup != "" {
			line = tt.setup + "; " + line
		}
		cmd := exec.Command(fish, "--no-config", "-c", line)
		cmd.Dir = home
		cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8",
			"XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home, "XDG_CACHE_HOME=" + home}
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%q: fish: %v", line, err)
			continue
		}
		a := Analyze(line, Options{Dialect: Fish, Cwd: home, Env: map[string]string{"HOME": home}})
		var got strings.Builder
		for _, inv := range a.Invocations {
			if inv.Name != "printf" {
				continue
			}
			for _, x := range inv.Argv[2:] {
				if x.Dynamic || x.Glob {
					t.Errorf("%q: %q is dynamic or a glob", line, x.Value)
				}
				got.WriteString("<" + x.Value + ">")
			}
		}
		if got.String() != string(out) {
			t.Errorf("%q:\n fish: %q\n here: %q", line, out, got.String())
		}
	}
}

// fishLines128K are lines of 128 KiB (the longest a hook passes) of
// different shapes, for the benchmark.
func fishLines128K() map[string]string {
	line := func(head, unit, tail string) string {
		n := (DefaultMaxBytes - len(head) - len(tail)) / len(unit)
		return head + strings.Repeat(unit, n) + tail
	}
	return map[string]string{
		"statements": line("", "for f in *.log; gzip $f; end; set d /a /b; rm -rf $d[1] (ls)\n", ""),
		"one-word":   line("echo ", "a", ""),
		"braces":     line("echo ", "{a,b}", ""),
		"quotes":     line("echo ", `'a\'b' "c$d[1]$(e)" `, ""),
		"nested":     line("", "begin; if true; echo (echo (echo a)); end; end; ", ""),
		"pipes":      line("", "a | ", "a"),
		"and-or":     line("true", "; and a", ""),
		"lists":      line("set l a b c d e f g h; echo ", "$l", ""),
		"deep":       line("", "begin; ", "") + "rm -rf /",
	}
}

// BenchmarkFishParse measures parsing 128 KiB fish lines: it must stay
// well under 50 ms a line, whatever the shape.
func BenchmarkFishParse(b *testing.B) {
	for name, line := range fishLines128K() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				parseFish(line)
			}
		})
	}
}

// BenchmarkFishAnalyze measures parsing and judging the same lines.
func BenchmarkFishAnalyze(b *testing.B) {
	for name, line := range fishLines128K() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				Analyze(line, Options{Dialect: Fish, Cwd: "/home/u"})
			}
		})
	}
}

// TestFishPathological: lines built to make the fish parser or expander
// slow or deep are read, and either the rm inside is found or a limit is
// reported (a problem or a parse error: confirm). BenchmarkFishAnalyze
// measures lines of the same shapes.
func TestFishPathological(t *testing.T) {
	kb := 120 << 10 // under the 128 KiB a line may have
	tests := []struct {
		name, line, want string
	}{
		{"120KB-word", "rm -rf / " + strings.Repeat("a", kb), "rm"},
		{"120KB-statements", strings.Repeat("a;", kb/2) + "rm -rf /", "problem"},
		{"120KB-pipes", strings.Repeat("a|", kb/2) + "rm -rf /", "problem"},
		{"120KB-and", "rm -rf /" + strings.Repeat("; and a", kb/7), "problem"},
		{"50000-words", "rm -rf /" + strings.Repeat(" a", 50000), "rm"},
		{"10000-nested-substs", strings.Repeat("echo (", 10000) + "rm -rf /" + strings.Repeat(")", 10000), "problem"},
		{"10000-unclosed-substs", strings.Repeat("(", 10000), "problem"},
		{"10000-begins", strings.Repeat("begin; ", 10000) + "rm -rf /", "problem"},
		{"30000-nots", strings.Repeat("not ", 30000) + "rm -rf /", "problem"},
		{"10000-dollars", "echo " + strings.Repeat("$", 10000) + "x", "problem"},
		{"10000-indexes", "echo " + strings.Repeat("$x[", 10000) + strings.Repeat("]", 10000), "problem"},
		{"brace-product", "rm -rf /" + strings.Repeat("{a,b}", 40), "rm"},
		{"brace-nested", "rm -rf /" + strings.Repeat("{a,", 200) + strings.Repeat("}", 200), "rm"},
		{"list-product", "set l a b c d; rm -rf /" + strings.Repeat("$l", 40), "rm"},
		{"list-slices", "set l a b; rm -rf /$l[-1000000000..1000000000] /$l[1..1000000000]", "rm"},
		{"120KB-braces", "rm -rf /" + strings.Repeat("{a,b}", kb/5), "rm"},
		{"120KB-escapes", "rm -rf /" + strings.Repeat(`\x41`, kb/4), "rm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			a := Analyze(tt.line, Options{Dialect: Fish, Cwd: "/home/u"})
			took := time.Since(start)
			for _, p := range a.Problems {
				if strings.Contains(p, "internal error") {
					t.Fatalf("internal error: %s", p)
				}
			}
			switch tt.want {
			case "rm":
				found := false
				for _, inv := range a.Invocations {
					found = found || inv.Name == "rm"
				}
				if !found && len(a.Problems) == 0 {
					t.Errorf("no rm found and no problem: %d invocations", len(a.Invocations))
				}
			case "problem":
				if len(a.Problems) == 0 && a.ParseError == nil {
					t.Errorf("no problem reported: %d invocations", len(a.Invocations))
				}
			}
			// How long it took is for the benchmarks to judge; it is logged.
			t.Logf("%v, %d invocations, problems %q, parse error %v", took, len(a.Invocations), a.Problems, a.ParseError)
		})
	}
}
