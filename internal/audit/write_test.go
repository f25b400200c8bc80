package audit

import (
	"bufio"
	"log/syslog"
	"net"
	"os"
	"path/filepath"
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
	if _, err := Write(testRecord("x"), Options{Files: []File{{Path: os.DevNull}}}); err != nil {
		t.Errorf("/dev/null: %v", err)
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
	if _, err := Write(r, Options{Files: []File{{Path: file}}, Syslog: true, Facility: syslog.LOG_LOCAL3, SyslogAddr: sock}); err != nil {
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
	if _, err := Write(r, Options{Files: []File{{Path: file}}, Syslog: true, SyslogAddr: filepath.Join(t.TempDir(), "none")}); err != nil {
		t.Errorf("no syslog socket: %v", err)
	}
}

func TestFacility(t *testing.T) {
	for name, want := range map[string]syslog.Priority{"": syslog.LOG_AUTH, "auth": syslog.LOG_AUTH, "AUTHPRIV": syslog.LOG_AUTHPRIV, "local7": syslog.LOG_LOCAL7} {
		if got, err := Facility(name); err != nil || got != want {
			t.Errorf("Facility(%q) = %v, %v", name, got, err)
		}
	}
	if _, err := Facility("kern"); err == nil {
		t.Error("kern accepted")
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
