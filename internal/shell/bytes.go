package shell

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// A shell line is bytes, not text: `rm -rf / $'\377'` typed with a raw 0xFF
// byte runs rm on / and on a file named by that byte. The parser reads
// UTF-8 only, so before parsing every byte that is not part of valid UTF-8
// is carried as one rune of a private-use range (carrier runes), which
// the parser takes as an ordinary word character; expanded values, paths
// and the text of each invocation get the bytes back when the invocation
// is recorded. A valid rune of the carrier range in the line as given is
// carried byte by byte too, so that every carrier rune stands for exactly
// one byte. (A carrier rune that expand makes from an escape such as
// $'\U0010ff80' is read as a byte as well when the line also held bytes
// that are not UTF-8; either way the path stays where it was.)

// carrierBase + b carries byte b (0x80 to 0xff): U+10FF80 to U+10FFFF,
// the end of plane 16 (private use).
const carrierBase = 0x10FF00

func isCarrier(r rune) bool { return r >= carrierBase+0x80 && r <= carrierBase+0xFF }

// carry returns s with every byte that is not valid UTF-8, and every
// carrier rune, replaced by the carrier rune of each of its bytes, and
// whether it changed anything. A line of ASCII is returned as it is.
func carry(s string) (string, bool) { return carryBytes(s, true) }

// carryNested is carry for a string the analysis made itself (a bash -c
// argument, eval's words): its carrier runes already stand for bytes and
// stay; only bytes that are not UTF-8 (from $'\xff', printf) are carried.
func carryNested(s string) (string, bool) { return carryBytes(s, false) }

func carryBytes(s string, all bool) (string, bool) {
	j := 0
	for j < len(s) && s[j] < utf8.RuneSelf {
		j++
	}
	if j == len(s) {
		return s, false
	}
	var b strings.Builder
	done := 0 // s[:done] is in b
	for j < len(s) {
		if s[j] < utf8.RuneSelf {
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if (r == utf8.RuneError && n == 1) || (all && isCarrier(r)) {
			if done == 0 {
				b.Grow(len(s) + 3*n + 16)
			}
			b.WriteString(s[done:j])
			for k := j; k < j+n; k++ {
				b.WriteRune(carrierBase + rune(s[k]))
			}
			j += n
			done = j
			continue
		}
		j += n
	}
	if done == 0 {
		return s, false
	}
	b.WriteString(s[done:])
	return b.String(), true
}

// uncarry returns s with every carrier rune turned back into its byte.
func uncarry(s string) string {
	k := strings.Index(s, "\xf4\x8f")
	if k < 0 {
		return s // carrier runes are F4 8F BE xx or F4 8F BF xx
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for j := k; j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		if isCarrier(r) {
			b.WriteString(s[i:j])
			b.WriteByte(byte(r - carrierBase))
			j += n
			i = j
			continue
		}
		j += n
	}
	b.WriteString(s[i:])
	return b.String()
}

// printable returns s with each byte that is not valid UTF-8 written as
// $'\xNN', for text that is shown (an invocation's Text, a problem):
// nothing from the line reaches a terminal raw.
func printable(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			const hex = "0123456789abcdef"
			b.WriteString(`$'\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&15])
			b.WriteByte('\'')
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// carriers returns the offsets of the carrier runes in s, for turning a
// column of the carried line back into a column of the line as given.
func carriers(s string) []int {
	out := make([]int, 0, strings.Count(s, "\xf4\x8f"))
	for i := 0; ; {
		k := strings.Index(s[i:], "\xf4\x8f")
		if k < 0 {
			return out
		}
		i += k
		if r, n := utf8.DecodeRuneInString(s[i:]); isCarrier(r) {
			out = append(out, i)
			i += n
			continue
		}
		i++
	}
}

// column returns the column, in bytes of the line as given, of a position
// at offset off and column col of the carried line: each carrier rune
// before it on its line is four bytes there and one here.
func column(offs []int, off, col int) int {
	if len(offs) == 0 {
		return col
	}
	start := off - (col - 1)
	before := sort.SearchInts(offs, off) - sort.SearchInts(offs, start)
	return col - 3*before
}
