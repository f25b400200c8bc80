package policy

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// bigPack is a well-formed pack of n rules, each with a test case.
func bigPack(n int) string {
	var b strings.Builder
	b.WriteString("[pack]\nname = \"big\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[rule]]\nid = \"big.r%d\"\naction = \"confirm\"\nmessage = \"rule %d of a big pack\"\ncommand = [\"tool%d\"]\n\n  [[rule.test]]\n  line = \"tool%d x\"\n  match = true\n", i, i, i, i)
	}
	return b.String()
}

// pathologicalPacks are pack files built to be slow to read; each must be
// refused with a message.
func pathologicalPacks() map[string]struct{ data, want string } {
	over := bigPack(1)
	over += "\n# " + strings.Repeat("x", MaxPackSize-len(over)) + "\n"
	return map[string]struct{ data, want string }{
		"over-4MiB":           {over, "too large"},
		"tables-10000-deep":   {"[" + strings.Repeat("a.", 10000) + "b]\n", "nested too deeply"},
		"inline-10000-deep":   {"x = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000), "nested too deeply"},
		"arrays-100000-deep":  {"x = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000), "nested too deeply"},
		"dotted-key-100000":   {strings.Repeat("a.", 100000) + "b = 1\n", "nested too deeply"},
		"array-tables-100000": {"[[" + strings.Repeat("rule.", 100000) + "x]]\n", "nested too deeply"},
	}
}

func TestPathologicalPacks(t *testing.T) {
	for name, p := range pathologicalPacks() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			pk, err := ParsePack("p.toml", []byte(p.data))
			took := time.Since(start)
			if err == nil || pk != nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), p.want) || !strings.HasPrefix(err.Error(), "p.toml:") {
				t.Errorf("error %.200v", err)
			}
			t.Logf("refused in %v (BenchmarkPathologicalPacks measures it)", took)
		})
	}
}

// BenchmarkPathologicalPacks: how long each is to be refused, and, for
// scale, how long a well-formed pack just under the size limit takes to
// read (once: the parsed-pack cache spares later checks).
func BenchmarkPathologicalPacks(b *testing.B) {
	for name, p := range pathologicalPacks() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				ParsePack("p.toml", []byte(p.data))
			}
		})
	}
	n := 1000
	for len(bigPack(2*n)) < MaxPackSize {
		n *= 2
	}
	data := []byte(bigPack(n))
	b.Run(fmt.Sprintf("valid-%d-rules-%dKiB", n, len(data)>>10), func(b *testing.B) {
		for b.Loop() {
			if _, err := ParsePack("p.toml", data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
