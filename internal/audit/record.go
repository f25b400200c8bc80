package audit

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Record is one decision in the log.
type Record struct {
	Time         time.Time    `json:"time"`                   // when the outcome was known; RFC 3339
	Host         string       `json:"host"`                   // the host name
	User         User         `json:"user"`                   // who ran belay
	TTY          string       `json:"tty,omitempty"`          // the terminal of stdin or stderr; "" when none
	Cwd          string       `json:"cwd,omitempty"`          // the working directory
	Shell        string       `json:"shell,omitempty"`        // the line's language: bash, zsh, fish, sh
	Line         string       `json:"line"`                   // the command line as typed (invalid UTF-8 replaced, see LineBase64)
	LineBytes    int          `json:"line_bytes,omitempty"`   // the line's full length, when Line is cut short
	LineBase64   string       `json:"line_base64,omitempty"`  // the exact bytes of Line, when they are not valid UTF-8
	Rules        []string     `json:"rules,omitempty"`        // ids of the rules that matched, not acknowledged
	Decision     string       `json:"decision"`               // allow, warn, confirm, block; "unchecked" when belay did not judge
	Outcome      string       `json:"outcome"`                // what happened: blocked, confirmed, declined, …
	Acknowledged []string     `json:"acknowledged,omitempty"` // rule ids let through by BELAY_ACK
	Reason       string       `json:"reason,omitempty"`       // why: a prompt timeout, why a hook fell back
	Refused      []string     `json:"refused,omitempty"`      // rule packs and settings that did not load: their rules were not applied
	Impact       []ImpactItem `json:"impact,omitempty"`       // what was at stake, as the person saw it under the stop
	PID          int          `json:"pid,omitempty"`          // belay's process id
	Source       string       `json:"source,omitempty"`       // where the check came from: hook, sudo-plugin, sudo, exec, login-shell, check (typed by hand), scan
	Agent        string       `json:"agent,omitempty"`        // the AI agent whose hook asked (belay agent-hook): claude, codex, gemini, cursor, copilot
	Session      string       `json:"session,omitempty"`      // that agent's session (or conversation) id
	Tool         string       `json:"tool,omitempty"`         // the agent's tool: Bash, Write, apply_patch…
}

// ImpactItem is one line of what a stop put at stake, measured on the host
// when the line was judged: a post-mortem shows what the operator saw
// when they answered.
type ImpactItem struct {
	Label     string `json:"label"`     // files, open, users, guests...
	Text      string `json:"text"`      // the line as shown
	Certainty string `json:"certainty"` // exact, at-least or unknown
}

// User is who ran belay.
type User struct {
	UID      int    `json:"uid"`                 // the real user id
	Name     string `json:"name,omitempty"`      // its login name
	Login    string `json:"login,omitempty"`     // who logged in to the session (loginuid), when that is someone else
	SudoUser string `json:"sudo_user,omitempty"` // SUDO_USER: who ran sudo to get here
}

// MaxLine is how much of a command line a record keeps: a megabyte line
// is recorded by its first 64 KiB and its length.
const MaxLine = 64 << 10

// SetLine records line, cut to MaxLine bytes, keeping its exact bytes
// when they are not valid UTF-8 (JSON would replace them).
func (r *Record) SetLine(line string) {
	r.LineBytes = 0
	if len(line) > MaxLine {
		r.LineBytes = len(line)
		cut := MaxLine
		// Do not cut a character in two.
		for cut > MaxLine-utf8.UTFMax && !utf8.RuneStart(line[cut]) {
			cut--
		}
		line = line[:cut]
	}
	r.LineBase64 = ""
	if !utf8.ValidString(line) {
		r.LineBase64 = base64.StdEncoding.EncodeToString([]byte(line))
		line = strings.ToValidUTF8(line, "\uFFFD")
	}
	r.Line = line
}

// RawLine returns the line as typed (as far as it was kept).
func (r *Record) RawLine() string {
	if r.LineBase64 != "" {
		if b, err := base64.StdEncoding.DecodeString(r.LineBase64); err == nil {
			return string(b)
		}
	}
	return r.Line
}

// Marshal encodes a record as one line of JSON, with its newline.
func (r *Record) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Errors of Parse.
var (
	ErrNotRecord = errors.New("not an audit record")
)

// Parse decodes one line of the log (without its newline). Unknown fields
// are allowed, for records of later versions; a line that is not a JSON
// object, or lacks a time or an outcome, is not a record.
func Parse(line []byte) (*Record, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '{' {
		return nil, ErrNotRecord
	}
	var r Record
	if err := json.Unmarshal(line, &r); err != nil {
		return nil, err
	}
	if r.Time.IsZero() || r.Outcome == "" {
		return nil, ErrNotRecord
	}
	return &r, nil
}
