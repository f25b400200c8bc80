package agent

import (
	"bytes"
	"encoding/json"
)

// Verdict is what belay answers an agent.
type Verdict int

// The verdicts.
const (
	Allow Verdict = iota // no objection: the agent's own permissions decide
	Ask                  // the person decides, where the agent can ask
	Deny                 // the tool does not run
)

// Asks says whether the agent honours an answer that asks the person:
// Claude Code, Cursor and Copilot CLI do. Codex reports "ask" as invalid
// and runs the tool; Gemini CLI has no ask.
func (f Format) Asks() bool {
	return f == Claude || f == Cursor || f == Copilot
}

// Response is an answer as the agent reads it.
type Response struct {
	Stdout []byte // JSON, with a newline
	Stderr string // the reason, where the agent reads it from standard error
	Code   int    // the exit status
}

// Respond is the answer v, with reason (what the agent and the person are
// shown), in f's protocol, on every channel f reads: a deny is the JSON
// deny, the reason on standard error and exit status 2, except for
// Copilot CLI, which skips a hook that exits other than 0 and reads only
// the JSON. An Ask to an agent that cannot ask is a Deny. Allow is an
// empty object and no opinion: belay never approves a call the agent's own
// permissions would ask about.
func (f Format) Respond(v Verdict, reason string) Response {
	if v == Ask && !f.Asks() {
		v = Deny
	}
	if v == Allow {
		if f == Cursor {
			// Cursor takes an answer without permission for invalid
			// JSON, which its failClosed hooks turn into a block.
			return Response{Stdout: []byte(`{"permission":"allow"}` + "\n")}
		}
		return Response{Stdout: []byte("{}\n")}
	}
	decision := "deny"
	if v == Ask {
		decision = "ask"
	}
	var out any
	switch f {
	case Claude, Codex:
		out = struct {
			H claudeOutput `json:"hookSpecificOutput"`
		}{claudeOutput{"PreToolUse", decision, reason}}
	case Gemini:
		out = struct {
			Decision string `json:"decision"`
			Reason   string `json:"reason"`
		}{decision, reason}
	case Cursor:
		out = struct {
			Permission   string `json:"permission"`
			UserMessage  string `json:"user_message"`
			AgentMessage string `json:"agent_message"`
		}{decision, reason, reason}
	default: // Copilot
		out = struct {
			Decision string `json:"permissionDecision"`
			Reason   string `json:"permissionDecisionReason"`
		}{decision, reason}
	}
	r := Response{Stdout: marshal(out)}
	if v == Deny && f != Copilot {
		r.Stderr, r.Code = reason, 2
	}
	return r
}

// claudeOutput is Claude Code's (and Codex's) hookSpecificOutput.
type claudeOutput struct {
	HookEventName string `json:"hookEventName"`
	Decision      string `json:"permissionDecision"`
	Reason        string `json:"permissionDecisionReason"`
}

// RespondUnknown is a deny for a hook whose format belay was not told,
// or could not read: one JSON object with the deny of every format in it,
// the reason on standard error and exit status 2, which Claude Code,
// Codex, Gemini CLI and Cursor take for a deny. A payload in Copilot
// CLI's camelCase (toolName) gets Copilot's deny, which it reads only
// with exit status 0.
func RespondUnknown(payload []byte, reason string) Response {
	var p struct {
		ToolName *string `json:"toolName"`
	}
	if decodeObject(payload, &p) == nil && p.ToolName != nil {
		return Copilot.Respond(Deny, reason)
	}
	out := struct {
		H            claudeOutput `json:"hookSpecificOutput"`
		Decision     string       `json:"decision"`
		Reason       string       `json:"reason"`
		Permission   string       `json:"permission"`
		UserMessage  string       `json:"user_message"`
		AgentMessage string       `json:"agent_message"`
	}{claudeOutput{"PreToolUse", "deny", reason}, "deny", reason, "deny", reason, reason}
	return Response{Stdout: marshal(out), Stderr: reason, Code: 2}
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return b.Bytes()
}
