package shell

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyShellParsesShell checks that no package but this one imports the
// shell parser (mvdan.cc/sh): what the rest of belay needs of it, such as
// a parse error's position, this package exports in its own types.
func TestOnlyShellParsesShell(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	self, _ := filepath.Abs(".")
	checked := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || filepath.Dir(p) == self {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "mvdan.cc/sh/v3" || strings.HasPrefix(path, "mvdan.cc/sh/v3/") {
				rel, _ := filepath.Rel(root, p)
				// scripts/startupbench/floor links the library to time its
				// initialisation alone; a blank import reads no syntax.
				if imp.Name != nil && imp.Name.Name == "_" && strings.HasPrefix(filepath.ToSlash(rel), "scripts/") {
					continue
				}
				t.Errorf("%s imports %s: only internal/shell may read shell syntax; export what you need from it", rel, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d Go files checked outside internal/shell: is the root %s right?", checked, root)
	}
}
