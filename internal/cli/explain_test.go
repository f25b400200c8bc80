package cli

import (
	"strings"
	"testing"
)

// TestExplainOrigin: explain shows where in the code carried by a line a
// nested command or a statement was found: the reader, the position
// (line:column and byte) or the word, and the call.
func TestExplainOrigin(t *testing.T) {
	tests := []struct{ line, want string }{
		{`python3 -c 'import os; print(1); os.system("ls -la")'`,
			"invocation 2 at 1:1: ls -la\n  through:  python3 -c: os.system\n  found in: the code of python3 -c at 1:22 (byte 21): os.system\n"},
		{"python3 - <<'EOF'\nimport os\nos.system('uptime')\nEOF",
			"  found in: the code of python3 <<< at 2:1 (byte 10): os.system\n"},
		{`mysql shop -e 'SELECT 1; DROP TABLE orders'`,
			"  found in: the code of mysql -e at 1:11 (byte 10): DROP TABLE\n"},
		{`redis-cli -h db1 FLUSHALL`,
			"  found in: the code of redis-cli, word 3: FLUSHALL\n"},
		{`awk 'BEGIN { print "x" | "sort -u" }'`,
			"  found in: the code of awk at 1:9 (byte 8): print\n"},
	}
	for _, tt := range tests {
		code, out := runApp(t, "explain", "--", tt.line)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("explain %q: exit %d, want it to contain\n%s\ngot:\n%s", tt.line, code, tt.want, out)
		}
	}
	// The line itself has no origin.
	if _, out := runApp(t, "explain", "--", "ls -la"); strings.Contains(out, "found in") {
		t.Errorf("explain ls -la:\n%s", out)
	}
}
