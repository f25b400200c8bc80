package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/belay-sh/belay/internal/audit"
	"github.com/belay-sh/belay/internal/packs"
)

// auditEnv is a hermetic environment whose audit log is in a temp dir.
func auditEnv(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	return map[string]string{
		"HOME":               filepath.Join(dir, "home"),
		"XDG_CONFIG_HOME":    filepath.Join(dir, "config"),
		"XDG_CACHE_HOME":     filepath.Join(dir, "cache"),
		"BELAY_ETC":          filepath.Join(dir, "etc"),
		"BELAY_AUDIT_FILE":   filepath.Join(dir, "audit.jsonl"),
		"BELAY_AUDIT_SYSLOG": "off",
		"NO_COLOR":           "1",
		"PATH":               os.Getenv("PATH"),
	}
}

// runEnv runs belay in-process with exactly env.
func runEnv(env map[string]string, stdout io.Writer, args ...string) (int, string) {
	var stderr bytes.Buffer
	if stdout == nil {
		stdout = io.Discard
	}
	a := &app{stdin: strings.NewReader(""), stdout: stdout, stderr: &stderr,
		getenv: func(k string) string { return env[k] },
		environ: func() []string {
			var kv []string
			for k, v := range env {
				kv = append(kv, k+"="+v)
			}
			return kv
		}, cwd: "/home/u"}
	return a.run("belay", args), stderr.String()
}

func records(t *testing.T, file string) []*audit.Record {
	t.Helper()
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []*audit.Record
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if l == "" {
			continue
		}
		r, err := audit.Parse([]byte(l))
		if err != nil {
			t.Fatalf("not a record (%v): %q", err, l)
		}
		out = append(out, r)
	}
	return out
}

