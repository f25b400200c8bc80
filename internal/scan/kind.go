package scan

import (
	"path/filepath"
	"strings"

	"github.com/belay-sh/belay/internal/crontab"
	"github.com/belay-sh/belay/internal/lazy"
)

// Kind is a kind of file that holds commands.
type Kind string

// The kinds of file belay scan reads.
const (
	Script  Kind = "script"  // a shell script, parsed whole
	History Kind = "history" // shell history: bash (plain or with timestamps), zsh, fish
	Crontab Kind = "crontab" // a crontab, system (with a user column) or user format
	Systemd Kind = "unit"    // a systemd unit file or drop-in: its Exec*= lines
	Audit   Kind = "audit"   // belay's audit log: JSON objects, one a line
)

// Kinds are the kinds in the order they are listed to people.
var Kinds = []Kind{Script, History, Crontab, Systemd, Audit}

// ParseKind returns the kind named s.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// unitSuffixes are the systemd unit types whose files may carry Exec*= lines
// (and those that do not, so that they are still recognised as units).
var unitSuffixes = []string{".service", ".socket", ".timer", ".mount", ".automount", ".swap", ".path", ".target", ".slice", ".scope"}

// historyNames are the base names shells write their history to.
var historyNames = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		".bash_history": true, ".zsh_history": true, ".zhistory": true, ".histfile": true,
		"fish_history": true, ".sh_history": true, ".ash_history": true,
	}
}}

// scriptNames are shell start-up files, which are scripts without a shebang.
var scriptNames = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		".bashrc": true, ".bash_profile": true, ".bash_login": true, ".bash_logout": true, ".profile": true,
		".zshrc": true, ".zshenv": true, ".zprofile": true, ".zlogin": true, ".zlogout": true,
		"bashrc": true, "profile": true, "zshrc": true, "bash.bashrc": true,
	}
}}

// Detect tells the kind of a file from its path and its first bytes (a few
// kilobytes are enough); "" when it is none that belay reads. The name wins
// over the content; the content is asked only when the name says nothing.
func Detect(path string, head string) Kind {
	if k := detectName(path); k != "" {
		return k
	}
	return detectContent(head)
}

func detectName(path string) Kind {
	base := filepath.Base(path)
	dir := filepath.Base(filepath.Dir(path))
	for _, s := range unitSuffixes {
		if strings.HasSuffix(base, s) && len(base) > len(s) {
			return Systemd
		}
		// A drop-in: foo.service.d/override.conf.
		if strings.HasSuffix(base, ".conf") && strings.HasSuffix(dir, s+".d") {
			return Systemd
		}
	}
	switch {
	case historyNames.Get()[base] || strings.HasSuffix(base, ".bash_history") || strings.HasSuffix(base, ".zsh_history") ||
		strings.HasSuffix(base, "fish_history"):
		// Not every *_history: .python_history and .psql_history are not shell.
		return History
	case base == "audit.jsonl" || strings.HasPrefix(base, "audit.jsonl."):
		return Audit
	case base == "crontab":
		return Crontab
	case dir == "cron.d" || dir == "crontabs" || strings.Contains(filepath.ToSlash(path), "/var/spool/cron/"):
		return Crontab
	case scriptNames.Get()[base]:
		return Script
	}
	switch filepath.Ext(base) {
	case ".sh", ".bash", ".zsh", ".ksh", ".dash", ".fish":
		return Script
	}
	return ""
}

// detectContent tells the kind from the first bytes of a file.
func detectContent(head string) Kind {
	if strings.IndexByte(head, 0) >= 0 {
		return "" // binary
	}
	if strings.HasPrefix(head, "#!") {
		if _, ok := shebangDialect(firstLine(head)); ok {
			return Script
		}
		return ""
	}
	if historyShape(head) != "" {
		return History
	}
	if crontab.Sniff(head) {
		return Crontab
	}
	if looksLikeAudit(head) {
		return Audit
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, "\r")
}
