package shell

import "testing"

// TestLaunchers checks that the launchers run the command they start.
func TestLaunchers(t *testing.T) {
	tests := []struct {
		d          Dialect
		line, want string
	}{
		{Bash, `capsh -- -c 'rm -rf /x'`, `[capsh>bash -c]rm delete:/x+R`},
		{Bash, `capsh --shell=/bin/sh -- -c 'rm -rf /x'`, `[capsh>sh -c]rm delete:/x+R`},
		{Bash, `capsh --print`, `capsh`},
		{Bash, `machinectl shell .host /bin/rm -rf /x`, `[machinectl shell]rm delete:/x+R`},
		{Bash, `machinectl shell .host`, `machinectl`},
		{Bash, `proxychains4 -q rm -rf /x`, `[proxychains4]rm delete:/x+R`},
		{Bash, `faketime '2020-01-01' rm -rf /x`, `[faketime]rm delete:/x+R`},
		{Bash, `numactl --cpunodebind=0 rm -rf /x`, `[numactl]rm delete:/x+R`},
		{Bash, `numactl --hardware`, `numactl`},
		{Bash, `xvfb-run -a rm -rf /x`, `[xvfb-run]rm delete:/x+R`},
		{Bash, `gosu www rm -rf /x`, `[gosu]rm delete:/x+R`},
		{Bash, `yash -c 'rm -rf /x'`, `[yash -c]rm delete:/x+R`},
		{Zsh, `emulate sh -c 'rm -rf /x'`, `[emulate -c]rm delete:/x+R`},
	}
	for _, tt := range tests {
		o := testOpts
		o.Dialect = tt.d
		if got := summary(Analyze(tt.line, o)); got != tt.want {
			t.Errorf("Analyze(%s, %q)\n got: %s\nwant: %s", tt.d, tt.line, got, tt.want)
		}
	}
}
