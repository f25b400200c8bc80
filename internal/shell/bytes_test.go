package shell

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestInvalidUTF8: bytes that are not UTF-8 are carried through the
// analysis, come out byte for byte in words and paths, are shown escaped,
// and do not shift the columns reported.
func TestInvalidUTF8(t *testing.T) {
	tests := []struct {
		line, want string
		pos        string // of the last invocation
		text       string // of the last invocation
	}{
		{"rm -rf / \xff", "rm delete:/+R delete:/home/u/\xff+R", "1:1", `rm -rf / $'\xff'`},
		{"rm -rf /usr #\xff", "rm delete:/usr+R", "1:1", "rm -rf /usr"},
		{"cd /srv/\xfe && rm -rf x\xff", "cd; rm delete:/srv/\xfe/x\xff+R", "1:14", `rm -rf $'x\xff'`},
		{"rm -rf /x\U0010FFFF", "rm delete:/x\U0010FFFF+R", "1:1", `rm -rf $'/x\U0010ffff'`},
		{"rm '/a\xff\U0010ff80b'", "rm delete:/a\xff\U0010ff80b", "1:1", `rm $'/a\xff\U0010ff80b'`},
		{"rm -rf /$'\\xff'", "rm delete:/\xff+R", "1:1", `rm -rf $'/\xff'`},
		{"\xff\xfe; rm /x", "\xff\xfe; rm delete:/x", "1:5", "rm /x"},
		{"echo \xff\xff\xff; rm /x", "echo; rm delete:/x", "1:11", "rm /x"},
		{"bash -c 'rm -rf /\xff'", "[bash -c]rm delete:/\xff+R", "1:1", `rm -rf $'/\xff'`},
		{"bash -c $'rm -rf /\\xff'", "[bash -c]rm delete:/\xff+R", "1:1", `rm -rf $'/\xff'`},
		{"X=/\xff; rm -rf \"$X\"/y", "rm delete:/\xff/y+R", "1:7", `rm -rf $'/\xff/y'`},
		{"echo \"$(rm -rf /\xfe)\"", "rm delete:/\xfe+R; echo", "1:1", `echo "$(rm -rf /$'\xfe')"`},
	}
	for _, tt := range tests {
		a := Analyze(tt.line, testOpts)
		if got := summary(a); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.line, got, tt.want)
			continue
		}
		last := a.Invocations[len(a.Invocations)-1]
		if last.Pos.String() != tt.pos || last.Text != tt.text {
			t.Errorf("%q: pos %s text %q, want %s %q", tt.line, last.Pos, last.Text, tt.pos, tt.text)
		}
		for _, inv := range a.Invocations {
			if !utf8.ValidString(inv.Text) {
				t.Errorf("%q: text %q is not UTF-8", tt.line, inv.Text)
			}
		}
	}
}

func TestInvalidUTF8Messages(t *testing.T) {
	a := Analyze("\xff\xff )", testOpts)
	if a.ParseError == nil || !strings.HasPrefix(a.ParseError.Error(), "1:4:") || !utf8.ValidString(a.ParseError.Error()) {
		t.Errorf("parse error %v", a.ParseError)
	}
	a = Analyze("echo \xff; BELAY_ACK=a\xff rm x", testOpts)
	if acks := a.Invocations[1].Acks; len(acks) != 1 || acks[0].ID != "a\xff" || acks[0].Pos.String() != "1:9" {
		t.Errorf("acks %+v", acks)
	}
	a = Analyze("bash -c 'echo \xff )'", testOpts)
	if len(a.Problems) != 1 || !utf8.ValidString(a.Problems[0]) || !strings.Contains(a.Problems[0], " 1:8: ") {
		t.Errorf("problems %q", a.Problems)
	}
	fish := testOpts
	fish.Dialect = Fish
	a = Analyze("rm -rf / \xff; echo '\xfe'", fish)
	if s := summary(a); s != "rm delete:/+R delete:/home/u/\xff+R; echo" || a.Invocations[1].Argv[1].Value != "\xfe" {
		t.Errorf("fish: %q", s)
	}
	a = AnalyzeArgv([]string{"rm", "-rf", "/\xff", "/x\U0010FFFF"}, testOpts)
	if s := summary(a); s != "rm delete:/\xff+R delete:/x\U0010FFFF+R" {
		t.Errorf("argv: %q", s)
	}
}

// TestCarry: carrying and giving back bytes is exact for any string.
func TestCarry(t *testing.T) {
	for _, s := range []string{"", "abc", "\xff", "a\xffb\xfe", "é", "\xc3", "\U0010FF80\U0010FFFF", "\xf4\x8f\xbf", "x\x00y"} {
		c, _ := carry(s)
		if !utf8.ValidString(c) || uncarry(c) != s {
			t.Errorf("carry(%q) = %q, back %q", s, c, uncarry(c))
		}
	}
}

// FuzzCarry: carry gives valid UTF-8 that uncarry turns back into the
// same bytes.
func FuzzCarry(f *testing.F) {
	f.Add("a\xffb\U0010FFFF")
	f.Fuzz(func(t *testing.T, s string) {
		c, _ := carry(s)
		if !utf8.ValidString(c) || uncarry(c) != s {
			t.Fatalf("carry(%q) = %q, back %q", s, c, uncarry(c))
		}
	})
}
