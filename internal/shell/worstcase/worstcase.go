// Package worstcase generates command lines built to make an analysis of
// shell code slow or large: nested loops, doubling variables, long
// wrapper chains, nested substitutions, heredocs, arithmetic and brace
// nesting. Nearly every line ends by running rm -rf /, so that a test can
// ask whether the dangerous command after the pathological part was still
// found. The lines are only ever analysed, never run.
//
// It is a package of its own so that the analyzer's tests and the
// policy's benchmarks (which judge the lines against the built-in packs)
// share one set.
package worstcase

import (
	"fmt"
	"slices"
	"strings"
)

// Line is one generated command line.
type Line struct {
	Name string
	Text string
	// Runs says the line runs rm -rf / if the shell gets to its end: an
	// analysis must then find that rm, or record why it could not.
	Runs bool
}

const rm = "rm -rf /"

// Chains are the units a wrapper chain repeats, for every wrapper the
// analyzer sees through: each runs what follows it. The analyzer's tests
// check that every wrapper it knows has one.
var Chains = map[string]string{
	"sudo":        "sudo ",
	"sudoedit":    "sudo -u x ", // sudoedit edits files; its chain is sudo's
	"doas":        "doas ",
	"su":          "su -c ", // see chain
	"runuser":     "runuser -u x ",
	"env":         "env ",
	"nice":        "nice -n 1 ",
	"ionice":      "ionice -c3 ",
	"nohup":       "nohup ",
	"nsenter":     "nsenter -t 1 -m ",
	"timeout":     "timeout 1 ",
	"time":        "time ",
	"command":     "command ",
	"builtin":     "builtin ",
	"chronic":     "chronic ",
	"exec":        "exec ",
	"stdbuf":      "stdbuf -o0 ",
	"setsid":      "setsid ",
	"chroot":      "chroot /x ",
	"pkexec":      "pkexec ",
	"busybox":     "busybox ",
	"unbuffer":    "unbuffer ",
	"taskset":     "taskset 1 ",
	"chrt":        "chrt 1 ",
	"systemd-run": "systemd-run ",
	"watch":       "watch ",
	"flock":       "flock f ",
	"xargs":       "xargs ",
	"find":        "find / -exec ",
	"sh":          "sh -c ",
	"dash":        "dash -c ",
	"ash":         "ash -c ",
	"ksh":         "ksh -c ",
	"mksh":        "mksh -c ",
	"bash":        "bash -c ",
	"zsh":         "zsh -c ",
	"fish":        "fish -c ",
	"eval":        "eval ",
	"at":          "at now ",
	"batch":       "batch ",
	"ssh":         "ssh h ",
	// Wrappers of issue 15.
	".":                 ". /dev/stdin ", // see stringChains
	"source":            "source /dev/stdin ",
	"newgrp":            "newgrp ",
	"bwrap":             "bwrap --bind / / ",
	"caffeinate":        "caffeinate ",
	"catchsegv":         "catchsegv ",
	"cgexec":            "cgexec -g cpu:x ",
	"daemonize":         "daemonize ",
	"expect":            "expect -c ", // see chain
	"fakeroot":          "fakeroot ",
	"firejail":          "firejail ",
	"gdb":               "gdb --args ",
	"ltrace":            "ltrace ",
	"parallel":          "parallel ",
	"sem":               "sem ",
	"perf":              "perf stat ",
	"proot":             "proot ",
	"runcon":            "runcon -t t ",
	"screen":            "screen -dm ",
	"script":            "script -q /dev/null ",
	"setpriv":           "setpriv ",
	"sg":                "sg g ",
	"start-stop-daemon": "start-stop-daemon -S -x env -- ", // its own options are read after -x PROG
	"strace":            "strace ",
	"systemd-inhibit":   "systemd-inhibit ",
	"tmux":              "tmux new ",
	"toybox":            "toybox ",
	"tsp":               "tsp -n ",
	"unshare":           "unshare ",
	"valgrind":          "valgrind ",
	// Wrappers of the disguise pass.
	"abduco":     "abduco -n s ",
	"autossh":    "autossh h ",
	"byobu":      "byobu new ",
	"byobu-tmux": "byobu-tmux new ",
	"dtach":      "dtach -n s ",
	"fakechroot": "fakechroot ",
	"linux32":    "linux32 ",
	"linux64":    "linux64 ",
	"mosh":       "mosh h ",
	"setarch":    "setarch x ",
	"sshpass":    "sshpass -e ",
	// Fleet runners of issue 14.
	"ansible":      "ansible h -a ", // see chain
	"clush":        "clush -w h ",
	"k3s":          "k3s ",
	"microk8s":     "microk8s ",
	"pdsh":         "pdsh -w h ",
	"pssh":         "pssh -H h ",
	"parallel-ssh": "parallel-ssh -H h ",
	"salt":         "salt h cmd.run ",
}

