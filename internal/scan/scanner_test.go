package scan

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/belay-sh/belay/internal/policy"
)

// scanAll runs a Scanner over paths and returns what it yields.
func scanAll(s *Scanner, paths ...string) (found []Finding, errs []string) {
	for f, err := range s.Scan(paths) {
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		found = append(found, *f)
	}
	return found, errs
}

// TestScanMemo: remembering the verdicts of repeated lines changes nothing
// but the time taken.
func TestScanMemo(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, ".bash_history")
	genHistory(t, hist, 5000)
	with, _ := scanAll(builtinScanner(t), hist)
	old := memoMax
	memoMax = 0
	defer func() { memoMax = old }()
	without, _ := scanAll(builtinScanner(t), hist)
	if !reflect.DeepEqual(with, without) {
		t.Errorf("memo changes the result")
	}
	if !slices.ContainsFunc(with, func(f Finding) bool { return f.RuleID == "filesystem.delete-root" }) {
		t.Errorf("the generated history has no dangerous lines found: %d findings", len(with))
	}
}

// TestScanOrder: findings come in the order of files and lines, an
// unreadable file in its place, and the counts add up.
func TestScanOrder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var lines []byte
	for range 1000 {
		lines = append(lines, "ls\n"...)
	}
	a := write("a.sh", "#!/bin/sh\nreboot\n")
	b := write(".bash_history", string(lines)+"rm -rf /\n")
	c := write("notes.txt", "rm -rf /\n")
	s := builtinScanner(t)
	found, errs := scanAll(s, a, filepath.Join(dir, "missing.sh"), b, c)
	var got []string
	for _, f := range found {
		got = append(got, filepath.Base(f.File.Path)+":"+f.RuleID)
	}
	want := []string{"a.sh:system.reboot", ".bash_history:filesystem.delete-root"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	if len(errs) != 2 || s.Unreadable != 2 || len(s.Files) != 2 || s.Commands != 1002 {
		t.Errorf("errors %q, %d unreadable, %d files, %d commands", errs, s.Unreadable, len(s.Files), s.Commands)
	}
	if f := found[1]; f.Line != 1001 || f.Col != 1 || f.Action != policy.Block {
		t.Errorf("finding at %d:%d %v", f.Line, f.Col, f.Action)
	}
}

// TestScanStop: a loop that stops early stops the scan, and the Scanner
// can scan again.
func TestScanStop(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 50 {
		p := filepath.Join(dir, "x"+string(rune('a'+i%26))+string(rune('a'+i/26))+".sh")
		if err := os.WriteFile(p, []byte("#!/bin/sh\nrm -rf /\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	s := builtinScanner(t)
	n := 0
	for range s.Scan(paths) {
		n++
		if n == 3 {
			break
		}
	}
	if found, _ := scanAll(s, paths...); len(found) != 50 {
		t.Errorf("second scan found %d, want 50", len(found))
	}
}
