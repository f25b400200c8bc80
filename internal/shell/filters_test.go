package shell

import (
	"strings"
	"testing"
)

// TestFilters checks the filters a disguise pipes a command through.
func TestFilters(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`openssl enc -d -base64 <<< cmVib290 | sh`, `openssl; [sh <<<]reboot power:`},
		{`openssl base64 -d -A <<< cmVib290 | sh`, `openssl; [sh <<<]reboot power:`},
		{`c=$(cut -c2- <<< xreboot); $c`, `cut; reboot power:`},
		{`c=$(cut -d, -f2 <<< 'x,reboot,y'); $c`, `cut; reboot power:`},
		{`c=$(head -c6 <<< rebootX); $c`, `head; reboot power:`},
		{`printf 'ls\nreboot\n' | tail -n1 | sh`, `printf; tail; [sh <<<]reboot power:`},
		{`printf 'reboot\nls\n' | head -1 | sh`, `printf; head; [sh <<<]reboot power:`},
		{`echo reboot | sudo tee /dev/null | sh`, `echo; [sudo]tee write:/dev/null; [sh <<<]reboot power:`},
		{`c=$(awk 'BEGIN{print "reboot"}'); $c`, `awk; reboot power:`},
		{`awk 'BEGIN { print "re" "boot"; }' | sh`, `awk; [sh <<<]reboot power:`},
		{`echo reboot | nice cat | sh`, `echo; [nice]cat; [sh <<<]reboot power:`},
	}
	for _, tt := range tests {
		if got := summary(Analyze(tt.line, testOpts)); got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
	// Not computed: a cipher, a file, an option with a value before the
	// command: the output is code belay cannot see.
	for _, line := range []string{
		`openssl enc -d -aes256 -k x <<< abc | sh`,
		`echo reboot | sudo -u x tee /dev/null | sh`,
		`awk 'BEGIN{print "reboot" > "/tmp/x"}' | sh`,
		`awk 'BEGIN{printf "reboot"}' | sh`,
	} {
		a := Analyze(line, testOpts)
		found := false
		for _, inv := range a.Invocations {
			for _, e := range inv.Effects {
				found = found || e.Kind == Unseen
			}
		}
		if !found {
			t.Errorf("Analyze(%q): no code belay cannot see: %s", line, summary(a))
		}
	}
}

// FuzzFilters runs the filters, read's splitting and the line analysis
// of their pipelines on any arguments and input: no panic, output bounded
// by the input.
func FuzzFilters(f *testing.F) {
	f.Add("cut", "-c2-,1-3,-4", "xreboot\nab\n")
	f.Add("cut", "-d,\x00-f2", "a,b,c\n")
	f.Add("head", "-c6", "rebootX")
	f.Add("tail", "-n\x001", "a\nb\n")
	f.Add("openssl", "base64\x00-d", "cmVib290")
	f.Add("awk", `BEGIN { print "re" "boot", "x\n"; print "y" }`, "")
	f.Fuzz(func(t *testing.T, name, args, input string) {
		var argv []Arg
		for _, s := range strings.Split(args, "\x00") {
			argv = append(argv, Arg{Value: s})
		}
		out, ok := filterOutput(name, argv, input)
		if ok && len(out) > len(input)+len(args)+4 {
			t.Fatalf("%s %q on %d bytes printed %d", name, args, len(input), len(out))
		}
		for _, max := range []int{0, 1, 3} {
			if n := len(splitIFS(input, args, max)); n > maxArrayItems+1 {
				t.Fatalf("splitIFS: %d fields", n)
			}
		}
		Analyze("c=$(printf %s "+Quote(input)+" | "+name+" "+Quote(args)+"); read -r a b <<< \"$c\"; $a $b", testOpts)
	})
}
