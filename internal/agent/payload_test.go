package agent

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/shell"
)

// callSummary is a Call in one line: judged or not, the tool, the line
// or argv or files, the directory and the session.
func callSummary(c *Call) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s judge=%v", c.Tool, c.Judge)
	switch {
	case c.Line != "":
		fmt.Fprintf(&b, " line=%q", c.Line)
	case c.Argv != nil:
		fmt.Fprintf(&b, " argv=%q", c.Argv)
	case c.Opaque != "":
		fmt.Fprintf(&b, " opaque")
	}
	for _, f := range c.Files {
		fmt.Fprintf(&b, " %s:%s", f.Kind, f.Path)
	}
	fmt.Fprintf(&b, " cwd=%s session=%s", c.Cwd, c.Session)
	return b.String()
}

// TestParse: each agent's payloads, as its documentation shows them.
func TestParse(t *testing.T) {
	for _, c := range []struct {
		f       Format
		payload string
		want    string
	}{
		{Claude, `{"session_id":"s1","transcript_path":"/t.jsonl","cwd":"/srv/app","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"rm -rf /","description":"x","timeout":120000},"tool_use_id":"toolu_1"}`,
			`Bash judge=true line="rm -rf /" cwd=/srv/app session=s1`},
		{Claude, `{"session_id":"s1","cwd":"/srv/app","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"/etc/passwd","content":"x"}}`,
			`Write judge=true write:/etc/passwd cwd=/srv/app session=s1`},
		{Claude, `{"hook_event_name":"PreToolUse","tool_name":"NotebookEdit","tool_input":{"notebook_path":"/n.ipynb"}}`,
			`NotebookEdit judge=true write:/n.ipynb cwd= session=`},
		{Claude, `{"hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{"file_path":"/etc/shadow"}}`,
			`Read judge=false cwd= session=`},
		{Claude, `{"hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"rm -rf /"}}`,
			` judge=false cwd= session=`},
		{Codex, `{"session_id":"s2","turn_id":"t","transcript_path":null,"cwd":"/w","hook_event_name":"PreToolUse","model":"gpt-5","permission_mode":"default","tool_name":"Bash","tool_input":{"command":"ls"},"tool_use_id":"c1"}`,
			`Bash judge=true line="ls" cwd=/w session=s2`},
		{Codex, `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":["bash","-lc","rm -rf /"]}}`,
			`Bash judge=true argv=["bash" "-lc" "rm -rf /"] cwd= session=`},
		{Codex, `{"cwd":"/w","hook_event_name":"PreToolUse","tool_name":"apply_patch","tool_input":{"command":"*** Begin Patch\n*** Update File: a.go\n@@\n-x\n+y\n*** Move to: b.go\n*** Add File: /etc/cron.d/x\n+* * * * * root reboot\n*** Delete File: c.go\n*** End Patch\n"}}`,
			`apply_patch judge=true rename:a.go write:b.go write:/etc/cron.d/x delete:c.go cwd=/w session=`},
		{Gemini, `{"session_id":"g","transcript_path":"/t","cwd":"/w","hook_event_name":"BeforeTool","timestamp":"2026-12-01T10:00:00Z","tool_name":"run_shell_command","tool_input":{"command":"make","dir_path":"sub"}}`,
			`run_shell_command judge=true line="make" cwd=/w/sub session=g`},
		{Gemini, `{"hook_event_name":"BeforeTool","tool_name":"write_file","tool_input":{"file_path":"/etc/hosts","content":""}}`,
			`write_file judge=true write:/etc/hosts cwd= session=`},
		{Gemini, `{"hook_event_name":"AfterTool","tool_name":"run_shell_command","tool_input":{"command":"x"}}`,
			` judge=false cwd= session=`},
		{Cursor, `{"hook_event_name":"beforeShellExecution","conversation_id":"c","generation_id":"g","workspace_roots":["/w"],"command":"npm i","cwd":"/w/web"}`,
			`Shell judge=true line="npm i" cwd=/w/web session=c`},
		{Cursor, `{"hook_event_name":"beforeShellExecution","conversation_id":"c","workspace_roots":["/w"],"command":"ls"}`,
			`Shell judge=true line="ls" cwd=/w session=c`},
		{Cursor, `{"hook_event_name":"preToolUse","conversation_id":"c","tool_name":"Delete","tool_input":{"file_path":"/w/x"}}`,
			`Delete judge=true delete:/w/x cwd= session=c`},
		{Cursor, `{"hook_event_name":"beforeReadFile","file_path":"/w/.env"}`,
			` judge=false cwd= session=`},
		{Copilot, `{"timestamp":1704614600000,"cwd":"/p","toolName":"bash","toolArgs":"{\"command\":\"rm -rf dist\",\"description\":\"Clean\"}"}`,
			`bash judge=true line="rm -rf dist" cwd=/p session=`},
		{Copilot, `{"sessionId":"k","timestamp":1,"cwd":"/p","toolName":"create","toolArgs":{"path":"/etc/x","file_text":"y"}}`,
			`create judge=true write:/etc/x cwd=/p session=k`},
		{Copilot, `{"toolName":"powershell","toolArgs":"{\"command\":\"Remove-Item -Recurse C:\\\\\"}"}`,
			`powershell judge=true opaque cwd= session=`},
		{Copilot, `{"hook_event_name":"PreToolUse","session_id":"v","timestamp":"2026-12-01T10:00:00Z","cwd":"/p","tool_name":"edit","tool_input":{"path":"src/a.go"}}`,
			`edit judge=true write:src/a.go cwd=/p session=v`},
		{Copilot, `{"toolName":"view","toolArgs":"{\"path\":\"/etc/shadow\"}"}`,
			`view judge=false cwd= session=`},
	} {
		call, err := Parse([]byte(c.payload), c.f)
		if err != nil {
			t.Errorf("%s %s: %v", c.f, c.payload, err)
			continue
		}
		if got := callSummary(call); got != c.want {
			t.Errorf("%s %s\n got: %s\nwant: %s", c.f, c.payload, got, c.want)
		}
	}
}

