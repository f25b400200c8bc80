package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// buildBelay builds belay as the .deb ships it: static, so no dynamic
// loader at start-up.
func buildBelay(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "belay")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkProcessCheck measures what a shell hook pays per command: a
// whole `belay check --no-prompt -- 'ls -la'` process, with every
// built-in pack loaded. It reports the median wall time of the runs, and
// the median of a static hello-world Go program as the floor that any Go
// binary pays to start on this machine.
func BenchmarkProcessCheck(b *testing.B) {
	bin := buildBelay(b)
	hello := filepath.Join(b.TempDir(), "hello")
	src := filepath.Join(b.TempDir(), "hello.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	hb := exec.Command("go", "build", "-trimpath", "-o", hello, src)
	hb.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := hb.CombinedOutput(); err != nil {
		b.Fatalf("build hello: %v\n%s", err, out)
	}
	b.Run("go-hello-world", func(b *testing.B) {
		var times []time.Duration
		for b.Loop() {
			start := time.Now()
			_ = exec.Command(hello).Run()
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	})
	for _, line := range []string{"ls -la", "sudo mv /usr/sbin{,.backup}"} {
		b.Run(line, func(b *testing.B) {
			// Not the host's log: run as root, belay would make and write /var/log/belay.
			env := append(os.Environ(), "BELAY_AUDIT_FILE="+filepath.Join(b.TempDir(), "audit.jsonl"), "BELAY_AUDIT_SYSLOG=off")
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				cmd := exec.Command(bin, "check", "--no-prompt", "--", line)
				cmd.Env = env
				_ = cmd.Run()
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}

// BenchmarkProcessAgentHook measures what an AI agent pays per tool call,
// against what a shell hook pays: each round runs a whole
// `belay check --no-prompt -- LINE` process and a whole
// `belay agent-hook --format AGENT` process given the same line in the
// agent's payload, one after the other, so that both see the same load.
// It reports the median of each, and the median of the differences
// (agent-hook minus check) in wall time and in CPU time.
func BenchmarkProcessAgentHook(b *testing.B) {
	bin := buildBelay(b)
	payloads := map[string]string{
		"claude":  `{"session_id":"b","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":%q}}`,
		"codex":   `{"session_id":"b","cwd":"/tmp","hook_event_name":"PreToolUse","model":"m","turn_id":"1","tool_name":"Bash","tool_input":{"command":%q}}`,
		"gemini":  `{"session_id":"b","cwd":"/tmp","hook_event_name":"BeforeTool","tool_name":"run_shell_command","tool_input":{"command":%q}}`,
		"cursor":  `{"conversation_id":"b","hook_event_name":"beforeShellExecution","workspace_roots":["/tmp"],"cwd":"/tmp","command":%q}`,
		"copilot": `{"timestamp":1,"cwd":"/tmp","toolName":"bash","toolArgs":%q}`,
	}
	for _, agent := range []string{"claude", "codex", "gemini", "cursor", "copilot"} {
		for _, line := range []string{"ls -la", "sudo mv /usr/sbin{,.backup}"} {
			arg := line
			if agent == "copilot" {
				arg = fmt.Sprintf(`{"command":%q}`, line)
			}
			payload := []byte(fmt.Sprintf(payloads[agent], arg))
			b.Run(agent+"/"+line, func(b *testing.B) {
				env := append(os.Environ(), "BELAY_AUDIT_FILE="+filepath.Join(b.TempDir(), "audit.jsonl"), "BELAY_AUDIT_SYSLOG=off")
				var checks, hooks, diffs, cpuDiffs []time.Duration
				for b.Loop() {
					start := time.Now()
					cmd := exec.Command(bin, "check", "--no-prompt", "--", line)
					cmd.Env, cmd.Dir = env, "/tmp"
					_ = cmd.Run()
					c := time.Since(start)
					cc := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
					start = time.Now()
					cmd = exec.Command(bin, "agent-hook", "--format", agent)
					cmd.Env, cmd.Dir, cmd.Stdin = env, "/tmp", bytes.NewReader(payload)
					_ = cmd.Run()
					h := time.Since(start)
					hc := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
					checks, hooks, diffs = append(checks, c), append(hooks, h), append(diffs, h-c)
					cpuDiffs = append(cpuDiffs, hc-cc)
				}
				b.ReportMetric(median(checks), "check-ms")
				b.ReportMetric(median(hooks), "agent-hook-ms")
				b.ReportMetric(median(diffs), "diff-ms")
				// CPU time (user and system) is what a loaded machine
				// changes least.
				b.ReportMetric(median(cpuDiffs), "cpu-diff-ms")
			})
		}
	}
}

// median is the median of ts, in milliseconds.
func median(ts []time.Duration) float64 {
	slices.Sort(ts)
	return float64(ts[len(ts)/2].Microseconds()) / 1000
}
