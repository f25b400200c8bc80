package inline

import (
	"strings"
	"testing"
)

// brief is findings in a compact form the tables compare against:
//
//	shell:TEXT  argv:W W …  delete+R:PATH  rename:FROM>TO  kill:PID  power  forkbomb  dynamic
//
// separated by "; ". A word computed at run time ends in "<?>".
func brief(fs []Finding) string {
	var out []string
	word := func(w Word) string {
		if w.Dynamic {
			return w.Value + "<?>"
		}
		return w.Value
	}
	for _, f := range fs {
		switch f.Kind {
		case ShellLine:
			out = append(out, "shell:"+word(f.Text))
		case Argv:
			var ws []string
			for _, w := range f.Argv {
				ws = append(ws, word(w))
			}
			out = append(out, "argv:"+strings.Join(ws, " "))
		case Effect:
			s := f.Effect
			if f.Recurse {
				s += "+R"
			}
			s += ":" + word(f.Path)
			if f.Effect == "rename" {
				s += ">" + word(f.Dest)
			}
			out = append(out, s)
		case Power:
			out = append(out, "power")
		case Kill:
			out = append(out, "kill:"+word(f.Target))
		case ForkBomb:
			out = append(out, "forkbomb")
		case Dynamic:
			out = append(out, "dynamic")
		default:
			out = append(out, "?")
		}
	}
	return strings.Join(out, "; ")
}

// readCase is one line of a reader's table: code and the brief of its
// findings ("" for none).
type readCase struct{ code, want string }

// runTable checks each case, and that every finding has a position inside
// the code and names its call.
func runTable(t *testing.T, lang Lang, cases []readCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.code] {
			t.Errorf("duplicate case %q", c.code)
		}
		seen[c.code] = true
		fs := Analyze(lang, c.code)
		if got := brief(fs); got != c.want {
			t.Errorf("%s %q:\n got %q\nwant %q", lang, c.code, got, c.want)
		}
		checkFindings(t, c.code, fs)
	}
}

func checkFindings(t *testing.T, code string, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		if f.Pos < 0 || f.Pos >= max(len(code), 1) {
			t.Errorf("%q: finding %+v: position %d outside the code", code, f, f.Pos)
		}
		if f.Call == "" {
			t.Errorf("%q: finding %+v names no call", code, f)
		}
	}
}

// tableSizes checks that a reader's tables have at least n dangerous
// cases, each with findings, and n ordinary ones.
func tableSizes(t *testing.T, danger, ordinary []readCase, n int) {
	t.Helper()
	for _, c := range danger {
		if c.want == "" {
			t.Errorf("dangerous case %q expects no findings", c.code)
		}
	}
	if len(danger) < n || len(ordinary) < n {
		t.Errorf("%d dangerous and %d ordinary cases; want at least %d of each", len(danger), len(ordinary), n)
	}
}

// TestPositions checks that a finding points at its call in the code
// given, also when the call is in a literal that the code runs: verbatim
// literals map into their body, others point at the call that runs them.
func TestPositions(t *testing.T) {
	cases := []struct {
		lang Lang
		code string
		at   string // the code at the finding's position starts with this
	}{
		{Python, `import os; os.system("reboot")`, `os.system(`},
		{Python, `exec("import os; os.system('reboot')")`, `os.system('reboot')`},
		{Python, `exec("import os\nos.system('reboot')")`, `exec(`},
		{Python, `print(f"{os.system('reboot')}")`, `os.system(`},
		{Python, "import os\nwhile True:\n    os.fork()", `while True`},
		{Perl, `print 1; system "reboot"`, `system "reboot"`},
		{Perl, `eval 'system("reboot")'`, `system("reboot")`},
		{Perl, `s/x/system("halt")/e`, `system("halt")`},
		{Perl, `print "@{[ unlink '/etc/passwd' ]}"`, `unlink`},
		{Ruby, `x = 1; FileUtils.rm_rf("/")`, `FileUtils.rm_rf(`},
		{Ruby, "puts \"#{`reboot`}\"", "`reboot`"},
		{Ruby, `eval("exec('reboot')")`, `exec('reboot')`},
		{Awk, `BEGIN { x = 1; system("reboot") }`, `system(`},
		{Awk, `BEGIN { "reboot" | getline }`, `"reboot"`},
	}
	for _, c := range cases {
		fs := Analyze(c.lang, c.code)
		if len(fs) != 1 {
			t.Errorf("%s %q: %d findings (%s), want 1", c.lang, c.code, len(fs), brief(fs))
			continue
		}
		if !strings.HasPrefix(c.code[fs[0].Pos:], c.at) {
			t.Errorf("%s %q: finding at %d (%q), want at %q", c.lang, c.code, fs[0].Pos, c.code[fs[0].Pos:], c.at)
		}
	}
}
