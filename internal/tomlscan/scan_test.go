package tomlscan

import (
	"strings"
	"testing"
)

func TestDeep(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want int // the line where it is too deep; 0 when it is not
	}{
		{"a = [[1]]", 0},
		{"a = [[[[[[[[1]]]]]]]]", 0},
		{"a = [[[[[[[[[1]]]]]]]]]", 1},
		{"x = 1\n\ny = {a={b={c={d={e={f={g={h={i=1}}}}}}}}}", 3},
		{"a.b.c.d.e.f.g.h = 1", 0},
		{"a.b.c.d.e.f.g.h.i = 1", 1},
		{"[a.b.c.d.e.f.g.h]\n[[a.b.c.d.e.f.g.h.i]]", 2},
		{"v = 1.5\nw = 2.5", 0},
		{"s = \"[[[[[[[[[[[[[[[[\"", 0},
		{"s = '''\n{{{{{{{{{{{{{{{{{\n'''\nt = [[[[[[[[[[1]]]]]]]]]]", 4},
		{"# {{{{{{{{{{{{{{{{{{\nk = 1", 0},
		{"s = \"\\\"[[[[[[[[[[[[[\"", 0},
		{"s = \"\"\"\n\\\"\"\"\"\na = [[[[[[[[[1]]]]]]]]]", 3},
		// Not TOML: the decoder says so; the scan only must not hang.
		{"[[[[[[[[[[", 0},
	} {
		d := Scan([]byte(tt.src), 8)
		got := 0
		if d.Deep {
			got = d.DeepLine
		}
		if got != tt.want {
			t.Errorf("Scan(%q, 8): deep at line %d, want %d", tt.src, got, tt.want)
		}
	}
}

func TestPos(t *testing.T) {
	src := "mode = \"x\"\n[audit]\n  file = \"/x\"\n[actions]\n\"a.b\" = \"block\"\nshell.real = \"/bin/sh\"\nq = {r = 1, s = {t = 2}}\n"
	d := Scan([]byte(src), 8)
	for _, tt := range []struct {
		path      []string
		line, col int
	}{
		{[]string{"mode"}, 1, 1},
		{[]string{"audit"}, 2, 1},
		{[]string{"audit", "file"}, 3, 3},
		{[]string{"actions", "a.b"}, 5, 1},
		{[]string{"actions", "shell", "real"}, 6, 1},
		{[]string{"actions", "q", "s", "t"}, 7, 18},
		{[]string{"nothere"}, 0, 0},
	} {
		line, col := d.Pos(tt.path...)
		if line != tt.line || col != tt.col {
			t.Errorf("Pos(%q) = %d:%d, want %d:%d", tt.path, line, col, tt.line, tt.col)
		}
	}
}

// TestScanBounded: pathological text is scanned in one pass.
func TestScanBounded(t *testing.T) {
	for i, src := range []string{
		"a = " + strings.Repeat("{b=", 100000) + "1" + strings.Repeat("}", 100000),
		"a = " + strings.Repeat("[", 1000000) + strings.Repeat("]", 1000000),
		strings.Repeat("a.", 100000) + "b = 1\n",
		"[" + strings.Repeat("a.", 100000) + "b]\n",
		strings.Repeat("\"", 1<<20),
		strings.Repeat("'''", 1<<18),
	} {
		// A scan is one pass: how long it takes is for a benchmark to
		// say; a hang fails the run by go test's timeout. The first four
		// nest past the limit and must say so.
		if d := Scan([]byte(src), 16); i < 4 && (d == nil || !d.Deep) {
			t.Errorf("%.40q…: not refused as too deep", src)
		}
	}
}
