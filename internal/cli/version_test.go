package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionFrom: go install …@v1.2.3 reports v1.2.3; a build from a
// checkout reports its commit; anything else dev.
func TestVersionFrom(t *testing.T) {
	for _, tt := range []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, "dev-0123456789ab-dirty"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}}}, "dev-0123456789ab"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
	} {
		if got := versionFrom(&tt.bi); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.bi, got, tt.want)
		}
	}
}

// TestNearestCommand: a typo gets the command it was meant to be; a
// word far from every command gets none.
func TestNearestCommand(t *testing.T) {
	for in, want := range map[string]string{"chekc": "check", "exlpain": "explain", "scna": "scan", "fcts": "facts", "deploy": "", "": ""} {
		if got := nearestCommand(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestUsageErrors: what a person mistypes exits 2 with what was typed.
func TestUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"facts", "--root", "/nonexistent-belay-root"}, "not a directory"},
		{[]string{"rules", "test", "/nonexistent-belay.toml"}, "no such file"},
		{[]string{"rules", "lint", "/nonexistent-belay.toml"}, "no such file"},
		{[]string{"check", "--bogus", "x"}, "unknown flag --bogus"},
		{[]string{"chekc"}, "did you mean 'belay check'"},
	} {
		code, stderr := runEnv(map[string]string{"HOME": t.TempDir()}, nil, tt.args...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}
