package shell

import (
	"strings"
	"testing"
)

// TestGlobName checks that a command name that is a pattern is read as
// each command it matches.
func TestGlobName(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{`/???/r?boot`, `[if /???/r?boot is reboot]reboot power:`},
		{`/bin/r[m] -rf /x`, `[if /bin/r[m] is rm]rm delete:/x+R`},
		{`/usr/sbin/re*t`, `[if /usr/sbin/re*t is reboot]reboot power:`},
	} {
		if got := summary(Analyze(tt.line, testOpts)); !strings.Contains(got, tt.want) {
			t.Errorf("Analyze(%q)\n got: %s\nwant among them: %s", tt.line, got, tt.want)
		}
	}
	for _, line := range []string{`./build-*.sh`, `*`, `/bin/l? -la`, `./*.py --help`} {
		if got := summary(Analyze(line, testOpts)); strings.Contains(got, "[if ") && strings.Contains(got, ":") {
			t.Errorf("Analyze(%q) = %s: a reading with an effect", line, got)
		}
	}
}
