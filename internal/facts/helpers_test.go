package facts

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeRoot is a host tree built in a temporary directory.
type fakeRoot struct {
	t   *testing.T
	dir string
	env map[string]string
}

// testNow is the fixed "now" of fake hosts: Monday 2026-11-30 12:00 UTC.
var testNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func newRoot(t *testing.T) *fakeRoot {
	t.Helper()
	return &fakeRoot{t: t, dir: t.TempDir(), env: map[string]string{}}
}

// path returns the real path of host path p.
func (r *fakeRoot) path(p string) string { return filepath.Join(r.dir, p) }

// file writes host file p with mode 0644.
func (r *fakeRoot) file(p, content string) *fakeRoot { return r.fileMode(p, content, 0o644) }

func (r *fakeRoot) fileMode(p, content string, mode os.FileMode) *fakeRoot {
	r.t.Helper()
	full := r.path(p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), mode); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Chmod(full, mode); err != nil {
		r.t.Fatal(err)
	}
	return r
}

// link makes host path p a symlink to target (taken literally).
func (r *fakeRoot) link(p, target string) *fakeRoot {
	r.t.Helper()
	full := r.path(p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.t.Fatal(err)
	}
	os.Remove(full)
	if err := os.Symlink(target, full); err != nil {
		r.t.Fatal(err)
	}
	return r
}

// mkdir makes host directory p.
func (r *fakeRoot) mkdir(p string) *fakeRoot {
	r.t.Helper()
	if err := os.MkdirAll(r.path(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	return r
}

// rm removes host path p.
func (r *fakeRoot) rm(p string) *fakeRoot {
	r.t.Helper()
	if err := os.RemoveAll(r.path(p)); err != nil {
		r.t.Fatal(err)
	}
	return r
}

// proc adds a fake process: its cmdline (argv joined by NUL), comm and stat.
func (r *fakeRoot) proc(pid int, ppid int, comm string, argv ...string) *fakeRoot {
	d := "/proc/" + itoa(pid)
	r.file(d+"/cmdline", strings.Join(argv, "\x00")+"\x00")
	r.file(d+"/comm", comm+"\n")
	r.file(d+"/stat", itoa(pid)+" ("+comm+") S "+itoa(ppid)+" 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0")
	return r
}

func itoa(i int) string { return strconv.Itoa(i) }

// host returns a Host on the fake root, at testNow, with the root's env.
func (r *fakeRoot) host() *Host {
	return New(Options{Root: r.dir, Now: func() time.Time { return testNow }, Env: func(k string) string { return r.env[k] }})
}

// ask asks a fresh Host and fails the test on error.
func (r *fakeRoot) ask(name, target string) Answer {
	r.t.Helper()
	a, err := r.host().Ask(name, target)
	if err != nil {
		r.t.Fatalf("Ask(%s, %q): %v", name, target, err)
	}
	return a
}

// wantHolds checks an answer holds and its detail contains every want.
func wantHolds(t *testing.T, a Answer, want ...string) {
	t.Helper()
	if !a.Holds {
		t.Errorf("want Holds, got %+v", a)
	}
	for _, w := range want {
		if !strings.Contains(a.Detail, w) {
			t.Errorf("detail %q lacks %q", a.Detail, w)
		}
	}
}

// wantNot checks an answer does not hold.
func wantNot(t *testing.T, a Answer) {
	t.Helper()
	if a.Holds {
		t.Errorf("want not Holds, got %+v", a)
	}
}
