package agent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
	"github.com/belay-sh/belay/internal/shell"
)

// Format is an agent's hook protocol: how it asks, and how it reads the
// answer.
type Format string

// The agents belay answers.
const (
	Claude  Format = "claude"  // Claude Code
	Codex   Format = "codex"   // OpenAI Codex CLI
	Gemini  Format = "gemini"  // Gemini CLI
	Cursor  Format = "cursor"  // Cursor
	Copilot Format = "copilot" // GitHub Copilot CLI
)

// Formats are the agents belay answers, in the order help lists them.
var Formats = []Format{Claude, Codex, Gemini, Cursor, Copilot}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, bool) {
	for _, f := range Formats {
		if string(f) == s {
			return f, true
		}
	}
	return "", false
}

// Name is the agent's product name, for messages.
func (f Format) Name() string {
	switch f {
	case Claude:
		return "Claude Code"
	case Codex:
		return "Codex"
	case Gemini:
		return "Gemini CLI"
	case Cursor:
		return "Cursor"
	case Copilot:
		return "Copilot CLI"
	}
	return string(f)
}

// Call is one tool call an agent's pre-tool-use hook asks about.
type Call struct {
	Format  Format
	Event   string // the hook event as sent ("PreToolUse", "beforeShellExecution"); "" when the format sends none
	Tool    string // the tool: Bash, Write, apply_patch, run_shell_command…
	Session string // the agent's session (or conversation) id; "" when not sent
	Cwd     string // the directory the tool runs in; "" when not sent

	// What the call does, when belay judges it (Judge):
	Judge   bool           // false: an event or a tool belay has nothing to say about (a read, a search): allowed
	Line    string         // a shell tool's command line
	Argv    []string       // a shell tool's argv, when it sends one instead of a line
	Files   []shell.FileOp // a file tool's writes, edits and deletes
	Opaque  string         // a command belay cannot read (PowerShell): why; it is asked about
	IsShell bool           // Line or Argv is what runs
}

// MaxPayload is the most belay reads of a payload: a file tool's payload
// holds the whole file it writes, and a larger one is refused (denied)
// rather than read without end.
const MaxPayload = 16 << 20

// ErrTooLarge is a payload over MaxPayload. (Not fmt.Errorf: that would
// run fmt at every start of belay.)
var ErrTooLarge = errors.New("the payload is over " + strconv.Itoa(MaxPayload>>20) + " MiB")

// ReadPayload reads a payload from r, at most MaxPayload bytes.
func ReadPayload(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPayload+1))
	if err != nil {
		return nil, fmt.Errorf("reading the payload: %w", err)
	}
	if len(data) > MaxPayload {
		return nil, ErrTooLarge
	}
	return data, nil
}

// payload holds every field any agent's pre-tool-use payload may have;
// Parse reads those of the format it was given. Fields it does not know
// are ignored, as the agents add fields often.
type payload struct {
	HookEventName  *string          `json:"hook_event_name"`
	SessionID      *string          `json:"session_id"`
	ConversationID *string          `json:"conversation_id"`
	SessionIDCamel *string          `json:"sessionId"`
	Cwd            *string          `json:"cwd"`
	WorkspaceRoots []string         `json:"workspace_roots"`
	ToolName       *string          `json:"tool_name"`
	ToolInput      *json.RawMessage `json:"tool_input"`
	ToolNameCamel  *string          `json:"toolName"`
	ToolArgs       *json.RawMessage `json:"toolArgs"`
	Command        *json.RawMessage `json:"command"` // Cursor's beforeShellExecution
}

// toolInput holds the fields of the tool inputs belay reads.
type toolInput struct {
	Command      *json.RawMessage `json:"command"`       // Bash, run_shell_command, Shell; Codex's apply_patch: the patch
	Patch        *string          `json:"patch"`         // apply_patch, as some Codex versions send it
	Cwd          *string          `json:"cwd"`           // Cursor's Shell tool
	DirPath      *string          `json:"dir_path"`      // Gemini's run_shell_command
	Directory    *string          `json:"directory"`     // Gemini's run_shell_command, older versions
	FilePath     *string          `json:"file_path"`     // Write, Edit, MultiEdit, write_file, replace
	NotebookPath *string          `json:"notebook_path"` // NotebookEdit
	Path         *string          `json:"path"`          // Copilot's create and edit
}

// Errors of Parse: the payload is not the format's, and is denied.
var (
	ErrNotJSON   = errors.New("the payload is not a JSON object")
	ErrNoTool    = errors.New("the payload names no tool")
	ErrBadInput  = errors.New("the tool's input is not what the agent documents")
	ErrNoCommand = errors.New("the shell tool's input has no command")
	ErrNoPath    = errors.New("the file tool's input has no path")
)