// TestParseErrors: a payload that is not the format's is an error, and
// the call is denied.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		f       Format
		payload string
		want    error
	}{
		{Claude, ``, ErrNotJSON},
		{Claude, `not json`, ErrNotJSON},
		{Claude, `[1]`, ErrNotJSON},
		{Claude, `{"tool_name":"Bash",`, ErrNotJSON},
		{Claude, `{} {}`, ErrNotJSON},
		{Claude, `{"hook_event_name":"PreToolUse"}`, ErrNoTool},
		{Claude, `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{}}`, ErrNoCommand},
		{Claude, `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":7}}`, ErrBadInput},
		{Claude, `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":"rm -rf /"}`, ErrBadInput},
		{Claude, `{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"content":"x"}}`, ErrNoPath},
		{Claude, `{"hook_event_name":7}`, ErrNotJSON},
		{Codex, `{"hook_event_name":"PreToolUse","tool_name":"apply_patch","tool_input":{"command":"just text"}}`, ErrNotPatch},
		{Codex, `{"hook_event_name":"PreToolUse","tool_name":"apply_patch","tool_input":{"command":"*** Begin Patch\n*** Move to: x\n"}}`, ErrBadInput},
		{Cursor, `{"hook_event_name":"beforeShellExecution"}`, ErrNoCommand},
		{Copilot, `{"toolName":"bash","toolArgs":"{not json"}`, ErrBadInput},
		{Copilot, `{"cwd":"/p"}`, ErrNoTool},
	} {
		if _, err := Parse([]byte(c.payload), c.f); !errors.Is(err, c.want) {
			t.Errorf("%s %q: %v, want %v", c.f, c.payload, err, c.want)
		}
	}
}

// TestPatchFiles: the limit on files, and what is skipped.
func TestPatchFiles(t *testing.T) {
	var b strings.Builder
	b.WriteString("*** Begin Patch\n")
	for i := range MaxPatchFiles + 1 {
		fmt.Fprintf(&b, "*** Add File: f%d\n+x\n", i)
	}
	if _, err := PatchFiles(b.String()); !errors.Is(err, ErrBadInput) {
		t.Errorf("%d files: %v", MaxPatchFiles+1, err)
	}
	ops, err := PatchFiles("*** Begin Patch\r\n*** Update File: a\r\n@@ *** not: a header\r\n-*** Delete File: b\r\n*** End of File\r\n*** End Patch\r\n")
	if err != nil || len(ops) != 1 || ops[0] != (shell.FileOp{Kind: shell.Write, Path: "a"}) {
		t.Errorf("CRLF patch: %v, %v", ops, err)
	}
}

// TestRespond: each agent's answer, on every channel it reads.
func TestRespond(t *testing.T) {
	for _, c := range []struct {
		f      Format
		v      Verdict
		stdout string
		stderr bool
		code   int
	}{
		{Claude, Allow, `{}`, false, 0},
		{Claude, Deny, `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"R"}}`, true, 2},
		{Claude, Ask, `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask","permissionDecisionReason":"R"}}`, false, 0},
		{Codex, Ask, `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"R"}}`, true, 2},
		{Gemini, Deny, `{"decision":"deny","reason":"R"}`, true, 2},
		{Gemini, Ask, `{"decision":"deny","reason":"R"}`, true, 2},
		{Cursor, Ask, `{"permission":"ask","user_message":"R","agent_message":"R"}`, false, 0},
		{Cursor, Deny, `{"permission":"deny","user_message":"R","agent_message":"R"}`, true, 2},
		{Copilot, Deny, `{"permissionDecision":"deny","permissionDecisionReason":"R"}`, false, 0},
		{Copilot, Ask, `{"permissionDecision":"ask","permissionDecisionReason":"R"}`, false, 0},
		{Copilot, Allow, `{}`, false, 0},
		{Cursor, Allow, `{"permission":"allow"}`, false, 0},
	} {
		r := c.f.Respond(c.v, "R")
		if strings.TrimSpace(string(r.Stdout)) != c.stdout || (r.Stderr == "R") != c.stderr || r.Code != c.code {
			t.Errorf("%s %v: %q %q %d", c.f, c.v, r.Stdout, r.Stderr, r.Code)
		}
	}
	if r := RespondUnknown([]byte(`{"toolName":"bash"}`), "R"); r.Code != 0 || !strings.Contains(string(r.Stdout), `"permissionDecision":"deny"`) {
		t.Errorf("unknown, Copilot's payload: %q %d", r.Stdout, r.Code)
	}
	if r := RespondUnknown([]byte(`garbage`), "R"); r.Code != 2 || r.Stderr != "R" {
		t.Errorf("unknown payload: %q %q %d", r.Stdout, r.Stderr, r.Code)
	}
}
