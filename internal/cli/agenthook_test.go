package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

var updateGolden = flag.Bool("update", false, "rewrite the agent-hook golden files in testdata/agent with what belay answers")

// runAgentHook runs belay agent-hook in-process with payload on standard
// input, in a hermetic environment below dir (HOME is dir/home, the host
// root dir/host), and returns its exit status and output.
func runAgentHook(t *testing.T, dir string, payload []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := map[string]string{
		"HOME":               filepath.Join(dir, "home"),
		"BELAY_ETC":          filepath.Join(dir, "etc"),
		"BELAY_AUDIT_FILE":   filepath.Join(dir, "audit.jsonl"),
		"BELAY_AUDIT_SYSLOG": "off",
		"NO_COLOR":           "1",
		"PATH":               "/usr/bin:/bin",
	}
	var out, errs bytes.Buffer
	a := &app{stdin: bytes.NewReader(payload), stdout: &out, stderr: &errs,
		getenv: func(k string) string { return env[k] },
		environ: func() []string {
			var kv []string
			for k, v := range env {
				kv = append(kv, k+"="+v)
			}
			return kv
		}, cwd: "/home/u",
		// The goldens give the impact measured in full: a loaded machine
		// must not turn it into "not measured within 50ms".
		impactBudget: 30 * time.Second}
	args = append([]string{"agent-hook", "--root", filepath.Join(dir, "host")}, args...)
	code = a.run("belay", args)
	return code, out.String(), errs.String()
}

// TestAgentHookGolden: each file in testdata/agent is one payload an
// agent sends (written from its hook documentation), and the exact answer
// belay gives: standard output, standard error and exit status. Its name
// is AGENT_CASE.txtar; the payload is judged with --format AGENT, on an
// empty host. go test -run TestAgentHookGolden -update rewrites them.
func TestAgentHookGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/agent/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			format, _, _ := strings.Cut(name, "_")
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string][]byte{}
			for _, f := range ar.Files {
				sections[f.Name] = f.Data
			}
			payload, ok := sections["payload.json"]
			if !ok {
				t.Fatal("no payload.json")
			}
			if !json.Valid(payload) && !strings.Contains(name, "malformed") {
				t.Fatal("payload.json is not JSON")
			}
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "host"), 0o755); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runAgentHook(t, dir, payload, "--format", format)
			if *updateGolden {
				ar.Comment = []byte(firstLine(string(ar.Comment)) + "exit " + strconv.Itoa(code) + "\n")
				ar.Files = []txtar.File{{Name: "payload.json", Data: payload}, {Name: "stdout", Data: []byte(stdout)}, {Name: "stderr", Data: []byte(stderr)}}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := ""
			for _, l := range strings.Split(string(ar.Comment), "\n") {
				if strings.HasPrefix(l, "exit ") {
					want = l
				}
			}
			if got := "exit " + strconv.Itoa(code); got != want {
				t.Errorf("%s, want %s", got, want)
			}
			if stdout != string(sections["stdout"]) {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, sections["stdout"])
			}
			if stderr != string(sections["stderr"]) {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, sections["stderr"])
			}
			// Whatever it answers, the answer is one JSON object.
			var v map[string]any
			if err := json.Unmarshal([]byte(stdout), &v); err != nil {
				t.Errorf("stdout is not one JSON object: %v", err)
			}
			// An agent is never taught an override.
			if strings.Contains(stdout+stderr, "to run it anyway") || strings.Contains(stdout+stderr, "BELAY_ACK=disks") && !strings.Contains(stdout+stderr, "was ignored") {
				t.Errorf("the answer teaches an acknowledgement:\n%s", stdout)
			}
		})
	}
}

// firstLine is the comment's first line, with its newline.
func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	if l == "" || strings.HasPrefix(l, "exit ") {
		return ""
	}
	return l + "\n"
}

// TestAgentHookRecord: the log says which agent, session and tool asked,
// and that the command's own acknowledgement was ignored.
func TestAgentHookRecord(t *testing.T) {
	dir := t.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, "host"), 0o755)
	payload := `{"session_id":"sess-42","cwd":"/srv/app","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"BELAY_ACK=disks.write-device dd if=/dev/zero of=/dev/sda"}}`
	code, stdout, _ := runAgentHook(t, dir, []byte(payload), "--format", "claude")
	if code != 0 || !strings.Contains(stdout, `"permissionDecision":"ask"`) {
		t.Fatalf("exit %d, %s", code, stdout)
	}
	recs := records(t, filepath.Join(dir, "audit.jsonl"))
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs[0]
	if r.Agent != "claude" || r.Source != "agent-hook" || r.Session != "sess-42" || r.Tool != "Bash" || r.Outcome != "asked" || r.Cwd != "/srv/app" ||
		!strings.Contains(r.Reason, "BELAY_ACK=disks.write-device was ignored") || len(r.Acknowledged) != 0 {
		t.Errorf("record: %+v", r)
	}
}

