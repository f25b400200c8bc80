package packs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestFileErr: fileErr says what fmt.Errorf("%s: %w") said, and errors.Is
// and errors.As see through it.
func TestFileErr(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "belay.toml")
	_, err := os.Open(missing)
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Fatalf("os.Open: %v", err)
	}
	for _, in := range []error{err, fs.ErrPermission} {
		got := fileErr(missing, in)
		want := in
		if errors.As(in, &pe) {
			want = pe.Err
		}
		if got.Error() != fmt.Errorf("%s: %w", missing, want).Error() || !errors.Is(got, want) {
			t.Errorf("fileErr(%v) = %q", in, got)
		}
	}
	if !errors.Is(fileErr(missing, err), fs.ErrNotExist) {
		t.Error("fileErr of a missing file is not fs.ErrNotExist")
	}
}
