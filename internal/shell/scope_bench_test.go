package shell

import (
	"strconv"
	"testing"
)

// BenchmarkRootScope is the environment's share of every line: its
// variables put into the root scope (50 of them, as a login shell has).
func BenchmarkRootScope(b *testing.B) {
	env := map[string]string{}
	for i := range 50 {
		env["VARIABLE_"+strconv.Itoa(i)] = "/usr/local/bin:/usr/bin:/bin"
	}
	b.ReportAllocs()
	for b.Loop() {
		rootScope(Options{Env: env})
	}
}
