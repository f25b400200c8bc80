package audit

import (
	"bufio"
	"fmt"
	"log/syslog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func testRecord(line string) *Record {
	r := &Record{Decision: "block", Outcome: "blocked", Rules: []string{"system.rm-root"}, Cwd: "/tmp"}
	r.Who(func(string) string { return "alice" })
	r.SetLine(line)
	return r
}

func TestSetLine(t *testing.T) {
	r := &Record{}
	r.SetLine("rm -rf /")
	if r.Line != "rm -rf /" || r.LineBytes != 0 || r.LineBase64 != "" {
		t.Errorf("%+v", r)
	}
	r.SetLine("rm \xff\xfe")
	if r.Line != "rm \uFFFD" || r.RawLine() != "rm \xff\xfe" {
		t.Errorf("invalid UTF-8: %q, raw %q", r.Line, r.RawLine())
	}
	long := strings.Repeat("é", MaxLine) // two bytes each: the cut must not split one
	r.SetLine(long)
	if r.LineBytes != len(long) || len(r.Line) > MaxLine || r.LineBase64 != "" || !strings.HasPrefix(long, r.Line) {
		t.Errorf("long line: %d bytes kept of %d, base64 %d", len(r.Line), r.LineBytes, len(r.LineBase64))
	}
}

func TestWho(t *testing.T) {
	r := testRecord("x")
	if r.Time.IsZero() || r.Host == "" || r.PID != os.Getpid() || r.User.UID != os.Getuid() || r.User.SudoUser != "alice" {
		t.Errorf("%+v", r)
	}
	if r.User.Name == "" {
		t.Errorf("no user name for uid %d", r.User.UID)
	}
}