// TestAuditOutcomes: each check that a rule had a say in is recorded once,
// with its final outcome; ordinary allowed lines are not, unless
// audit.log_allowed.
func TestAuditOutcomes(t *testing.T) {
	for _, tt := range []struct {
		name    string
		args    []string
		env     map[string]string
		config  string
		code    int
		outcome string // "" for no record
		rules   string
		acks    string
	}{
		{name: "block", args: []string{"rm -rf /"}, code: ExitBlock, outcome: "blocked", rules: "[filesystem.delete-root]"},
		{name: "confirm without prompt", args: []string{"rm -rf /var/www/*"}, code: ExitConfirm, outcome: "confirmation needed", rules: "[filesystem.delete-system-tree]"},
		{name: "acknowledged", args: []string{"BELAY_ACK=filesystem.delete-system-tree rm -rf /var/www/*"}, outcome: "acknowledged", rules: "[]", acks: "[filesystem.delete-system-tree]"},
		// An exported BELAY_ACK acknowledges nothing: only the line's own prefix does.
		{name: "exported ack", args: []string{"rm -rf /var/www/*"}, env: map[string]string{"BELAY_ACK": "filesystem.delete-system-tree"}, code: ExitConfirm, outcome: "confirmation needed", rules: "[filesystem.delete-system-tree]"},
		{name: "allowed", args: []string{"ls -la"}},
		{name: "allowed, logged", args: []string{"ls -la"}, config: "[audit]\nlog_allowed = true\n", outcome: "allowed", rules: "[]"},
		{name: "observe", args: []string{"rm -rf /"}, config: "mode = \"observe\"\n", outcome: "observed block", rules: "[filesystem.delete-root]"},
		{name: "observe flag", args: []string{"--observe", "--", "rm -rf /"}, outcome: "observed block", rules: "[filesystem.delete-root]"},
		{name: "parse error", args: []string{"rm -rf / )("}, code: ExitConfirm, outcome: "confirmation needed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := auditEnv(t)
			for k, v := range tt.env {
				env[k] = v
			}
			if tt.config != "" {
				cfg := filepath.Join(t.TempDir(), "belay.toml")
				os.WriteFile(cfg, []byte(tt.config), 0o644)
				env["BELAY_CONFIG"] = cfg
			}
			code, stderr := runEnv(env, nil, append([]string{"check", "--no-prompt", "--shell", "bash"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
			if strings.Contains(stderr, "audit") {
				t.Errorf("stderr: %s", stderr)
			}
			recs := records(t, env["BELAY_AUDIT_FILE"])
			if tt.outcome == "" {
				if len(recs) != 0 {
					t.Fatalf("%d records, want none", len(recs))
				}
				return
			}
			if len(recs) != 1 {
				t.Fatalf("%d records, want 1", len(recs))
			}
			r := recs[0]
			line := tt.args[len(tt.args)-1]
			if r.Outcome != tt.outcome || r.Line != line || r.Shell != "bash" || r.Cwd != "/home/u" || r.User.Name == "" || r.Host == "" {
				t.Errorf("record %+v", r)
			}
			if tt.rules != "" && fmt.Sprint(r.Rules) != tt.rules {
				t.Errorf("rules %v, want %s", r.Rules, tt.rules)
			}
			if fmt.Sprint(r.Acknowledged) != cmpOr(tt.acks, "[]") {
				t.Errorf("acknowledged %v, want %s", r.Acknowledged, tt.acks)
			}
			if time.Since(r.Time) > time.Minute {
				t.Errorf("time %v", r.Time)
			}
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// TestAuditPrompt: the answer given at the prompt is the outcome recorded;
// a timeout is a decline, with its reason.
func TestAuditPrompt(t *testing.T) {
	for _, tt := range []struct {
		answer  string // "" for none
		code    int
		outcome string
		reason  string
	}{
		{"y\n", ExitAllow, "confirmed", ""},
		{"n\n", ExitBlock, "declined", ""},
		{"", ExitBlock, "declined", "no answer in 300ms: not run"},
	} {
		t.Run(tt.outcome+tt.reason, func(t *testing.T) {
			ptm, tty, err := pty.Open()
			if err != nil {
				t.Skip("no pty:", err)
			}
			defer ptm.Close()
			defer tty.Close()
			defer func(p string, d time.Duration) { ttyPath, promptTimeout = p, d }(ttyPath, promptTimeout)
			ttyPath, promptTimeout = tty.Name(), 300*time.Millisecond
			done := make(chan struct{})
			go func() {
				// Answer once the question is there: earlier input is flushed.
				defer close(done)
				var seen []byte
				buf := make([]byte, 256)
				for !bytes.Contains(seen, []byte("Run it?")) {
					n, err := ptm.Read(buf)
					if err != nil {
						return
					}
					seen = append(seen, buf[:n]...)
				}
				if tt.answer != "" {
					ptm.WriteString(tt.answer)
				}
				io.Copy(io.Discard, ptm)
			}()
			env := auditEnv(t)
			code, stderr := runEnv(env, nil, "check", "--", "rm -rf /var/www/*")
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
			recs := records(t, env["BELAY_AUDIT_FILE"])
			if len(recs) != 1 || recs[0].Outcome != tt.outcome || recs[0].Reason != tt.reason || recs[0].Decision != "confirm" {
				t.Fatalf("records %+v", recs)
			}
			// With every slave descriptor closed, reading the master ends.
			tty.Close()
			<-done
		})
	}
}

// TestAuditWriteFails: a record that cannot be written is reported and
// does not change the outcome.
func TestAuditWriteFails(t *testing.T) {
	env := auditEnv(t)
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, nil, 0o600)
	env["BELAY_AUDIT_FILE"] = filepath.Join(notDir, "audit.jsonl")
	code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", "rm -rf /")
	if code != ExitBlock || !strings.Contains(stderr, "belay: warning: audit: ") || !strings.Contains(stderr, "not a directory") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	code, stderr = runEnv(env, nil, "check", "--no-prompt", "--", "ls")
	if code != 0 || stderr != "" {
		t.Errorf("allowed line: exit %d\n%s", code, stderr)
	}
}

// TestAuditDefaultFile: without BELAY_AUDIT_FILE a user's records go to
// the fleet's log when it can be written, else to the user's state
// directory; root's never go to a home directory.
func TestAuditDefaultFile(t *testing.T) {
	defer func(f func() int) { geteuid = f }(geteuid)
	geteuid = func() int { return 1000 }
	env := auditEnv(t)
	delete(env, "BELAY_AUDIT_FILE")
	state := filepath.Join(t.TempDir(), "state")
	env["XDG_STATE_HOME"] = state
	a := &app{getenv: func(k string) string { return env[k] }}
	files := a.auditFiles(&packs.Config{})
	if len(files) != 2 || files[0].Path != systemAuditFile || files[0].Mkdir || files[1].Path != filepath.Join(state, "belay", "audit.jsonl") || !files[1].Mkdir {
		t.Fatalf("a user's logs: %+v", files)
	}
	delete(env, "XDG_STATE_HOME")
	if files := a.auditFiles(&packs.Config{}); files[1].Path != filepath.Join(env["HOME"], ".local", "state", "belay", "audit.jsonl") {
		t.Fatalf("without XDG_STATE_HOME: %+v", files)
	}
	// Root (a root shell, sudo belay …) and trusted mode: the fleet's log
	// only, made on first use, never under a home the environment names.
	geteuid = func() int { return 0 }
	if files := a.auditFiles(&packs.Config{}); len(files) != 1 || files[0].Path != systemAuditFile || !files[0].Mkdir || files[0].DirMode != 0o750 {
		t.Fatalf("root's logs: %+v", files)
	}
	geteuid = func() int { return 1000 }
	a.trusted = true
	env["BELAY_AUDIT_FILE"] = "/tmp/elsewhere"
	if files := a.auditFiles(&packs.Config{}); len(files) != 1 || files[0].Path != systemAuditFile {
		t.Errorf("trusted mode: %+v", files)
	}
	a.trusted = false
	delete(env, "BELAY_AUDIT_FILE")

	if _, err := os.Stat(filepath.Dir(systemAuditFile)); err == nil && os.Geteuid() == 0 {
		t.Skip(filepath.Dir(systemAuditFile), "exists on this machine and is writable: not writing to it")
	}
	env["XDG_STATE_HOME"] = state
	if code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", "rm -rf /"); code != ExitBlock || stderr == "" {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if recs := records(t, filepath.Join(state, "belay", "audit.jsonl")); len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	// The config's audit.file comes first.
	cfg := filepath.Join(t.TempDir(), "belay.toml")
	own := filepath.Join(t.TempDir(), "fleet.jsonl")
	os.WriteFile(cfg, []byte("[audit]\nfile = \""+own+"\"\nfacility = \"local4\"\n"), 0o644)
	env["BELAY_CONFIG"] = cfg
	runEnv(env, nil, "check", "--no-prompt", "--", "rm -rf /")
	if recs := records(t, own); len(recs) != 1 {
		t.Fatalf("%d records in audit.file", len(recs))
	}
}

// TestAuditFileNotRegular: BELAY_AUDIT_FILE naming a device is reported
// on every record, not taken silently.
func TestAuditFileNotRegular(t *testing.T) {
	env := auditEnv(t)
	env["BELAY_AUDIT_FILE"] = os.DevNull
	code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", "rm -rf /")
	if code != ExitBlock || !strings.Contains(stderr, "belay: warning: audit: /dev/null: not a regular file: refused") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// TestAuditEventFallback: the hidden subcommand the hooks run when a line
// ran unchecked.
func TestAuditEventFallback(t *testing.T) {
	env := auditEnv(t)
	code, stderr := runEnv(env, nil, "audit-event", "fallback", "--shell", "zsh", "--reason", "no verdict within 2s", "--", "rm", "-rf", "/tmp/x")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	recs := records(t, env["BELAY_AUDIT_FILE"])
	if len(recs) != 1 || recs[0].Outcome != "fallback" || recs[0].Decision != "unchecked" || recs[0].Line != "rm -rf /tmp/x" ||
		recs[0].Shell != "zsh" || recs[0].Reason != "no verdict within 2s" {
		t.Fatalf("%+v", recs)
	}
	if code, _ := runEnv(env, nil, "audit-event", "other"); code != ExitUsage {
		t.Errorf("unknown event: exit %d", code)
	}
}

// panicWriter panics on the first write: a fault in output.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("injected output fault") }

// TestInternalErrorIsConfirm: a panic while judging or concluding exits 3
// with an error (never a crash, never an allow), and is recorded.
func TestInternalErrorIsConfirm(t *testing.T) {
	t.Run("judge", func(t *testing.T) {
		env := auditEnv(t)
		var stderr bytes.Buffer
		a := &app{stdout: io.Discard, stderr: &stderr, cwd: "/home/u",
			environ: func() []string { panic("injected fault in judge") },
			getenv:  func(k string) string { return env[k] }}
		code := a.run("belay", []string{"check", "--no-prompt", "--", "ls"})
		if code != ExitConfirm || !strings.Contains(stderr.String(), "belay: error: internal error: injected fault in judge") {
			t.Fatalf("exit %d\n%s", code, stderr.String())
		}
		recs := records(t, env["BELAY_AUDIT_FILE"])
		if len(recs) != 1 || recs[0].Outcome != "internal error" || recs[0].Line != "ls" || recs[0].Decision != "confirm" {
			t.Fatalf("%+v", recs)
		}
	})
	t.Run("conclude", func(t *testing.T) {
		env := auditEnv(t)
		for _, line := range []string{"ls", "rm -rf /"} {
			code, stderr := runEnv(env, panicWriter{}, "check", "--json", "--no-prompt", "--", line)
			if code != ExitConfirm || !strings.Contains(stderr, "belay: error: internal error: injected output fault") {
				t.Fatalf("%s: exit %d\n%s", line, code, stderr)
			}
		}
		recs := records(t, env["BELAY_AUDIT_FILE"])
		if len(recs) != 2 || recs[0].Outcome != "internal error" || recs[1].Outcome != "internal error" || recs[1].Decision != "block" {
			t.Fatalf("%+v", recs)
		}
	})
}

// TestAuditConcurrentProcesses: 50 belay processes that each block a line
// at the same moment leave exactly 50 whole records; so do 50 whose
// records are longer than PIPE_BUF.
func TestAuditConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds belay")
	}
	bin := filepath.Join(t.TempDir(), "belay")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/belay").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, size := range []int{0, 3 * 4096} {
		t.Run(fmt.Sprintf("padding-%d", size), func(t *testing.T) {
			env := auditEnv(t)
			var kv []string
			for k, v := range env {
				kv = append(kv, k+"="+v)
			}
			const n = 50
			start := make(chan struct{})
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Go(func() {
					line := fmt.Sprintf("rm -rf / # %d %s", i, strings.Repeat("p", size))
					cmd := exec.Command(bin, "check", "--no-prompt", "--", line)
					cmd.Env = kv
					<-start
					out, err := cmd.CombinedOutput()
					if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != ExitBlock {
						errs <- fmt.Errorf("process %d: %v\n%s", i, err, out)
					}
				})
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			seen := map[string]bool{}
			for _, r := range records(t, env["BELAY_AUDIT_FILE"]) {
				if r.Outcome != "blocked" || len(r.Line) < size || seen[r.Line] {
					t.Errorf("record %.100q: outcome %s", r.Line, r.Outcome)
				}
				seen[r.Line] = true
			}
			if len(seen) != n {
				t.Errorf("%d distinct records, want %d", len(seen), n)
			}
		})
	}
}

// writeLog writes records, oldest first, to a log file.
func writeLog(t *testing.T, extra string, recs ...*audit.Record) string {
	t.Helper()
	var b bytes.Buffer
	for _, r := range recs {
		line, err := r.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
	}
	b.WriteString(extra)
	file := filepath.Join(t.TempDir(), "audit.jsonl")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestLog(t *testing.T) {
	now := time.Now()
	mk := func(ago time.Duration, outcome, line string, rules ...string) *audit.Record {
		r := &audit.Record{Time: now.Add(-ago), Outcome: outcome, Decision: "block", Rules: rules, User: audit.User{UID: 1000, Name: "alice", SudoUser: "bob"}}
		r.SetLine(line)
		return r
	}
	file := writeLog(t, "garbage\n{\"torn\":",
		mk(71*time.Hour, "blocked", "reboot", "system.reboot"),
		mk(2*time.Hour, "declined", "rm -rf /var/www/*", "filesystem.delete-system-tree"),
		mk(time.Minute, "blocked", "rm -rf /\x1b]0;pwned\x07\x1b[2J\u009b31m", "filesystem.delete-root"),
	)
	// Garbage in between, too.
	data, _ := os.ReadFile(file)
	data = bytes.Replace(data, []byte("\n"), []byte("\n\x00\x01not json\n"), 1)
	os.WriteFile(file, data, 0o600)

	env := auditEnv(t)
	var out bytes.Buffer
	code, stderr := runEnv(env, &out, "log", "--file", file)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "filesystem.delete-root") || !strings.Contains(lines[2], "reboot") {
		t.Fatalf("not newest first:\n%s", out.String())
	}
	if !strings.Contains(lines[0], `rm -rf /\x1b]0;pwned\x07\x1b[2J\x9b31m`) || !strings.Contains(lines[0], "bob→alice") || !strings.Contains(lines[0], "blocked ") {
		t.Errorf("line: %q", lines[0])
	}
	if strings.ContainsAny(out.String(), "\x1b\x07\x00\u009b") {
		t.Errorf("control characters reach the terminal: %q", out.String())
	}
	if !strings.Contains(stderr, "belay: warning: 3 line(s) of ") {
		t.Errorf("stderr: %s", stderr)
	}

	out.Reset()
	runEnv(env, &out, "log", "--file", file, "--since", "3h", "--json")
	lines = strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "{") || !strings.Contains(lines[1], "delete-system-tree") {
		t.Fatalf("--since 3h --json:\n%s", out.String())
	}
	if strings.Contains(lines[0], "\u009b") || !strings.Contains(lines[0], `\u009b`) {
		t.Errorf("C1 control raw in --json: %q", lines[0])
	}
	for _, l := range lines {
		if _, err := audit.Parse([]byte(l)); err != nil {
			t.Errorf("--json line does not parse: %v", err)
		}
	}

	out.Reset()
	runEnv(env, &out, "log", "--file", file, "--since", "3d")
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Errorf("--since 3d: %d lines", n)
	}

	// The default file is the one belay writes to.
	os.Rename(file, env["BELAY_AUDIT_FILE"])
	out.Reset()
	runEnv(env, &out, "log")
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Errorf("default file: %d lines", n)
	}
	os.Remove(env["BELAY_AUDIT_FILE"])
	if code, stderr := runEnv(env, &out, "log"); code != 0 || !strings.Contains(stderr, "no decisions recorded yet") {
		t.Errorf("no log: exit %d %s", code, stderr)
	}
	for _, bad := range [][]string{{"--since", "yesterday"}, {"--file", "/nonexistent/x"}, {"extra"}, {"--color", "pink"}} {
		if code, _ := runEnv(env, nil, append([]string{"log"}, bad...)...); code != ExitUsage {
			t.Errorf("log %v: exit %d", bad, code)
		}
	}
}

