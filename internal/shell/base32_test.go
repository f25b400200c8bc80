package shell

import (
	"encoding/base32"
	"strings"
	"testing"
)

var base32Cases = []string{"", "f", "fo", "foo", "foob", "fooba", "foobar", "rm -rf /\n", "\x00\xff\x10\x80",
	"MZXW6YTBOI", "MZXW6YTBOI======", "MZXW6", "M", "MZX", "MZXW6Y", "MZXW6YT", "mzxw6", "MZXW6YTB1", "MZ======",
	"MZXW6YTBOIM", "MZXW6YTBOIMZX", "MZXW6YTBOIMZXW6Y", "MZXW6YTBM", "MZXW6YT", "MZ"}

// TestBase32 checks the decoder and the encoder against encoding/base32:
// the decoder on what decodeBase gives it, letters of the alphabet (it
// refuses anything else).
func TestBase32(t *testing.T) {
	for _, s := range base32Cases {
		checkBase32(t, s)
	}
}

func checkBase32(t *testing.T, s string) {
	t.Helper()
	want, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if strings.ContainsFunc(s, func(r rune) bool { return !strings.ContainsRune(base32Alphabet, r) }) {
		if got, ok := base32Decode(s); ok {
			t.Errorf("base32Decode(%q) = %q, true; want false (not letters of the alphabet)", s, got)
		}
	} else if got, ok := base32Decode(s); ok != (err == nil) || ok && got != string(want) {
		t.Errorf("base32Decode(%q) = %q, %v; encoding/base32: %q, %v", s, got, ok, want, err)
	}
	if got, want := base32Encode(s), base32.StdEncoding.EncodeToString([]byte(s)); got != want {
		t.Errorf("base32Encode(%q) = %q, encoding/base32 writes %q", s, got, want)
	}
}

func FuzzBase32(f *testing.F) {
	for _, s := range base32Cases {
		f.Add(s)
	}
	f.Fuzz(checkBase32)
}
