package agent

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzParse reads any payload as each agent's: never a panic, and a call
// that parses is one of the things belay judges, or nothing to judge.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"session_id":"s","cwd":"/w","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"rm -rf /"}}`,
		`{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"/etc/passwd","content":"x"}}`,
		`{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":["bash","-lc","x"]}}`,
		`{"hook_event_name":"PreToolUse","tool_name":"apply_patch","tool_input":{"command":"*** Begin Patch\n*** Update File: a\n*** Move to: b\n*** End Patch"}}`,
		`{"hook_event_name":"BeforeTool","tool_name":"run_shell_command","tool_input":{"command":"ls","dir_path":"x"}}`,
		`{"hook_event_name":"beforeShellExecution","conversation_id":"c","workspace_roots":["/w"],"command":"ls"}`,
		`{"hook_event_name":"preToolUse","tool_name":"Delete","tool_input":{"file_path":"/x"}}`,
		`{"timestamp":1,"cwd":"/p","toolName":"bash","toolArgs":"{\"command\":\"ls\"}"}`,
		`{"toolName":"create","toolArgs":{"path":"x"}}`,
		`{"toolArgs":"\"nested\""}`, `{}`, `[]`, `null`, `{"tool_input":null,"tool_name":"Bash"}`,
	} {
		for i := range Formats {
			f.Add([]byte(s), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, fi uint8) {
		format := Formats[int(fi)%len(Formats)]
		c, err := Parse(data, format)
		if err != nil {
			return
		}
		if c == nil {
			t.Fatal("no call and no error")
		}
		what := 0
		if c.IsShell {
			what++
		}
		if len(c.Files) > 0 {
			what++
		}
		if c.Opaque != "" {
			what++
		}
		if c.Judge && what != 1 && !(c.Tool == "apply_patch" && what == 0) {
			t.Fatalf("%s %q: judged call is %d things: %+v", format, data, what, c)
		}
		if !c.Judge && what != 0 {
			t.Fatalf("%s %q: not judged but has a command: %+v", format, data, c)
		}
		for _, v := range []Verdict{Allow, Ask, Deny} {
			r := format.Respond(v, c.Line)
			if !json.Valid(r.Stdout) {
				t.Fatalf("%s: answer is not JSON: %q", format, r.Stdout)
			}
		}
	})
}

// FuzzPatchFiles reads any text as an apply_patch patch: never a panic,
// never more files than the limit, and no file without a name.
func FuzzPatchFiles(f *testing.F) {
	for _, s := range []string{
		"*** Begin Patch\n*** Add File: a\n+x\n*** Update File: b\n*** Move to: c\n*** Delete File: d\n*** End Patch\n",
		"*** Begin Patch\r\n*** Update File:  spaced name \r\n", "*** Move to: x", "", "*** Begin Patch\n*** Add File:\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, patch string) {
		ops, err := PatchFiles(patch)
		if err != nil {
			return
		}
		if len(ops) > MaxPatchFiles+1 {
			t.Fatalf("%d files", len(ops))
		}
		for _, op := range ops {
			if op.Path == "" {
				t.Fatalf("a file without a name: %q", patch)
			}
		}
	})
}

// FuzzSettings merges belay's hook into any settings file: never a panic;
// what it writes reads back, holds the hook, and a second merge changes
// nothing.
func FuzzSettings(f *testing.F) {
	for _, s := range []string{
		`{"model":"opus","hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"x"}]}]}}`,
		`{"version":1,"hooks":{"preToolUse":[]}}`, `{}`, ``, `{"hooks":{}}`, `{"a":1e400,"b":"\u0000"}`,
	} {
		for i := range Formats {
			f.Add([]byte(s), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, fi uint8) {
		format := Formats[int(fi)%len(Formats)]
		doc, err := parseObject(data)
		if err != nil {
			return
		}
		cmd := HookCommand("/usr/bin/belay", format)
		if _, err := merge(doc, format, cmd); err != nil {
			return
		}
		out := doc.marshal()
		back, err := parseObject(out)
		if err != nil {
			t.Fatalf("written settings do not read back: %v\n%s", err, out)
		}
		if changed, err := merge(back, format, cmd); err != nil || changed {
			t.Fatalf("a second merge changed the settings (%v):\n%s", err, out)
		}
		if !bytes.Equal(back.marshal(), out) {
			t.Fatalf("settings changed on the way back:\n%s\n%s", out, back.marshal())
		}
	})
}