// TestAgentHookFailsClosed: whatever goes wrong before belay can judge is
// a deny, in the agent's format when belay knows it, in every format when
// it does not.
func TestAgentHookFailsClosed(t *testing.T) {
	ok := `{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}`
	for _, c := range []struct {
		name, payload string
		args          []string
		want          string
	}{
		{"no format", ok, nil, `"permissionDecision":"deny"`},
		{"unknown format", ok, []string{"--format", "aider"}, `"permission":"deny"`},
		{"unknown flag", ok, []string{"--format", "gemini", "--frobnicate"}, `{"decision":"deny"`},
		{"operand", ok, []string{"--format", "claude", "ls"}, `"permissionDecision":"deny"`},
		{"bad confirm", ok, []string{"--format", "claude", "--confirm", "maybe"}, `"permissionDecision":"deny"`},
		{"bad shell", ok, []string{"--format", "claude", "--shell", "pwsh"}, `"permissionDecision":"deny"`},
		{"empty", "", []string{"--format", "cursor"}, `"permission":"deny"`},
		{"not an object", `["ls"]`, []string{"--format", "claude"}, `"permissionDecision":"deny"`},
		{"two objects", ok + ok, []string{"--format", "claude"}, `"permissionDecision":"deny"`},
		{"no tool", `{"hook_event_name":"PreToolUse"}`, []string{"--format", "codex"}, `"permissionDecision":"deny"`},
		{"command not a string", `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":42}}`, []string{"--format", "claude"}, `"permissionDecision":"deny"`},
		{"no command", `{"hook_event_name":"BeforeTool","tool_name":"run_shell_command","tool_input":{}}`, []string{"--format", "gemini"}, `{"decision":"deny"`},
		{"copilot args not JSON", `{"toolName":"bash","toolArgs":"{"}`, []string{"--format", "copilot"}, `{"permissionDecision":"deny"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runAgentHook(t, t.TempDir(), []byte(c.payload), c.args...)
			if !strings.Contains(stdout, c.want) {
				t.Errorf("stdout %s, want %s", stdout, c.want)
			}
			copilot := strings.Contains(c.want, `{"permissionDecision"`)
			if copilot && code != 0 || !copilot && (code != 2 || !strings.Contains(stderr, "belay: error:")) {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
		})
	}
	// A payload over the limit is not read whole.
	big := `{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"x","content":"` + strings.Repeat("a", 17<<20) + `"}}`
	code, stdout, _ := runAgentHook(t, t.TempDir(), []byte(big), "--format", "claude")
	if code != 2 || !strings.Contains(stdout, "MiB") {
		t.Errorf("large payload: exit %d, %.300s", code, stdout)
	}
}

// TestAgentHookTimeout: a tool call not judged within --timeout (here,
// a payload that never ends) is denied in the agent's format, recorded,
// and the process ends with the agent's deny status.
func TestAgentHookTimeout(t *testing.T) {
	env := auditEnv(t)
	a, stderr, exit := watchApp(t, env)
	stdout := &syncBuffer{}
	a.stdout = stdout
	r, w := io.Pipe()
	defer w.Close()
	a.stdin = r
	a.startWatch("agent-hook")
	go func() { _ = a.agentHook([]string{"--format", "gemini", "--timeout", "0.05"}) }()
	select {
	case code := <-exit:
		if code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the watchdog did not fire")
	}
	if !strings.HasPrefix(stdout.String(), `{"decision":"deny","reason":"belay: error: belay could not finish judging this line in 50ms: still reading the agent's tool call [belay.timeout]`) {
		t.Errorf("stdout: %s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "[belay.timeout]") {
		t.Errorf("stderr: %s", stderr.String())
	}
	recs := records(t, env["BELAY_AUDIT_FILE"])
	if len(recs) != 1 || recs[0].Agent != "gemini" || recs[0].Rules[0] != TimeoutID || recs[0].Outcome != "blocked" {
		t.Errorf("records: %+v", recs)
	}
}

// BenchmarkAgentHookVsCheck is belay's own work per call, without the
// process: belay check --no-prompt on a line, and belay agent-hook on a
// Claude Code payload of the same line (cmd/belay's
// BenchmarkProcessAgentHook measures the whole process).
func BenchmarkAgentHookVsCheck(b *testing.B) {
	dir := b.TempDir()
	env := map[string]string{"HOME": filepath.Join(dir, "home"), "BELAY_AUDIT_FILE": filepath.Join(dir, "audit.jsonl"),
		"BELAY_AUDIT_SYSLOG": "off", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
	for _, line := range []string{"ls -la", "git push origin main", "cp build/app /srv/app/bin/app"} {
		payload := []byte(`{"session_id":"b","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"` + line + `"}}`)
		run := func(stdin []byte, args ...string) {
			a := &app{stdin: bytes.NewReader(stdin), stdout: io.Discard, stderr: io.Discard,
				getenv: func(k string) string { return env[k] }, environ: func() []string { return nil }, cwd: "/tmp"}
			a.run("belay", args)
		}
		b.Run("check/"+line, func(b *testing.B) {
			for b.Loop() {
				run(nil, "check", "--no-prompt", "--", line)
			}
		})
		b.Run("agent-hook/"+line, func(b *testing.B) {
			for b.Loop() {
				run(payload, "agent-hook", "--format", "claude")
			}
		})
	}
}

// FuzzAgentHook: whatever an agent sends, belay agent-hook answers one
// JSON object with the agent's exit status (0 or 2; always 0 for Copilot
// CLI), and never an internal error.
func FuzzAgentHook(f *testing.F) {
	files, _ := filepath.Glob("testdata/agent/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		format, _, _ := strings.Cut(filepath.Base(file), "_")
		for _, fl := range ar.Files {
			if fl.Name == "payload.json" {
				f.Add(format, fl.Data)
			}
		}
	}
	dir := f.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, "host"), 0o755)
	f.Fuzz(func(t *testing.T, format string, payload []byte) {
		code, stdout, stderr := runAgentHook(t, dir, payload, "--format", format)
		var v map[string]any
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
		}
		if code != 0 && code != 2 || format == "copilot" && code != 0 {
			t.Fatalf("exit %d for %s", code, format)
		}
		if strings.Contains(stdout+stderr, "internal error") {
			t.Fatalf("internal error: %s", stdout)
		}
	})
}
