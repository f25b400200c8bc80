package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/rules"
)

// TestGeneratedUpToDate: builtin_gen.go is what gen writes for rules/*.toml
// today, byte for byte, so a pack edited without go generate, or a change
// to gen not run, fails the tests (policy's TestBuiltinUpToDate compares
// the values; this, the text).
func TestGeneratedUpToDate(t *testing.T) {
	packs, err := policy.ParseDir(rules.FS, "rules")
	if err != nil {
		t.Fatal(err)
	}
	src, err := Source(packs)
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile("../" + out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, old) {
		t.Fatal("internal/policy/builtin_gen.go is not what gen writes: run go generate ./internal/policy")
	}
	for _, want := range []string{"Action:    Confirm,", "shell.Delete,", "[]*Pack{\n\t{\n"} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("the source lacks %q", want)
		}
	}
	if bytes.Contains(src, []byte("Action(")) || bytes.Contains(src, []byte("&Rule{")) {
		t.Error("the source writes actions by number, or types gofmt -s leaves out")
	}
}

// TestSourceUnnamed: a value with no constant to write it by stops gen.
func TestSourceUnnamed(t *testing.T) {
	p := &policy.Pack{Name: "x", Rules: []*policy.Rule{{ID: "x.y", Action: policy.Action(9)}}}
	if _, err := Source([]*policy.Pack{p}); err == nil || !strings.Contains(err.Error(), "add it to named") {
		t.Errorf("Source with Action(9): %v", err)
	}
}
