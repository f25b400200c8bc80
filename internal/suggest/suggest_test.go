package suggest

import (
	"strings"
	"testing"
)

func TestNearest(t *testing.T) {
	ids := []string{"system.reboot", "system.reboot-over-ssh", "filesystem.delete-root", "mode", "prompt_timeout", "hook_timeout"}
	for in, want := range map[string]string{
		"system.rebot":            "system.reboot",
		"sytsem.reboot":           "system.reboot",
		"prompt_timout":           "prompt_timeout",
		"hook_timout":             "hook_timeout",
		"mdoe":                    "mode",
		"system.reboot":           "",
		"environment":             "",
		"":                        "",
		strings.Repeat("a", 1000): "",
	} {
		if got := Nearest(in, ids); got != want {
			t.Errorf("Nearest(%.20q) = %q, want %q", in, got, want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"ab", "ba", 1}, {"kitten", "sitting", 3}, {"check", "chekc", 1},
	} {
		if got := Distance(tt.a, tt.b, 10); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzDistance(f *testing.F) {
	f.Add("check", "chekc")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := Distance(a, b, 1000)
		if d != Distance(b, a, 1000) || d < 0 || (a == b) != (d == 0) && len(a) <= maxLen && len(b) <= maxLen {
			t.Errorf("Distance(%q, %q) = %d", a, b, d)
		}
	})
}