// FuzzLog: whatever the file holds, belay log prints no control
// characters and every --json line it prints is a record.
func FuzzLog(f *testing.F) {
	r := &audit.Record{Time: time.Now(), Outcome: "blocked", Decision: "block", Rules: []string{"a.b"}}
	r.SetLine("rm -rf /\x1b[2J\xff")
	line, _ := r.Marshal()
	f.Add(line)
	f.Add(append(line, "garbage\n{\"time\":\"2025-01-01T00:00:00Z\",\"outcome\":\"\u009b\x7f\",\"rules\":[\"\\u001b\"]}\n"...))
	f.Add([]byte("{\"time\":\"2025-01-01T00:00:00Z\",\"outcome\":\"x\",\"reason\":\"\\u0007\",\"user\":{\"sudo_user\":\"\\u202e\"}}\n"))
	dir := f.TempDir()
	env := map[string]string{"NO_COLOR": "1"}
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(dir, "audit.jsonl")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, mode := range []string{"", "--json"} {
			var out bytes.Buffer
			args := []string{"log", "--file", file}
			if mode != "" {
				args = append(args, mode)
			}
			if code, stderr := runEnv(env, &out, args...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, r := range out.String() {
				if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
					t.Fatalf("control character %U in %q", r, out.String())
				}
			}
			if mode == "--json" {
				sc := bufio.NewScanner(&out)
				sc.Buffer(nil, audit.MaxRecord+1)
				for sc.Scan() {
					if _, err := audit.Parse(sc.Bytes()); err != nil {
						t.Fatalf("--json printed a line that is not a record: %q", sc.Text())
					}
				}
			}
		}
	})
}

