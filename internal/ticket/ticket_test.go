package ticket

import (
	"golang.org/x/sys/unix"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// testStore is a store under a temporary directory, with a clock and a
// session of its own.
func testStore(t *testing.T, withRun bool) *Store {
	t.Helper()
	base := t.TempDir()
	s := &Store{UID: os.Getuid(), RunUser: filepath.Join(base, "run-user"), Tmp: filepath.Join(base, "tmp"),
		Now: func() time.Time { return time.Unix(1_700_000_000, 0) }, Session: 4242, TTY: 34816}
	must(t, os.MkdirAll(s.Tmp, 0o1777))
	if withRun {
		must(t, os.MkdirAll(filepath.Join(s.RunUser, strconv.Itoa(s.UID)), 0o700))
	}
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestIssueRedeem(t *testing.T) {
	for _, withRun := range []bool{true, false} {
		t.Run("run-user-"+strconv.FormatBool(withRun), func(t *testing.T) {
			s := testStore(t, withRun)
			argv := []string{"rm", "-rf", "/srv/x"}
			must(t, s.Issue([]string{"filesystem.delete-system-tree", "x.y"}, argv))
			runDir, tmpDir := s.dirs()
			dir := tmpDir
			if withRun {
				dir = filepath.Join(runDir, "belay-ack")
			}
			if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
				t.Fatalf("ticket directory %s: %v %v", dir, fi, err)
			}
			// Another command, another session, another terminal: nothing.
			if got := s.Redeem([]string{"rm", "-rf", "/srv/y"}); got != nil {
				t.Errorf("another command: %v", got)
			}
			other := *s
			other.Session = 1
			if got := other.Redeem(argv); got != nil {
				t.Errorf("another session: %v", got)
			}
			other = *s
			other.TTY = 1
			if got := other.Redeem(argv); got != nil {
				t.Errorf("another terminal: %v", got)
			}
			// This one: once.
			if got := s.Redeem(argv); !slices.Equal(got, []string{"filesystem.delete-system-tree", "x.y"}) {
				t.Errorf("redeemed %v", got)
			}
			if got := s.Redeem(argv); got != nil {
				t.Errorf("redeemed twice: %v", got)
			}
		})
	}
}

func TestExpired(t *testing.T) {
	s := testStore(t, true)
	must(t, s.Issue([]string{"a.b"}, []string{"reboot"}))
	now := s.Now()
	s.Now = func() time.Time { return now.Add(Lifetime + time.Second) }
	if got := s.Redeem([]string{"reboot"}); got != nil {
		t.Errorf("expired ticket redeemed: %v", got)
	}
	runDir, _ := s.dirs()
	if ents, _ := os.ReadDir(filepath.Join(runDir, "belay-ack")); len(ents) != 0 {
		t.Errorf("expired ticket left: %v", ents)
	}
}

// TestRefused: tickets that Issue would not have left are not honoured.
func TestRefused(t *testing.T) {
	s := testStore(t, true)
	argv := []string{"reboot"}
	must(t, s.Issue([]string{"a.b"}, argv))
	runDir, _ := s.dirs()
	dir := filepath.Join(runDir, "belay-ack")
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 1 {
		t.Fatalf("%v %v", ents, err)
	}
	ticket := filepath.Join(dir, ents[0].Name())
	data, _ := os.ReadFile(ticket)

	// Readable by others.
	must(t, os.Chmod(ticket, 0o644))
	if got := s.Redeem(argv); got != nil {
		t.Errorf("a ticket others can read: %v", got)
	}
	// Two links to it.
	must(t, os.WriteFile(ticket, data, 0o600))
	must(t, os.Chmod(ticket, 0o600))
	must(t, os.Link(ticket, filepath.Join(t.TempDir(), "hard")))
	if got := s.Redeem(argv); got != nil {
		t.Errorf("a hard-linked ticket: %v", got)
	}
	// A link instead of a file.
	real := filepath.Join(t.TempDir(), "real")
	must(t, os.WriteFile(real, data, 0o600))
	must(t, os.Symlink(real, filepath.Join(dir, "t-link")))
	if got := s.Redeem(argv); got != nil {
		t.Errorf("a symlinked ticket: %v", got)
	}
	// The directory open to others.
	must(t, os.WriteFile(filepath.Join(dir, "t-new"), data, 0o600))
	must(t, os.Chmod(dir, 0o755))
	if got := s.Redeem(argv); got != nil {
		t.Errorf("a directory others can enter: %v", got)
	}
	if err := s.Issue([]string{"a.b"}, argv); err == nil {
		t.Error("issued into a directory others can enter")
	}
	must(t, os.Chmod(dir, 0o700))
	// The directory a link to the user's own.
	must(t, os.Rename(dir, dir+".moved"))
	must(t, os.Symlink(dir+".moved", dir))
	if got := s.Redeem(argv); got != nil {
		t.Errorf("a symlinked directory: %v", got)
	}
}

// TestOthersDirectory: a ticket directory made by someone else for the
// user (in /tmp, where anyone can make it first) is never used.
func TestOthersDirectory(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a directory of another user's")
	}
	s := testStore(t, false)
	s.UID = 1000
	_, tmpDir := s.dirs()
	must(t, os.Mkdir(tmpDir, 0o700))
	must(t, os.Chown(tmpDir, 2000, 2000))
	planted := filepath.Join(tmpDir, "t-planted")
	ticket := []byte(`{"uid":1000,"sid":4242,"tty":34816,"rules":["a.b"],"argv":"` + Hash([]string{"reboot"}) + `","expires":1700000010}`)
	must(t, os.WriteFile(planted, ticket, 0o600))
	must(t, os.Chown(planted, 1000, 1000))
	if got := s.Redeem([]string{"reboot"}); got != nil {
		t.Errorf("a ticket in another user's directory: %v", got)
	}
	if err := s.Issue([]string{"a.b"}, []string{"reboot"}); err == nil {
		t.Error("issued into another user's directory")
	}
	// And a ticket of another user's in the user's own directory.
	must(t, os.Chown(tmpDir, 1000, 1000))
	must(t, os.Chown(planted, 2000, 2000))
	if got := s.Redeem([]string{"reboot"}); got != nil {
		t.Errorf("another user's ticket: %v", got)
	}
	if _, err := os.Stat(planted); err == nil {
		t.Error("another user's ticket left in place")
	}
	must(t, os.WriteFile(planted, ticket, 0o600))
	must(t, os.Chown(planted, 1000, 1000))
	if got := s.Redeem([]string{"reboot"}); !slices.Equal(got, []string{"a.b"}) {
		t.Errorf("the user's own ticket, read by root: %v", got)
	}
}

func TestSelfSession(t *testing.T) {
	// A process whose session leader lives outside its pid namespace (a
	// container, some CI runners) is in session 0; what matters is that
	// /proc/self/stat and getsid(2) agree.
	sid, _ := selfSession()
	want, err := unix.Getsid(0)
	if err != nil {
		t.Fatal(err)
	}
	if sid != want || sid < 0 {
		t.Errorf("session %d from /proc/self/stat, getsid says %d", sid, want)
	}
}
