package scan

import (
	"encoding/base64"
	"encoding/json"
	"iter"
	"path"
	"strings"

	"github.com/belay-sh/belay/internal/shell"
)

// auditRecord is the part of an audit log record that scan reads (see
// internal/audit's Record). The log is JSON lines; a record names its
// command as "line" (a command line, with its exact bytes in
// "line_base64" when they are not UTF-8) or "command", or as "argv".
type auditRecord struct {
	Line         *string  `json:"line"`
	LineBase64   string   `json:"line_base64"`
	Command      *string  `json:"command"`
	Argv         []string `json:"argv"`
	Shell        string   `json:"shell"`
	Cwd          string   `json:"cwd"`
	Acknowledged []string `json:"acknowledged"`
}

// looksLikeAudit reports whether a file starts with a JSON object that has
// a command in it.
func looksLikeAudit(head string) bool {
	first := firstLine(strings.TrimLeft(head, " \t\r\n"))
	if !strings.HasPrefix(first, "{") {
		return false
	}
	var r auditRecord
	return json.Unmarshal([]byte(first), &r) == nil && (r.Line != nil || r.Command != nil || r.Argv != nil)
}

// ParseAudit returns the command of each record of an audit log, at the
// record's line. The record's shell is its language (bash when it names
// none), its cwd, when absolute, the directory it ran in, and the rules it
// says were acknowledged (BELAY_ACK) stay acknowledged.
func ParseAudit(data string) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		lines(data, func(n int, l string) bool {
			if strings.TrimSpace(l) == "" {
				return true
			}
			var r auditRecord
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				return yield(errUnit(n, "audit log: not a JSON object: %v", err))
			}
			u := Unit{Line: n, Col: 1, Dialect: shell.Bash, Flat: true}
			if d, ok := shell.ParseDialect(path.Base(r.Shell)); ok && r.Shell != "" {
				u.Dialect = d
			}
			if path.IsAbs(r.Cwd) {
				u.Cwd = path.Clean(r.Cwd)
			}
			u.Acks = r.Acknowledged
			switch {
			case r.LineBase64 != "":
				b, err := base64.StdEncoding.DecodeString(r.LineBase64)
				if err != nil {
					return yield(errUnit(n, "audit log: line_base64: %v", err))
				}
				u.Text = string(b)
			case r.Line != nil:
				u.Text = *r.Line
			case r.Command != nil:
				u.Text = *r.Command
			case len(r.Argv) > 0:
				u.Argv = r.Argv
				parts := make([]string, len(r.Argv))
				for i, a := range r.Argv {
					parts[i] = shell.Quote(a)
				}
				u.Text = strings.Join(parts, " ")
			default:
				return yield(errUnit(n, "audit log: a record with no \"line\", \"command\" or \"argv\""))
			}
			if strings.TrimSpace(u.Text) == "" {
				return true
			}
			return yield(u)
		})
	}
}