// stringChains read the rest of their line as a string to parse, not as
// an argv: a chain of them nests heredocs (linear in size, unlike quotes).
var stringChains = map[string]bool{
	"sh": true, "dash": true, "ash": true, "ksh": true, "mksh": true,
	"bash": true, "zsh": true, "fish": true, "at": true, "batch": true,
	".": true, "source": true, "newgrp": true,
}

// repeat returns prefix + unit×n + suffix, with n as large as keeps the
// line within size bytes (at least 1).
func repeat(prefix, unit, suffix string, size int) string {
	n := max(1, (size-len(prefix)-len(suffix))/len(unit))
	return prefix + strings.Repeat(unit, n) + suffix
}

// nest returns open×n + middle + close×n, as deep as fits in size bytes.
func nest(open, middle, close string, size int) string {
	n := max(1, (size-len(middle))/(len(open)+len(close)))
	return strings.Repeat(open, n) + middle + strings.Repeat(close, n)
}

// chain returns a chain of the wrapper name, filling size bytes.
func chain(name string, size int) string {
	unit := Chains[name]
	switch {
	case name == "su":
		// su -c takes one string: nested quotes would grow
		// exponentially, so the chain inside it is eval's.
		return repeat("su -c '", "eval ", rm+"'", size)
	case name == "ansible":
		// ansible -a takes one string, like su -c.
		return repeat("ansible h -a '", "eval ", rm+"'", size)
	case name == "expect":
		// expect's Tcl code spawns an argv: a chain of env inside it.
		return repeat("expect -c 'spawn ", "env ", rm+"'", size)
	case !stringChains[name]:
		return repeat("", unit, rm, size)
	}
	// W <<'E0'⏎W <<'E1'⏎…rm -rf /⏎E1⏎E0: each level's commands are the
	// heredoc of the one outside it (shells without -c read their
	// standard input; at and batch always do).
	cmd := strings.TrimSuffix(strings.TrimSuffix(unit, " "), " -c") // ". /dev/stdin" stays
	var open []string
	n := len(rm)
	for i := 0; ; i++ {
		o := fmt.Sprintf("%s <<'E%d'\n", cmd, i)
		if n += len(o) + len(fmt.Sprintf("\nE%d", i)); n > size {
			break
		}
		open = append(open, o)
	}
	var b strings.Builder
	for _, o := range open {
		b.WriteString(o)
	}
	b.WriteString(rm)
	for i := len(open) - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "\nE%d", i)
	}
	return b.String()
}

