package shell

import (
	"strings"
	"testing"
)

// TestBindings checks that the variables read, mapfile, printf -v and
// declare -n set are followed into the command name they make.
func TestBindings(t *testing.T) {
	tests := []struct {
		d          Dialect
		line, want string
	}{
		{Bash, `read -r c <<< reboot; $c`, `read; reboot power:`},
		{Bash, `read c rest <<< 'rm -rf /x'; $c $rest`, `read; rm delete:/x+R`},
		{Bash, `read -a a <<< 'rm -rf /x'; "${a[@]}"`, `read; rm delete:/x+R`},
		{Bash, `IFS=: read c a b <<< 'rm:-rf:/x'; $c $a $b`, `read; rm delete:/x+R`},
		{Bash, `read <<< reboot; $REPLY`, `read; reboot power:`},
		{Bash, `mapfile -t a <<< reboot; "${a[0]}"`, `mapfile; reboot power:`},
		{Bash, `readarray -t a < <(echo rm); ${a[0]} -rf /x`, `echo; readarray; rm delete:/x+R`},
		{Bash, `mapfile -C 'rm -rf /x' -c 1 a <<< y`, `mapfile; [mapfile -C]rm delete:/x+R`},
		{Bash, `printf -v c '%s' reboot; $c`, `printf; reboot power:`},
		{Bash, `printf -v c '\x72\x6d'; $c -rf /x`, `printf; rm delete:/x+R`},
		{Bash, `c=rm; declare -n r=c; $r -rf /x`, `rm delete:/x+R`},
		{Bash, `hash -p /bin/rm ls; ls -rf /x`, `hash; rm delete:/x+R`},
		{Bash, `declare -l c=REBOOT; $c`, `reboot power:`},
		{Zsh, `typeset -l c=REBOOT; $c`, `reboot power:`},
		{Bash, `declare -lx c=RM; $c -rf /x`, `rm delete:/x+R`},
		// while read over known input: the body once per line.
		{Bash, `while read -r c; do $c; done <<< reboot`, `read; reboot power:`},
		{Bash, `echo reboot | while read c; do $c; done`, `echo; read; reboot power:`},
		{Bash, `printf 'ls\n/x -rf\n' | while read a b; do rm $b $a; done`, `printf; read; rm delete:/home/u/ls; read; rm delete:/x+R`},
		{Bash, `while read -r h; do ssh $h uptime; done < hosts`, `read; [ssh ]uptime`},
		// Unknown input leaves the names unknown: the name is guessed.
		{Bash, `read c < f; $c -rf /x`, `~[if $c is rm]rm delete:/x+R`},
		{Bash, `read -u 3 c <<< ls; $c -rf /x`, `~[if $c is rm]rm delete:/x+R`},
		{Bash, `c=rm; read c < f; $c -rf /x`, `~[if $c is rm]rm delete:/x+R`},
		// Ordinary.
		{Bash, `read -r c <<< ls; $c -la`, `read; ls`},
		{Bash, `printf -v n '%05d' 7; echo $n`, `printf; echo`},
	}
	for _, tt := range tests {
		o := testOpts
		o.Dialect = tt.d
		got := summary(Analyze(tt.line, o))
		if w, ok := strings.CutPrefix(tt.want, "~"); ok {
			if !strings.Contains(got, w) {
				t.Errorf("Analyze(%s, %q)\n got: %s\nwant among them: %s", tt.d, tt.line, got, w)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("Analyze(%s, %q)\n got: %s\nwant: %s", tt.d, tt.line, got, tt.want)
		}
	}
}

func TestSplitIFS(t *testing.T) {
	tests := []struct {
		s, ifs string
		max    int
		want   string
	}{
		{"  a b  c  ", " \t\n", 2, "a|b  c"},
		{"a b c", " ", 0, "a|b|c"},
		{"a::b", ":", 0, "a||b"},
		{"a: b", ": ", 0, "a|b"},
		{"", " ", 1, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(splitIFS(tt.s, tt.ifs, tt.max), "|"); got != tt.want {
			t.Errorf("splitIFS(%q, %q, %d) = %q, want %q", tt.s, tt.ifs, tt.max, got, tt.want)
		}
	}
}
