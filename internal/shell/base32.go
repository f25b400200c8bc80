package shell

import "strings"

// base32 as RFC 4648 and coreutils' base32 write it, without
// encoding/base32: that package builds its alphabets' tables at every
// start of belay, for lines that almost never hold base32.
// base32_test.go checks both against encoding/base32.

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// base32Decode decodes s, letters of the alphabet only (no padding, no
// white space), as encoding/base32's StdEncoding without padding does: a
// last group of 1, 3 or 6 letters, which holds no whole byte's worth in
// RFC 4648, gives nothing; a letter not of the alphabet is an error.
func base32Decode(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(base32Alphabet, s[i]) < 0 {
			return "", false
		}
	}
	switch len(s) % 8 {
	case 1, 3, 6:
		s = s[:len(s)/8*8]
	}
	var b strings.Builder
	b.Grow(len(s) * 5 / 8)
	var acc uint64
	bits := 0
	for i := 0; i < len(s); i++ {
		acc = acc<<5 | uint64(strings.IndexByte(base32Alphabet, s[i]))
		bits += 5
		if bits >= 8 {
			bits -= 8
			b.WriteByte(byte(acc >> bits))
		}
	}
	return b.String(), true
}

// base32Encode is s in base32 with = padding to a whole group of 8.
func base32Encode(s string) string {
	var b strings.Builder
	b.Grow((len(s) + 4) / 5 * 8)
	var acc uint64
	bits := 0
	for i := 0; i < len(s); i++ {
		acc = acc<<8 | uint64(s[i])
		bits += 8
		for bits >= 5 {
			bits -= 5
			b.WriteByte(base32Alphabet[acc>>bits&31])
		}
	}
	if bits > 0 {
		b.WriteByte(base32Alphabet[acc<<(5-bits)&31])
	}
	for b.Len()%8 != 0 {
		b.WriteByte('=')
	}
	return b.String()
}