// Lines returns the generated worst cases that fill size bytes each.
func Lines(size int) []Line {
	sz := fmt.Sprint(size>>10, "KiB")
	var out []Line
	add := func(name, text string) {
		if len(text) > size {
			panic(fmt.Sprintf("worstcase: %s is %d bytes, more than %d", name, len(text), size))
		}
		out = append(out, Line{Name: name + "-" + sz, Text: text, Runs: true})
	}
	names := make([]string, 0, len(Chains))
	for n := range Chains {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		add("chain-"+n, chain(n, size))
	}
	add("chain-mixed", repeat("", "sudo -u x nice timeout 5 env -i ", rm, size))
	// xargs -I reads whole lines: one item a line.
	add("xargs-I-fanout", repeat("printf '%s\\n' "+strings.Repeat("x ", 200)+"| xargs -I{} ", "env ", "rm -rf /{}", size))
	add("chain-find-starts", repeat("", "find / / / / -exec ", "rm -rf / ;", size))
	add("chain-eval-in-bash-c", repeat("bash -c '", "eval ", rm+"'", size))
	add("chain-sudo-in-sh-c", repeat("sh -c '", "sudo ", rm+"'", size))
	add("chain-fish-not", repeat("fish -c '", "not ", rm+"'", size))
	add("chain-ip-netns-exec", repeat("", "ip netns exec x ", rm, size))

	// Code defined now and run later (issue #15, item 6): many
	// definitions, a crontab and a startup file of many lines, and a
	// trap whose code nests evals.
	add("deferred-many", repeat("", "trap 'x' EXIT; alias a='b' c='d'; PS1='$(e)'; PROMPT_COMMAND+=(f); ", rm, size))
	add("deferred-crontab", repeat("crontab <<'E'\n", "* * * * * rm -rf /tmp/x\n", "E\n"+rm, size))
	add("deferred-rcfile", repeat("cat >> ~/.bashrc <<'E'\n", "alias x='trap \"PS1=y\" EXIT'\n", "E\n"+rm, size))
	add("deferred-trap-eval", repeat("trap '", "eval ", rm+"' EXIT", size))
	add("loops-deep", nest("for v in 1 2 3 4 5 6 7 8; do ", "X=$v; "+rm+"; ", "done; ", size-len(rm))+rm)
	add("loops-2deep-repeated", repeat("", "for a in 1 2 3 4 5 6 7 8; do for b in 1 2 3 4 5 6 7 8; do X=$a$b; done; done; ", rm, size))
	add("loops-with-wrappers", repeat("for a in 1 2 3 4 5 6 7 8; do for b in 1 2 3 4 5 6 7 8; do ", "env ", "X=$a$b; done; done; "+rm, size))
	add("while-deep", nest("while true; do ", rm+"; ", "done; ", size-len(rm))+rm)
	add("doubling", repeat("X=aaaa; ", "X=$X$X; ", rm, size))
	add("doubling-used", repeat("X=aaaa; "+strings.Repeat("X=$X$X; ", 14), "echo $X$X; ", rm, size))
	add("big-var-refs", repeat("X="+strings.Repeat("a", min(60<<10, size/2))+"; echo", " $X", "; "+rm, size))
	add("replace-blowup", repeat("X=aaaaaaaaaaaaaaaa; "+strings.Repeat("X=$X$X; ", 12)+"echo", " ${X//a/$X}", "; "+rm, size))
	add("pattern-blowup", repeat("X=aaaaaaaaaaaaaaaa; "+strings.Repeat("X=$X$X; ", 12)+"echo", " ${X%%*b*}", "; "+rm, size))
	add("many-vars", repeatN("", func(i int) string { return fmt.Sprintf("V%d=%d; ", i, i) }, rm, size))
	add("vars-in-subshells", repeatN("", func(i int) string { return fmt.Sprintf("V%d=%d; ", i, i) }, "", size/2)+
		nest("( Y=1; ", rm, " )", size/2))
	add("substs-nested", nest("echo $(", rm, ")", size))
	add("substs-quoted", nest(`echo "$(`, rm, `)"`, size))
	add("procsubst-nested", nest("cat <(", rm, ")", size))
	add("substs-many", repeat("", "echo $(true) ", "; "+rm, size))
	add("heredoc-big", repeat("cat <<'EOF' | bash\n", "echo hi\n", rm+"\nEOF", size))
	add("heredoc-expanded", repeat("X="+strings.Repeat("a", 1<<10)+"; cat <<EOF | sh\n", "$X $X $X $X\n", rm+"\nEOF", size))
	add("heredocs-many", repeat("", ": <<E\nx\nE\n", rm, size))
	add("heredocs-one-command", heredocsOne(size))
	add("arith-nested", "echo "+nest("$(( ", "1", " ))", size-16)+"; "+rm)
	add("arith-parens", "echo $(("+nest("(", "1", ")", size-32)+")); "+rm)
	add("arith-flat", repeat("echo $((1", "+1", ")); "+rm, size))
	add("arith-cmd-nested", nest("(( ", "1", " ))", size-16)+"; "+rm)
	add("elif-chain", repeat("if false; then :; ", "elif false; then :; ", "fi; "+rm, size))
	add("test-chain", repeat("[[ a", " && a", " ]]; "+rm, size))
	add("let-flat", repeat("let x=1", "+1", "; "+rm, size))
	add("index-arith", repeat("a[1", "+1", "]=1; "+rm, size))
	add("param-nested", "echo "+nest("${x:-", "a", "}", size-16)+"; "+rm)
	add("keywords-mixed", nest("if a; then while b; do for c in d; do case e in f) ", rm+";; ", "esac; done; done; fi; ", size))
	add("time-in-subshells", nest("( time ", rm, " )", size))
	add("brace-product", repeat("echo ", "{a,b}", "; "+rm, size))
	add("brace-words", repeat("echo", " {1..16000}", "; "+rm, size))
	add("brace-nested", "echo "+nest("{a,", "b", "}", size-32)+"; "+rm)
	add("brace-long-word", "echo {1..16000}"+strings.Repeat("a", size-64)+"; "+rm)
	add("pipeline", repeat("", "a | ", rm, size))
	add("pipeline-echo", repeat("", "echo x | ", rm, size))
	add("pipeline-xargs", repeat("echo "+strings.Repeat("x ", 200)+"| ", "xargs -n1 ", rm, size))
	add("and-chain", repeat("", "true && ", rm, size))
	add("or-chain", repeat("", "false || ", rm, size))
	add("if-nested", nest("if true; then ", rm+"; ", "fi; ", size))
	add("case-nested", nest("case x in x) ", rm+";; ", "esac;; ", size-16)+"esac")
	add("subshells-nested", nest("( ", rm, " )", size))
	add("groups-nested", nest("{ ", rm+"; ", "}; ", size))
	add("funcs-calling", repeatN("f0(){ "+rm+"; }; ", func(i int) string { return fmt.Sprintf("f%d(){ f%d; f%d; }; ", i+1, i, i) }, rm, size))
	add("funcs-nested", nest("f(){ ", rm+"; ", "}; ", size))
	add("words", repeat(rm, " a", "", size))
	add("echo-words", repeat("echo", " a", "; "+rm, size))
	add("printf-wide", repeat("", "printf '%09999d' 1 | sh; ", rm, size))
	add("eval-big-in-loops", repeat("X='"+strings.Repeat("a;", 8<<10)+"'; for a in 1 2 3 4 5 6 7 8; do for b in 1 2 3 4 5 6 7 8; do ", `eval "$X"; `, "done; done; "+rm, size))
	add("invalid-utf8", repeat(rm+" ", "\xff", "", size))
	add("comment", repeat(rm+" #", "x", "", size))
	add("assign-words", repeat("", "A=$(a) ", rm, size))
	add("cd-chain", repeat("", "cd a; ", rm, size))
	add("quoted-parens-deep", "echo '"+nest("(", "1", ")", size-len(rm)-16)+"'; "+rm)
	for _, c := range codeLines {
		add(c.name, repeat(c.prefix, c.unit, c.suffix, size))
	}
	// Nested within what the line's own lexer reads (deeper quoted text
	// is not read at all: a Problem), as deep as the code readers go.
	deep := strings.Repeat("(", 900) + "1" + strings.Repeat(")", 900)
	add("python-c-nested", repeat(`python3 -c 'x = `+deep+"; ", "y = [{1: (2, [3])}, ("+deep+")]; ", `import os; os.system("`+rm+`")'`, size))
	add("python-c-string", repeat(`python3 -c 'print("`, `a\"\\`, `"); import os; os.system("`+rm+`")'`, size))
	return out
}

