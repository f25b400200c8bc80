package cli

import (
	"bytes"
	"strings"
	"testing"
)

// BenchmarkServeLine is what belay serve spends on an ordinary line: belay
// hook run in-process, as the server runs it (configuration and packs read
// for each line).
func BenchmarkServeLine(b *testing.B) {
	dir := b.TempDir()
	env := map[string]string{"HOME": dir, "BELAY_AUDIT_FILE": dir + "/audit.jsonl", "BELAY_AUDIT_SYSLOG": "off", "PATH": "/usr/bin:/bin"}
	for b.Loop() {
		var out bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &out,
			getenv: func(k string) string { return env[k] }, environ: func() []string { return environList(env) },
			cwd: dir, serving: true, holdAudit: true}
		if code := a.run("belay", []string{"hook", "--no-prompt", "--shell", "bash", "--", "ls -l /tmp | grep x"}); code != 0 || out.Len() > 0 {
			b.Fatalf("exit %d: %s", code, out.String())
		}
	}
}
