package shell

import (
	"strings"
	"testing"
	"time"
)

// codeSeeds are lines that carry code, for the fuzzers to start from.
var codeSeeds = []string{
	`python3 -c 'import os; os.system("rm -rf " + d)'`, `perl -le 'system "reboot"'`, `awk 'BEGIN{system("x")}' f`,
	`echo 'os.execute("x")' | lua -`, `node -pe "require('fs').rmSync('/x')"`, `deno eval "Deno.removeSync('/x')"`,
	`mysql shop -e 'DELETE FROM t'`, `psql -c '\! rm -rf /'`, `sqlite3 db 'DROP TABLE t' '.shell x'`,
	`redis-cli -n 2 FLUSHDB`, `mongosh shop --eval 'db.x.drop()'`, `vim -c ':!rm -rf /' -c 'g/x/!y'`,
	`tar --checkpoint-action=exec='rm -rf /' -cf x .`, `git -c alias.x='!reboot' x`, `sed -e '1e reboot' -e 's/x/y/e' f`,
	"make -f - <<<$'all:\\n\\trm -rf $(D)/$@'", `PAGER='reboot' LESSOPEN='|x %s' git log`, `git clone 'ext::sh -c x% y'`,
	`less -R '++!rm -rf %' +G f`,
	// Code written into files whose code runs later, and queued.
	"ed -s ~/.bashrc <<< $'$a\\nreboot\\n.\\ng/x/s//y/\\nw !sh\\nr !x\\nw'", `ex -sc '$put =\"x\"|$a|y' -c 'normal Goz' -cx ~/.zshrc`,
	"ex -s f <<< $'%s/a/b\\r/g\\n1i\\nx\\n.\\nwq'", `vim -c 'call append("$", ["x"])|call setline(1, "y")' -c wq ~/.profile`,
	`perl -0777 -i.bak -pe 's{^}{rm -rf ~\n}; $_ .= "x" if eof' ~/.bashrc`, `sed -i 's/^/x\n/;s|a|&b\1|' ~/.profile`,
	"printf '/l {\\n postrotate x\\n endscript\\n prerotate\\n y' > /etc/logrotate.d/l", `at -f /dev/stdin now <<< x; batch -f <(y)`,
	`fd -td -e x . / --search-path /y -X rm -rf {}`, `zmv -C -o '-f' -p cp '(**/)(*)' '$1/$2'`, `echo x | sed -n e -`,
	`a=([2]=x [0]=y); declare -A m=([k]=v); m[j]=w; m+=([l]=u); set -- a b; shift 3; : $_`,
}

// FuzzCodeLines feeds lines built around code in other languages to the
// analyzer: no panic, no internal error, and an answer in bounded time.
func FuzzCodeLines(f *testing.F) {
	for _, s := range codeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		done := make(chan *Analysis, 1)
		go func() { done <- Analyze(line, testOpts) }()
		select {
		case a := <-done:
			for _, p := range a.Problems {
				if strings.Contains(p, "internal error") {
					t.Fatalf("internal error for %q: %s", line, p)
				}
			}
			for _, inv := range a.Invocations {
				if o := inv.Origin; o != nil && o.Offset >= 0 && (o.Line < 1 || o.Col < 1) {
					t.Fatalf("origin %+v of %q has no place", *o, inv.Text)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("analysis of %q took over 5s", line)
		}
	})
}

// FuzzExCommands reads any text as Vim's Ex commands: it must end, never
// panic, and read at most exMaxCommands.
func FuzzExCommands(f *testing.F) {
	for _, s := range []string{":!rm -rf /", "%d|wq", "g/x/!y", "exe \"!x\"|call system('y')", "sil! r !x", "py3 import os",
		"w !sudo tee %", "ter ++close x", `5,/a\/b/s/x/y/|q`, "normal :!x\r", "argdo silent !x",
		`$put =\"x\"`, "$a|x", "1i\nx\n.\nwq", `%s#a#b\r#g`, `call append(0, ['x'])`, "normal! Gox"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := newAnalyzer()
		inv := &Invocation{}
		ex := &exState{a: a, sc: rootScope(testOpts), host: inv, label: "vim -c"}
		ex.line(s, 0)
		if ex.n > exMaxCommands {
			t.Fatalf("%d commands read", ex.n)
		}
		// The same text as an ex -s script on stdin.
		ex = &exState{a: a, sc: rootScope(testOpts), host: inv, label: "ex <<<"}
		ex.script(s)
		if ex.n > exMaxCommands+1 {
			t.Fatalf("%d commands read from a script", ex.n)
		}
		for _, x := range ex.texts {
			if len(x) > len(s) {
				t.Fatalf("text %q longer than the script %q", x, s)
			}
		}
	})
}

// FuzzSedScript reads any text as a sed script: it must end and never
// panic, and what it finds must come from the script.
func FuzzSedScript(f *testing.F) {
	for _, s := range []string{"1e rm -rf /", "s/.*/x/e", "s|a|b|w /etc/x", "/re/I,+3{p;d}", "a\\\ntext", "y/abc/xyz/",
		":a;N;ba", `\%x%s/a/b/e`, "s/a/b/gI;e", "1~2w out"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var run sedRun
		readSed(s, &run)
		for _, w := range run.writes {
			if !strings.Contains(s, w) {
				t.Fatalf("write %q is not in %q", w, s)
			}
		}
	})
}

// FuzzMakefile reads any text as a makefile: it must end, never panic, and
// keep what one expansion makes bounded.
func FuzzMakefile(f *testing.F) {
	for _, s := range []string{"all:\n\trm -rf $(D)\n", "X != reboot\n", "D := $(shell x)\na: ; $(D) $@", "X = $(X)$(X)\na:\n\t$(X)",
		"define X\nrm\nendef\na:\n\t$(X)", "a: b\\\n c\n\t@-+x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &makeReader{vars: map[string]string{}, budget: 16*len(s) + 4096}
		r.read(s)
		for _, l := range append(r.lines, r.parsed...) {
			if len(l) > 10*makeMaxText+len(s) {
				t.Fatalf("a line of %d bytes from %d bytes of makefile", len(l), len(s))
			}
		}
	})
}
