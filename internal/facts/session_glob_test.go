package facts

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFactPatterns: NAME=GLOB facts, for rules a fleet scopes to hosts,
// users and groups, and session.tty.
func TestFactPatterns(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "etc/hostname"), []byte("db-07\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SUDO_USER": "deploy", "SUDO_UID": "1001"}
	tty := false
	h := New(Options{Root: root, Env: func(k string) string { return env[k] }, TTY: func() bool { return tty }})
	for _, tt := range []struct {
		fact string
		want bool
		err  bool
	}{
		{"host.name=db-*", true, false},
		{"host.name=web-*", false, false},
		{"host.name=db-0[0-9]", true, false},
		{"session.user=deploy", true, false},
		{"session.user=ops*", false, false},
		{"host.name=[", false, true},
		{"init.cannot-start=x", false, true},
		{"session.tty", false, false},
	} {
		a, err := h.Ask(tt.fact, "")
		if (err != nil) != tt.err || a.Holds != tt.want {
			t.Errorf("%s: holds %v, err %v; want %v, error %v", tt.fact, a.Holds, err, tt.want, tt.err)
		}
	}
	tty = true
	if a, _ := New(Options{Root: root, TTY: func() bool { return tty }}).Ask("session.tty", ""); !a.Holds {
		t.Error("session.tty with a terminal does not hold")
	}
}

// TestAccountOwn: account.own holds for the session's user and for the
// name USER or LOGNAME gives ($USER in a line), and for no other.
func TestAccountOwn(t *testing.T) {
	env := map[string]string{"SUDO_USER": "deploy", "SUDO_UID": "1001", "USER": "root", "LOGNAME": "root"}
	h := New(Options{Root: t.TempDir(), Env: func(k string) string { return env[k] }})
	for _, tt := range []struct {
		target string
		want   bool
	}{
		{"deploy", true},
		{"root", true},
		{"alice", false},
		{"", false},
	} {
		a, err := h.Ask(AccountOwn, tt.target)
		if err != nil || a.Holds != tt.want || a.Detail == "" {
			t.Errorf("account.own %q: holds %v (%q), err %v; want %v", tt.target, a.Holds, a.Detail, err, tt.want)
		}
	}
}
