package shell

import (
	"strings"
	"testing"
)

// TestZshMods checks zsh's case flags, joins, modifiers and the forms
// that run code.
func TestZshMods(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`x=RM; ${(L)x} -rf /x`, `rm delete:/x+R`},
		{`x=rm; ${(L)x:u} -rf /x`, `rm delete:/x+R`},
		{`x=REBOOT; ${x:l}`, `reboot power:`},
		{`c=/bin/rm; $c:t -rf /x`, `rm delete:/x+R`},
		{`x=(rm -rf /x); ${(j: :)=x}`, `rm delete:/x+R`},
		{`x=$'rm\n-rf\n/x'; ${(f)x}`, `rm delete:/x+R`},
		{`x='$(rm -rf /x)'; echo ${(e)x}`, `~rm delete:/x+R`},
		{`print -l /(e:'rm -rf /x':)`, `~rm delete:/x+R`},
		{`print -l /(e.'reboot'.)`, `~reboot power:`},
		{`print -l *(+reboot)`, `~reboot power:`},
		{`x=rm,-rf,/x; eval ${(j: :)${(s:,:)x}}`, `[eval]rm delete:/x+R`},
		{`x=ETC; rm -rf /${(L)x}`, `rm delete:/etc+R`},
		{`x=R; ${(L)x}eboot`, `reboot power:`},
		{`x=/E; rm -rf "${(L)x}tc"`, `rm delete:/etc+R`},
		{`x=REBOOT; "${(L)x}"`, `reboot power:`},
		{`a=(x reboot); $a[2]`, `reboot power:`},
		{`a=(reboot x); ${a[1]}`, `reboot power:`},
		{`x=qrm; $x[2]$x[3] -rf /x`, `rm delete:/x+R`},
		{`a=(x /x); rm -rf "$a[@]"`, `rm delete:/home/u/x+R delete:/x+R`},
		{`x=(rm -rf /x); "${(@)x}"`, `rm delete:/x+R`},
		{`rm -rf "${(@)${x}}"`, `rm delete:+R+D`},
		{`autoload -U zargs; zargs -- /x -- rm -rf`, `autoload; [zargs]rm delete:/x+R`},
		{`autoload -U zmv; zmv '/x/(*)' '/tmp/$1'`, `autoload; [zmv]mv rename:/x/*+G write:+R+D`},
		{`zcp -f '(*).conf' /etc/passwd`, `[zcp]cp read:/home/u/*.conf+G write:/etc/passwd`},
		{`zmv -C '(**/)(*)' /x`, `[zmv]cp read:/home/u/**/*+G write:/x`},
		{`zln -s /dev/null /etc/passwd`, `[zln]ln link-over:/etc/passwd`},
		{`zmv -p rm '/x/(*)' y`, `[zmv]rm delete:/x/*+G delete:/home/u/y`},
		{`zmv -n '/x/(*)' '/tmp/$1'`, `zmv`},
		{`zmv '(*).txt' '$1.md'`, `[zmv]mv rename:/home/u/*.txt+G write:+R+D`},
		{`x="'reboot'"; ${(Q)x}`, `reboot power:`},
		{`x='r\e"boot"'; ${(Q)x}`, `reboot power:`},
		// Flags not followed are unknown, never bash's reading.
		{`eval ${(j: :)${(s:,:)X}}`, `~eval unseen-code:`},
		{`rm -rf /${(L)X}`, `rm delete:+R+D`},
		// Ordinary.
		{`x=mkdir,-p,/tmp/w; eval ${(j: :)${(s:,:)x}}`, `[eval]mkdir`},
		{`a=(x /etc); rm -rf "/tmp$a[2]"`, `rm delete:/tmp/etc+R`},
		{`c=/bin/ls; $c:t -la`, `ls`},
		{`x=(a b); echo ${(j:,:)x}`, `echo`},
		{`echo ${(C)x}`, `echo`},
		{`x='$HOME'; echo ${(e)x}`, `:; echo`},
	}
	for _, tt := range tests {
		o := testOpts
		o.Dialect = Zsh
		got := summary(Analyze(tt.line, o))
		if w, ok := strings.CutPrefix(tt.want, "~"); ok {
			if !strings.Contains(got, w) {
				t.Errorf("Analyze(zsh, %q)\n got: %s\nwant among them: %s", tt.line, got, w)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("Analyze(zsh, %q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}

// FuzzZshQualifiers runs qualifier lists and modifiers on any text: no
// panic, and the word cut is a prefix of it.
func FuzzZshQualifiers(f *testing.F) {
	f.Add("/(e:'reboot':)")
	f.Add("*(+fn.om[1,5])")
	f.Add("x(e")
	f.Fuzz(func(t *testing.T, v string) {
		a := newAnalyzer()
		a.budget = budgetFor(testOpts.maxBytes())
		a.dialect = Zsh
		sc := rootScope(a.carryOptions(testOpts))
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("qualifierCode(%q): %v", v, r)
				}
			}()
			if cut, ok := a.qualifierCode(v, sc); ok && !strings.HasPrefix(v, cut) {
				t.Fatalf("qualifierCode(%q) cut %q", v, cut)
			}
			for _, m := range []string{"h", "t", "r", "e", "l", "u"} {
				zshModifier(v, m)
			}
			zshCase(v, 'C')
		}()
		o := testOpts
		o.Dialect = Zsh
		Analyze("x="+Quote(v)+"; ${(e)x} $x:t:r ${(C)x} ls "+v, o)
	})
}