// codeLines are interpreters' one-liners of ordinary code, the kind a
// script holds, ending with a shell-out of rm -rf /; the -shellouts ones
// shell out in every unit, more often than findings are kept.
var codeLines = []struct{ name, prefix, unit, suffix string }{
	{"python-c", `python3 -c '`, `x = [i * 2 for i in range(10)]; d = {"a": 1, "b": [1, 2]}; print(f"{x} {d!r}", len(x), "os.system"); `,
		`import os; os.system("` + rm + `")'`},
	{"python-c-shellouts", `python3 -c 'import subprocess as sp; `, `sp.run(["ls", "-la", "/srv"]); `, `sp.call("` + rm + `", shell=True)'`},
	{"python-heredoc", "python3 - <<'EOF'\n", "for i in range(3):\n    print(\"x\" * i, {'a': [1, 2]})\n", "import os; os.system(\"" + rm + "\")\nEOF"},
	{"perl-e", `perl -e '`, `my @a = map { $_ * 2 } (1..10); my %h = (a => 1); print join(",", @a), "\n" if $h{a} =~ /^\d+$/; `,
		`system("` + rm + `");'`},
	{"ruby-e", `ruby -e '`, `a = (1..10).map { |i| i * 2 }; h = {a: 1}; puts "#{a.join(",")} #{h[:a]}"; `, "`" + rm + "`'"},
	{"node-e", `node -e '`, "const a = [1, 2, 3].map(x => x * 2); let o = {a: 1, b: [1, 2]}; console.log(`${a}`, o, /x\\\\/g); ",
		`require("child_process").execSync("` + rm + `");'`},
	{"php-r", `php -r '`, `$a = array_map(fn($x) => $x * 2, [1, 2, 3]); echo implode(",", $a), "\n"; `, `system("` + rm + `");'`},
	{"awk", `awk 'BEGIN { `, `x = x + 1; s = s "a"; if (x > 2) { y = x * 2 } `, `system("` + rm + `") }'`},
	{"lua-e", `lua -e '`, `local t = {1, 2, 3}; for i, v in ipairs(t) do t[i] = v * 2 end; print(#t, [[x]]); `, `os.execute("` + rm + `")'`},
	{"tclsh-heredoc", "tclsh <<'EOF'\n", "set a [expr {1 + 2}]; puts \"a=$a\"; foreach x {1 2 3} { incr a $x }\n", "exec rm -rf /\nEOF"},
}