// Parse reads the pre-tool-use payload data of format f. An event other
// than the format's pre-tool-use one, and a tool belay has nothing to say
// about, is a Call with Judge false. A payload that is not the format's
// (not JSON, no tool, a tool input of the wrong shape) is an error: the
// call is denied.
func Parse(data []byte, f Format) (*Call, error) {
	var p payload
	if err := decodeObject(data, &p); err != nil {
		return nil, err
	}
	c := &Call{Format: f, Event: str(p.HookEventName), Cwd: str(p.Cwd)}
	switch f {
	case Claude, Codex, Gemini:
		c.Session = str(p.SessionID)
		want := "PreToolUse"
		if f == Gemini {
			want = "BeforeTool"
		}
		if p.HookEventName != nil && c.Event != want {
			return c, nil
		}
		return c, c.readTool(f, p.ToolName, p.ToolInput)
	case Cursor:
		c.Session = str(p.ConversationID)
		if c.Cwd == "" && len(p.WorkspaceRoots) > 0 {
			c.Cwd = p.WorkspaceRoots[0]
		}
		switch c.Event {
		case "beforeShellExecution":
			c.Tool = "Shell"
			return c, c.readCommand(p.Command)
		case "preToolUse", "":
			return c, c.readTool(f, p.ToolName, p.ToolInput)
		}
		return c, nil
	case Copilot:
		if p.ToolNameCamel != nil || p.ToolArgs != nil {
			// Configured as preToolUse: camelCase, toolArgs a JSON string.
			c.Session = str(p.SessionIDCamel)
			args := p.ToolArgs
			if args != nil {
				var s string
				if json.Unmarshal(*args, &s) == nil {
					raw := json.RawMessage(s)
					args = &raw
				}
			}
			return c, c.readTool(f, p.ToolNameCamel, args)
		}
		// Configured as PreToolUse: the VS Code compatible snake_case.
		c.Session = str(p.SessionID)
		if p.HookEventName != nil && c.Event != "PreToolUse" {
			return c, nil
		}
		return c, c.readTool(f, p.ToolName, p.ToolInput)
	}
	return nil, fmt.Errorf("unknown agent format %q", f)
}

// decodeObject decodes one JSON object, and nothing after it.
func decodeObject(data []byte, v any) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return ErrNotJSON
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrNotJSON, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: more after the object", ErrNotJSON)
	}
	return nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// The tools of each agent that belay judges: shell tools by their command
// line, file tools by the files they change. Every other tool (reads,
// searches, web fetches, MCP tools) is allowed: no rule is about them.
var shellTools = lazy.Value[map[Format][]string]{Build: func() map[Format][]string {
	return map[Format][]string{
		Claude:  {"Bash"},
		Codex:   {"Bash", "shell", "exec_command", "local_shell"},
		Gemini:  {"run_shell_command"},
		Cursor:  {"Shell"},
		Copilot: {"bash"},
	}
}}
var writeTools = lazy.Value[map[Format][]string]{Build: func() map[Format][]string {
	return map[Format][]string{
		Claude:  {"Write", "Edit", "MultiEdit", "NotebookEdit"},
		Codex:   {"Write", "Edit"},
		Gemini:  {"write_file", "replace"},
		Cursor:  {"Write", "Edit", "StrReplace", "MultiEdit", "TabWrite"},
		Copilot: {"create", "edit"},
	}
}}
var deleteTools = lazy.Value[map[Format][]string]{Build: func() map[Format][]string {
	return map[Format][]string{
		Cursor: {"Delete"},
	}
}}

// opaqueTools run commands belay cannot read.
var opaqueTools = lazy.Value[map[Format]map[string]string]{Build: func() map[Format]map[string]string {
	return map[Format]map[string]string{
		Copilot: {"powershell": "belay does not read PowerShell"},
	}
}}

// readTool reads the tool's name and input.
func (c *Call) readTool(f Format, name *string, input *json.RawMessage) error {
	if name == nil || *name == "" {
		return ErrNoTool
	}
	c.Tool = *name
	var in toolInput
	if input != nil && string(*input) != "null" {
		if err := json.Unmarshal(*input, &in); err != nil {
			return fmt.Errorf("%w: %v", ErrBadInput, err)
		}
	}
	switch {
	case slices.Contains(shellTools.Get()[f], c.Tool):
		if d := firstOf(in.DirPath, in.Directory, in.Cwd); d != "" {
			c.Cwd = join(c.Cwd, d)
		}
		return c.readCommand(in.Command)
	case f == Codex && c.Tool == "apply_patch":
		patch := in.Patch
		if patch == nil && in.Command != nil {
			var s string
			if err := json.Unmarshal(*in.Command, &s); err != nil {
				return fmt.Errorf("%w: apply_patch's command is not a string", ErrBadInput)
			}
			patch = &s
		}
		if patch == nil {
			return fmt.Errorf("%w: apply_patch carries no patch", ErrBadInput)
		}
		ops, err := PatchFiles(*patch)
		if err != nil {
			return err
		}
		c.Judge, c.Files = true, ops
		return nil
	case slices.Contains(writeTools.Get()[f], c.Tool), slices.Contains(deleteTools.Get()[f], c.Tool):
		p := firstOf(in.FilePath, in.NotebookPath, in.Path)
		if p == "" {
			return ErrNoPath
		}
		kind := shell.Write
		if slices.Contains(deleteTools.Get()[f], c.Tool) {
			kind = shell.Delete
		}
		c.Judge, c.Files = true, []shell.FileOp{{Kind: kind, Path: p}}
		return nil
	}
	if why, ok := opaqueTools.Get()[f][c.Tool]; ok {
		c.Judge, c.Opaque = true, why
	}
	return nil
}

// readCommand reads a shell tool's command: a line, or an argv.
func (c *Call) readCommand(raw *json.RawMessage) error {
	if raw == nil || string(*raw) == "null" {
		return ErrNoCommand
	}
	c.Judge, c.IsShell = true, true
	if err := json.Unmarshal(*raw, &c.Line); err == nil {
		return nil
	}
	if err := json.Unmarshal(*raw, &c.Argv); err == nil && len(c.Argv) > 0 {
		return nil
	}
	c.Judge, c.IsShell = false, false
	return fmt.Errorf("%w: the command is neither a string nor a list of strings", ErrBadInput)
}

// firstOf returns the first of ps that is set and not empty.
func firstOf(ps ...*string) string {
	for _, p := range ps {
		if p != nil && *p != "" {
			return *p
		}
	}
	return ""
}

// join is dir made absolute against cwd, when it is relative and cwd is
// known.
func join(cwd, dir string) string {
	if strings.HasPrefix(dir, "/") || cwd == "" {
		return dir
	}
	return strings.TrimSuffix(cwd, "/") + "/" + dir
}
