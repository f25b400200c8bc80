package shell

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// quoteBash quotes s for a bash command line as syntax.Quote does, and
// also when s holds NUL bytes (written \x00), without fmt: a word of
// 128 KiB of bytes that are not UTF-8 took syntax.Quote 150 ms.
func quoteBash(s string) string {
	if s == "" {
		return "''"
	}
	if plainWord(s) {
		return s
	}
	shellChars, nonPrintable := false, false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ';', '"', '\'', '(', ')', '$', '|', '&', '>', '<', '`', ' ', '\t', '\r', '\n', '\\', '#', '{', '~', '*', '?', '[', '=':
				shellChars = true
			}
			if c < 0x20 || c == 0x7f {
				nonPrintable = true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || isCarrier(r) || !unicode.IsPrint(r) {
			nonPrintable = true
			if r == utf8.RuneError || isCarrier(r) {
				break // an escape is needed: the rest need not be looked at
			}
		}
		i += n
	}
	if !shellChars && !nonPrintable && !syntax.IsKeyword(s) {
		return s
	}
	var b strings.Builder
	if !nonPrintable {
		if !strings.Contains(s, "'") {
			return "'" + s + "'"
		}
		b.Grow(len(s) + 8)
		b.WriteByte('"')
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '"', '\\', '`', '$':
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
		b.WriteByte('"')
		return b.String()
	}
	const hex = "0123456789abcdef"
	b.Grow(len(s) + 16)
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\'' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r == '\a':
			b.WriteString(`\a`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\v':
			b.WriteString(`\v`)
		case r == utf8.RuneError && n == 1, r < 0x20, r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&15])
		case r < utf8.RuneSelf || !isCarrier(r) && unicode.IsPrint(r):
			b.WriteString(s[i : i+n])
		case r < 0x10000:
			b.WriteString(`\u`)
			for k := 12; k >= 0; k -= 4 {
				b.WriteByte(hex[(r>>k)&15])
			}
		default:
			b.WriteString(`\U`)
			for k := 28; k >= 0; k -= 4 {
				b.WriteByte(hex[(r>>k)&15])
			}
		}
		i += n
	}
	b.WriteByte('\'')
	return b.String()
}
