package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pathologicalLine is input built to be slow or deep, with the decision
// belay must come to on it.
type pathologicalLine struct {
	name, line string
	want       string // the decision; "stop" for confirm or block
}

func pathologicalLines() []pathologicalLine {
	mb := 1 << 20
	evals := func(n int) string { return strings.Repeat("eval ", n) + "rm -rf /" }
	return []pathologicalLine{
		// A check reads at most shell.DefaultMaxBytes (128 KiB, what Linux
		// passes in one argument): a 1 MB line is "too long to analyse", confirm.
		{"1MB-one-word", "rm -rf / " + strings.Repeat("a", mb-len("rm -rf / ")), "confirm"},
		{"1MB-statements", strings.Repeat("a;", mb/2-5) + "rm -rf /", "confirm"},
		{"1MB-pipes", strings.Repeat("a|", mb/2-5) + "rm -rf /", "confirm"},
		{"1MB-quoted", "echo '" + strings.Repeat("x", mb-10) + "'", "confirm"},
		// Just under the limit, the line is analysed in full.
		{"128KB-one-word", "rm -rf / " + strings.Repeat("a", 120<<10), "block"},
		{"128KB-statements", strings.Repeat("a;", 60<<10) + "rm -rf /", "stop"},
		{"128KB-pipes", strings.Repeat("a|", 60<<10) + "rm -rf /", "stop"},
		{"128KB-quoted", "echo '" + strings.Repeat("x", 120<<10) + "'", "allow"},
		{"over-1MB", "rm " + strings.Repeat("a", mb), "confirm"},
		{"10000-nested-substs", strings.Repeat("$(", 10000) + "rm -rf /" + strings.Repeat(")", 10000), "confirm"},
		// Unfinished past what the parser recovers: unknown, not empty.
		{"10000-unclosed-substs", strings.Repeat("$(", 10000), "confirm"},
		{"10000-unclosed-substs-rm", strings.Repeat("$(", 10000) + "rm -rf /", "stop"},
		{"unclosed-rm", "rm -rf / $(", "block"},
		{"rm-of-10000-nested-substs", "rm -rf /" + strings.Repeat("$(", 10000) + strings.Repeat(")", 10000), "block"},
		{"brace-100000", "rm -rf /{1..100000}", "stop"},
		{"brace-product", "rm -rf /{1..100}{1..100}{1..100}", "stop"},
		{"63-evals", evals(63), "block"},
		{"64-evals", evals(64), "confirm"},
		{"10000-evals", evals(10000), "confirm"},
		{"bash-c-63-levels", "bash -c '" + evals(62) + "'", "block"},
		{"bash-c-64-levels", "bash -c '" + evals(63) + "'", "confirm"},
		{"sh-c-chain-64", strings.Repeat("sh -c ", 1) + "'" + strings.Repeat("sudo ", 64) + evals(63) + "'", "confirm"},
		{"100000-words", "rm -rf /" + strings.Repeat(" a", 100000), "confirm"}, // 200 KB: over the limit
		{"60000-words", "rm -rf /" + strings.Repeat(" a", 60000), "block"},
		{"60000-words-allowed", "echo" + strings.Repeat(" a", 60000), "allow"},
	}
}

// realisticEnv is an environment of the size a login shell has: cloning
// it is part of what a pipeline costs.
func realisticEnv(t testing.TB) map[string]string {
	env := map[string]string{
		"HOME": "/home/u", "NO_COLOR": "1", "BELAY_AUDIT_SYSLOG": "off",
		"BELAY_AUDIT_FILE": filepath.Join(t.TempDir(), "audit.jsonl"),
		"XDG_CONFIG_HOME":  filepath.Join(t.TempDir(), "config"),
		"XDG_CACHE_HOME":   filepath.Join(t.TempDir(), "cache"),
		"BELAY_ETC":        filepath.Join(t.TempDir(), "etc"),
	}
	for i := range 60 {
		env[fmt.Sprintf("VAR_%d", i)] = strings.Repeat("v", 40)
	}
	return env
}

// TestPathologicalDecisions: each pathological line gets its decision,
// through the whole check, in well under a second.
func TestPathologicalDecisions(t *testing.T) {
	env := realisticEnv(t)
	for _, p := range pathologicalLines() {
		t.Run(p.name, func(t *testing.T) {
			var stdout bytes.Buffer
			start := time.Now()
			code, stderr := runEnv(env, &stdout, "check", "--json", "--no-prompt", "--", p.line)
			took := time.Since(start)
			var out struct{ Decision string }
			if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
				t.Fatalf("exit %d, no JSON: %v\n%.500s", code, err, stderr)
			}
			switch {
			case p.want == "stop" && (out.Decision == "confirm" || out.Decision == "block"):
			case out.Decision != p.want:
				t.Errorf("decision %s, want %s (exit %d)\n%.500s", out.Decision, p.want, code, stderr)
			}
			if strings.Contains(stderr, "internal error") {
				t.Errorf("internal error: %.300s", stderr)
			}
			// How long it took is the benchmark's to judge; the work
			// budget bounds it, and the watchdog answers confirm past it.
			t.Logf("%s in %v", out.Decision, took)
		})
	}
}

// BenchmarkPathologicalCheck measures judging each pathological line with
// the built-in rules, as belay check does after start-up.
func BenchmarkPathologicalCheck(b *testing.B) {
	env := realisticEnv(b)
	var kv []string
	for k, v := range env {
		kv = append(kv, k+"="+v)
	}
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(k string) string { return env[k] },
		environ: func() []string { return kv }, cwd: "/home/u"}
	a.out = newOutput(a.stderr, a.getenv, "never")
	o := &checkOpts{root: "/", shell: "bash", color: "never"}
	for _, p := range pathologicalLines() {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := a.judge(o, p.line, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestHugePackRefused: a pack over 4 MiB, or nested absurdly deep, is
// refused with a message, and belay checks with the other packs.
func TestHugePackRefused(t *testing.T) {
	env := auditEnv(t)
	dir := filepath.Join(env["XDG_CONFIG_HOME"], "belay", "rules.d")
	os.MkdirAll(dir, 0o755)
	huge := "[pack]\nname = \"huge\"\n# " + strings.Repeat("x", 5<<20) + "\n"
	os.WriteFile(filepath.Join(dir, "huge.toml"), []byte(huge), 0o644)
	os.WriteFile(filepath.Join(dir, "deep.toml"), []byte("[pack]\nname = \"deep\"\nx = "+strings.Repeat("{a=", 100000)+"1"+strings.Repeat("}", 100000)+"\n"), 0o644)
	start := time.Now()
	code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", "rm -rf /")
	if code != ExitBlock || !strings.Contains(stderr, "huge.toml: refused: 5242904 bytes, more than 4194304") || !strings.Contains(stderr, "deep.toml:3:") ||
		!strings.Contains(stderr, "nested too deeply") || !strings.Contains(stderr, "filesystem.delete-root") {
		t.Errorf("exit %d\n%.2000s", code, stderr)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v", took)
	}
}