// TestLogSource: each record says where its check came from; belay log
// leaves out lines tried by hand with belay check unless --all.
func TestLogSource(t *testing.T) {
	env := auditEnv(t)
	log := env["BELAY_AUDIT_FILE"]
	if log == "" {
		t.Skip("auditEnv sets no BELAY_AUDIT_FILE")
	}
	runEnv(env, nil, "check", "--no-prompt", "--", "rm -rf /")
	runEnv(env, nil, "hook", "--shell", "bash", "--", "rm -rf /")
	recs := records(t, log)
	if len(recs) != 2 || recs[0].Source != "check" || recs[1].Source != "hook" {
		for _, r := range recs {
			t.Logf("%+v", r)
		}
		t.Fatalf("%d records, want a check and a hook record", len(recs))
	}
	var out bytes.Buffer
	_, stderr := runEnv(env, &out, "log")
	if strings.Count(out.String(), "\n") != 1 || !strings.Contains(out.String(), "via hook") || !strings.Contains(stderr, "1 manual check(s)") {
		t.Errorf("log without --all:\n%s\n%s", out.String(), stderr)
	}
	out.Reset()
	runEnv(env, &out, "log", "--all")
	if strings.Count(out.String(), "\n") != 2 || !strings.Contains(out.String(), "via check") {
		t.Errorf("log --all:\n%s", out.String())
	}
}