// TestConcurrentWrites: records written at once, short and longer than
// PIPE_BUF, all arrive whole, one per line.
func TestConcurrentWrites(t *testing.T) {
	file := filepath.Join(t.TempDir(), "audit.jsonl")
	var wg sync.WaitGroup
	n := 200
	for i := range n {
		wg.Go(func() {
			line := "rm -rf /"
			if i%2 == 1 {
				line += " # " + strings.Repeat(string(rune('a'+i%26)), 3*pipeBuf)
			}
			if _, err := Write(testRecord(line), Options{Files: []File{{Path: file}}}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	lines := readLines(t, file)
	if len(lines) != n {
		t.Fatalf("%d lines, want %d", len(lines), n)
	}
	for _, l := range lines {
		r, err := Parse([]byte(l))
		if err != nil || !strings.HasPrefix(r.Line, "rm -rf /") {
			t.Fatalf("bad line (%v): %.100q", err, l)
		}
	}
	fi, _ := os.Stat(file)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
}

func readLines(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, MaxRecord)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestWriteLocksLongRecords: a record longer than PIPE_BUF waits for a
// lock someone else holds (for up to lockWait), a short one does not.
func TestWriteLocksLongRecords(t *testing.T) {
	file := filepath.Join(t.TempDir(), "audit.jsonl")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	holder, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if err := unix.Flock(int(holder.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := Write(testRecord("short"), Options{Files: []File{{Path: file}}}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > lockWait/2 {
		t.Errorf("a short record waited %v for the lock", d)
	}
	fd := int(holder.Fd())
	unlocked := make(chan struct{})
	go func() {
		defer close(unlocked)
		time.Sleep(200 * time.Millisecond)
		unix.Flock(fd, unix.LOCK_UN)
	}()
	defer func() { <-unlocked }()
	start = time.Now()
	if _, err := Write(testRecord(strings.Repeat("x", 2*pipeBuf)), Options{Files: []File{{Path: file}}}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("a long record did not wait for the lock (%v)", d)
	}
	if n := len(readLines(t, file)); n != 2 {
		t.Errorf("%d lines", n)
	}
}

func TestWriteFallsBack(t *testing.T) {
	dir := t.TempDir()
	user := filepath.Join(dir, "state", "belay", "audit.jsonl")
	// The first candidate's directory does not exist: it is not created,
	// the next is used, and its directory is.
	sys := filepath.Join(dir, "var-log-belay", "audit.jsonl")
	got, err := Write(testRecord("rm -rf /"), Options{Files: []File{{Path: sys}, {Path: user, Mkdir: true}}})
	if err != nil || got != user {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Dir(sys)); err == nil {
		t.Error("created the first candidate's directory")
	}
	if fi, err := os.Stat(filepath.Dir(user)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("user directory: %v %v", fi.Mode(), err)
	}
}

func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	os.Symlink(filepath.Join(dir, "target"), link)
	for _, f := range []string{fifo, link, dir} {
		done := make(chan error, 1)
		go func() {
			_, err := Write(testRecord("x"), Options{Files: []File{{Path: f}}})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: written", f)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: write blocked", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "target")); err == nil {
		t.Error("followed the symlink")
	}
	if _, err := Write(testRecord("x"), Options{}); err == nil {
		t.Error("no file: no error")
	}
	// A device is not a log: BELAY_AUDIT_FILE=/dev/null is reported,
	// not taken silently.
	if _, err := Write(testRecord("x"), Options{Files: []File{{Path: os.DevNull}}}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("/dev/null: %v, want not a regular file", err)
	}
	// Nor is a hard link to some other file.
	other := filepath.Join(dir, "other")
	if err := os.WriteFile(other, []byte("keep\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard")
	if err := os.Link(other, hard); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(testRecord("x"), Options{Files: []File{{Path: hard}}}); err == nil || !strings.Contains(err.Error(), "hard links") {
		t.Errorf("hard link: %v, want refused", err)
	}
	if data, _ := os.ReadFile(other); string(data) != "keep\n" {
		t.Errorf("written through a hard link: %q", data)
	}
}

// TestWriteRefusesOthersPaths: a directory or symbolic link on the way to
// the log that belongs to someone other than root or the user belay runs
// as is not followed: as root, ~user/.local/state/belay -> /etc/sudoers.d
// must not lead a record into /etc. Links of root or of the user are
// followed; the log itself is never a link.
func TestWriteRefusesOthersPaths(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	// Links of the user (or root) are followed, on every component.
	mine := filepath.Join(dir, "mine")
	if err := os.Symlink(target, mine); err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join(dir, "rel")
	if err := os.Symlink("mine", rel); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(mine, "a.jsonl"), filepath.Join(rel, "b.jsonl"), filepath.Join(rel, "new", "c.jsonl")} {
		if _, err := Write(testRecord("x"), Options{Files: []File{{Path: p, Mkdir: true}}}); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, name := range []string{"a.jsonl", "b.jsonl", "new/c.jsonl"} {
		if _, err := os.Stat(filepath.Join(target, name)); err != nil {
			t.Errorf("not written through the user's own link: %v", err)
		}
	}
	loop := filepath.Join(dir, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(testRecord("x"), Options{Files: []File{{Path: filepath.Join(loop, "x.jsonl")}}}); err == nil {
		t.Error("a link loop: written")
	}
	if os.Geteuid() != 0 {
		t.Skip("links and directories of another user need root to make")
	}
	// As root: the user's state directory is a link of the user's to a
	// directory of root's.
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(home, "state")
	if err := os.Symlink(target, state); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(state, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	planted := filepath.Join(state, "audit.jsonl")
	if _, err := Write(testRecord("x"), Options{Files: []File{{Path: planted, Mkdir: true}}}); err == nil || !strings.Contains(err.Error(), "symbolic link owned by uid 65534") {
		t.Errorf("another's link: %v, want refused", err)
	}
	if _, err := os.Stat(filepath.Join(target, "audit.jsonl")); err == nil {
		t.Error("written through another user's link")
	}
	// A directory of another user's on the way.
	theirs := filepath.Join(dir, "theirs")
	if err := os.Mkdir(theirs, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(theirs, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(testRecord("x"), Options{Files: []File{{Path: filepath.Join(theirs, "sub", "audit.jsonl"), Mkdir: true}}}); err == nil || !strings.Contains(err.Error(), "directory owned by uid 65534") {
		t.Errorf("another's directory: %v, want refused", err)
	}
	if _, err := os.Stat(filepath.Join(theirs, "sub")); err == nil {
		t.Error("made a directory inside another user's")
	}
}

// TestWriteMakesRootDirectory: root makes a missing log directory with
// the mode asked for, owned by root:root whatever its group.
func TestWriteMakesRootDirectory(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	dir := filepath.Join(t.TempDir(), "var-log-belay")
	if err := syscall.Setegid(65534); err != nil {
		t.Skipf("setegid: %v", err)
	}
	_, err := Write(testRecord("x"), Options{Files: []File{{Path: filepath.Join(dir, "audit.jsonl"), Mkdir: true, DirMode: 0o750}}})
	if err := syscall.Setegid(0); err != nil {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	// The umask may take more away, never give.
	if fi.Mode().Perm()&^0o750 != 0 || fi.Mode().Perm()&0o700 != 0o700 || st.Uid != 0 || st.Gid != 0 {
		t.Errorf("made %v owned by %d:%d, want 0750 root:root", fi.Mode(), st.Uid, st.Gid)
	}
}

// TestWriteTorn: a write cut short (a full disk) leaves a torn record; it
// is ended with a newline, and the next record, written whole, is a line
// of its own that readers find. A file that already ends torn gets a
// newline before the next record.
func TestWriteTorn(t *testing.T) {
	file := filepath.Join(t.TempDir(), "audit.jsonl")
	opt := Options{Files: []File{{Path: file}}}
	writeFD = func(fd int, b []byte) (int, error) { return unix.Write(fd, b[:len(b)/2]) }
	_, err := Write(testRecord("rm -rf / # torn"), opt)
	writeFD = unix.Write
	if err == nil || !strings.Contains(err.Error(), "short write") {
		t.Fatalf("a short write: %v", err)
	}
	if _, err := Write(testRecord("rm -rf / # whole"), opt); err != nil {
		t.Fatal(err)
	}
	// Someone else's torn write, with no newline after it.
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2025-01-01T00:00:00Z","outco`)
	f.Close()
	if _, err := Write(testRecord("rm -rf / # after"), opt); err != nil {
		t.Fatal(err)
	}
	lines := readLines(t, file)
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4 (torn, whole, torn, after):\n%s", len(lines), strings.Join(lines, "\n"))
	}
	data, _ := os.ReadFile(file)
	r, _ := os.Open(file)
	defer r.Close()
	var got []string
	skipped, err := ReadNewest(r, int64(len(data)), func(rec *Record, _ []byte) bool {
		got = append(got, rec.Line)
		return true
	})
	if err != nil || skipped != 2 || strings.Join(got, "|") != "rm -rf / # after|rm -rf / # whole" {
		t.Errorf("read %q, %d skipped, %v; want the two whole records and 2 skipped", got, skipped, err)
	}
}

// TestSyslog: a record reaches a syslog socket as JSON with the tag, its
// line cut short; a missing socket is no error.
func TestSyslog(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "log")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	file := filepath.Join(t.TempDir(), "audit.jsonl")
	r := testRecord("rm -rf / " + strings.Repeat("z", 5000))
	if _, err := Write(r, Options{Files: []File{{Path: file}}, Syslog: true, Facility: LogLocal0 + 3<<3, SyslogAddr: sock}); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 64<<10)
	n, err := conn.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	msg := string(buf[:n])
	// <PRI> is facility*8 + severity: local3 (19) and warning (4).
	if !strings.HasPrefix(msg, "<156>") || !strings.Contains(msg, " belay[") || !strings.Contains(msg, `"outcome":"blocked"`) ||
		!strings.Contains(msg, `"line_bytes":5009`) || len(msg) > 3000 {
		t.Errorf("message %.300q (%d bytes)", msg, len(msg))
	}
	// As log/syslog writes to the local daemon: time.Stamp, the tag and
	// pid, the record, a newline.
	head := fmt.Sprintf(`^<156>[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d belay\[%d\]: \{"`, os.Getpid())
	if !regexp.MustCompile(head).MatchString(msg) || !strings.HasSuffix(msg, "}\n") || strings.Count(msg, "\n") != 1 {
		t.Errorf("message not in log/syslog's local form: %.100q … %q", msg, msg[max(0, len(msg)-20):])
	}
	if _, err := Write(r, Options{Files: []File{{Path: file}}, Syslog: true, SyslogAddr: filepath.Join(t.TempDir(), "none")}); err != nil {
		t.Errorf("no syslog socket: %v", err)
	}
}

func TestFacility(t *testing.T) {
	for name, want := range map[string]syslog.Priority{"": syslog.LOG_AUTH, "auth": syslog.LOG_AUTH, "AUTHPRIV": syslog.LOG_AUTHPRIV,
		"user": syslog.LOG_USER, "daemon": syslog.LOG_DAEMON, "syslog": syslog.LOG_SYSLOG, "local0": syslog.LOG_LOCAL0,
		"local3": syslog.LOG_LOCAL3, "local7": syslog.LOG_LOCAL7} {
		if got, err := Facility(name); err != nil || int(got) != int(want) {
			t.Errorf("Facility(%q) = %v, %v", name, got, err)
		}
	}
	for _, bad := range []string{"kern", "local8", "local"} {
		if _, err := Facility(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if int(logWarning) != int(syslog.LOG_WARNING) || int(logNotice) != int(syslog.LOG_NOTICE) || int(logInfo) != int(syslog.LOG_INFO) {
		t.Error("the severities are not log/syslog's")
	}
}

func BenchmarkWrite(b *testing.B) {
	file := filepath.Join(b.TempDir(), "audit.jsonl")
	r := testRecord("rm -rf /")
	for b.Loop() {
		if _, err := Write(r, Options{Files: []File{{Path: file}}}); err != nil {
			b.Fatal(err)
		}
	}
}