// repeatN is repeat with the i-th unit made by f.
func repeatN(prefix string, f func(i int) string, suffix string, size int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; ; i++ {
		u := f(i)
		if b.Len()+len(u)+len(suffix) > size && i > 0 {
			break
		}
		b.WriteString(u)
	}
	return b.String() + suffix
}

// heredocsOne is one command with as many heredocs as fit.
func heredocsOne(size int) string {
	var ops, docs strings.Builder
	ops.WriteString("cat")
	for i := 0; ops.Len()+docs.Len()+len(rm)+16 < size; i++ {
		fmt.Fprintf(&ops, " <<E%d", i)
		fmt.Fprintf(&docs, "x\nE%d\n", i)
	}
	return ops.String() + "\n" + docs.String() + rm
}

// Fixed returns the examples of issue 12 and other lines of a fixed shape.
func Fixed() []Line {
	loops := func(n int) string {
		return strings.Repeat("for v in 1 2 3 4 5 6 7 8; do ", n) + "X=$v; " + strings.Repeat("done; ", n) + rm
	}
	dbl := func(n int) string { return "X=aaaa; " + strings.Repeat("X=$X$X; ", n) + rm }
	return []Line{
		{"loops-7", loops(7), true},
		{"loops-8", loops(8), true},
		{"loops-12", loops(12), true},
		{"doubling-28", dbl(28), true},
		{"doubling-30", dbl(30), true},
		{"doubling-60", dbl(60), true},
		{"env-8000", strings.Repeat("env ", 8000) + rm, true},
		{"env-20000", strings.Repeat("env ", 20000) + rm, true},
		{"xargs-20000", strings.Repeat("xargs ", 20000) + rm, true},
		{"find-exec-2000", strings.Repeat("find / -exec ", 2000) + rm + " ;", true},
		{"invalid-utf8-word", rm + " \xff", true},
		{"invalid-utf8-comment", rm + " #\xff", true},
	}
}
