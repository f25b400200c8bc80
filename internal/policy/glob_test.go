package policy

import "testing"

func TestMatchWord(t *testing.T) {
	tests := []struct {
		pat, s string
		want   bool
	}{
		{"", "", true},
		{"a", "a", true},
		{"a", "b", false},
		{"*", "", true},
		{"*", "/a/b", true},
		{"*.img", "/srv/xen/web.img", true},
		{"*.img", "/srv/xen/web.img.bak", false},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"?", "é", true},
		{"??", "é", false},
		{"[abc]", "b", true},
		{"[!abc]", "b", false},
		{"[^abc]", "d", true},
		{"[a-c]x", "bx", true},
		{"[a-]", "-", true},
		{"[]]", "]", true},
		{`\*`, "*", true},
		{`\*`, "a", false},
		{"mkfs*", "mkfs.ext4", true},
		{"*fs", "mkfs", true},
		{"postgresql@*", "postgresql@14-main", true},
		{"*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
	}
	for _, tc := range tests {
		g, err := compileWordGlob(tc.pat)
		if err != nil {
			t.Errorf("%q: %v", tc.pat, err)
			continue
		}
		if got := g.match(tc.s); got != tc.want {
			t.Errorf("%q ~ %q = %v, want %v", tc.pat, tc.s, got, tc.want)
		}
		if got := matchWord(tc.pat, tc.s); got != tc.want {
			t.Errorf("matchWord(%q, %q) = %v, want %v", tc.pat, tc.s, got, tc.want)
		}
	}
	for _, bad := range []string{"[", "a[b", `a\`, "[!"} {
		if _, err := compileWordGlob(bad); err == nil {
			t.Errorf("%q compiles", bad)
		}
	}
}

// TestEmptyWordGlob checks that emptyWord (two single quotes) names the
// empty word, an operand not known statically, and nothing else.
func TestEmptyWordGlob(t *testing.T) {
	g, err := compileWordGlob("''")
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"": true, "''": false, "x": false, " ": false} {
		if got := g.match(s); got != want {
			t.Errorf("'' ~ %q = %v, want %v", s, got, want)
		}
	}
}

func TestNormUsr(t *testing.T) {
	for in, want := range map[string]string{
		"/bin": "/usr/bin", "/sbin/init": "/usr/sbin/init", "/lib64/ld.so": "/usr/lib64/ld.so",
		"/libx32": "/usr/libx32", "/binx": "/binx", "/library": "/library", "/usr/bin": "/usr/bin", "/": "/", "": "",
	} {
		if got := normUsr(in); got != want {
			t.Errorf("normUsr(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzGlobs(f *testing.F) {
	f.Add("/usr/**", "/usr/*/bin", true)
	f.Add("/home/*/.ssh/**", "/h*/alice/.ssh", true)
	f.Add("[a-", "a", false)
	f.Add("/lib*/x", "/lib64/x", false)
	f.Fuzz(func(t *testing.T, pat, s string, glob bool) {
		if len(pat) > 200 || len(s) > 200 {
			return
		}
		if g, err := compileWordGlob(pat); err == nil {
			g.match(s)
		}
		if pp, err := compilePathPattern(pat); err == nil {
			tg := newTarget(s, glob)
			pp.matches(&tg)
			pp.covers(&tg)
		}
	})
}

// A relative target (below an unknown working directory) matches no
// pattern: patterns are absolute, and "*.bak" is not "/*.bak".
func TestRelativeTargetMatchesNoPattern(t *testing.T) {
	tests := []struct {
		pat, target string
		glob, want  bool
	}{
		{"/*", "/data", false, true},
		{"/*", "/*.bak", true, true},
		{"/*", "*.bak", true, false},
		{"/*", "build-*", true, false},
		{"/*", "build", false, false},
		{"/**", "tmp*", true, false},
		{"/data*/**", "data1/x", false, false},
	}
	for _, tc := range tests {
		pp, err := compilePathPattern(tc.pat)
		if err != nil {
			t.Fatal(err)
		}
		tg := newTarget(tc.target, tc.glob)
		if got := pp.matches(&tg); got != tc.want {
			t.Errorf("%s matches %s (glob %v): %v, want %v", tc.pat, tc.target, tc.glob, got, tc.want)
		}
	}
}
