package shell

import (
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// TestQuoteBash: quoteBash writes what syntax.Quote writes (words that
// need no quoting on a command line, such as a=b, left as they are),
// faster, and NUL bytes too.
func TestQuoteBash(t *testing.T) {
	for _, s := range []string{
		"", "a", "a b", "it's", "$HOME", "a\x1b[31m", "\xff", "a\xffb", "\U0010ffff", "é", "if", "{a,b}", "a'b\n",
		"x\u200by", "\u00a0", "tab\there", "`x`", "q\"d", "\x7f", "日本語", "\xc3", "a=b", "~", "#",
	} {
		want, err := syntax.Quote(s, syntax.LangBash)
		if err != nil {
			t.Fatal(err)
		}
		if s != "" && plainWord(s) {
			want = s
		}
		if got := quoteBash(s); got != want {
			t.Errorf("quoteBash(%q) = %q, want %q", s, got, want)
		}
	}
	if got := quoteBash("a\x00'b"); got != `$'a\x00\'b'` {
		t.Errorf("quoteBash NUL = %q", got)
	}
}
