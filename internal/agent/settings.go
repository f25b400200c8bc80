package agent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// HookTimeout is the time limit, in seconds, belay writes into an agent's
// hook settings. The agents let the tool run when a hook takes longer, so
// belay's own watchdog (belay agent-hook --timeout, at most MaxTimeout)
// answers well before.
const HookTimeout = 30

// MaxTimeout is the longest belay agent-hook may judge, in seconds: a
// third less than HookTimeout.
const MaxTimeout = 20

// maxSettings bounds the settings file belay reads to merge into.
const maxSettings = 4 << 20

// SettingsFile is the file belay's hook goes in for agent f: the user's
// (the agent's own directory below HOME, or where the agent's variable
// moves it), or with project the project's below dir.
func SettingsFile(f Format, getenv func(string) string, project bool, dir string) (string, error) {
	rel := map[Format]string{
		Claude:  ".claude/settings.json",
		Codex:   ".codex/hooks.json",
		Gemini:  ".gemini/settings.json",
		Cursor:  ".cursor/hooks.json",
		Copilot: ".copilot/hooks/belay.json",
	}[f]
	if rel == "" {
		return "", fmt.Errorf("unknown agent %q", f)
	}
	if project {
		if f == Copilot {
			rel = ".github/hooks/belay.json"
		}
		if !filepath.IsAbs(dir) {
			return "", errors.New("the project's directory is not known")
		}
		return filepath.Join(dir, rel), nil
	}
	moved := map[Format]struct{ env, file string }{
		Claude:  {"CLAUDE_CONFIG_DIR", "settings.json"},
		Codex:   {"CODEX_HOME", "hooks.json"},
		Copilot: {"COPILOT_HOME", "hooks/belay.json"},
	}[f]
	if moved.env != "" {
		if d := getenv(moved.env); filepath.IsAbs(d) {
			return filepath.Join(d, moved.file), nil
		}
	}
	home := getenv("HOME")
	if !filepath.IsAbs(home) {
		return "", errors.New("HOME is not set to an absolute path")
	}
	return filepath.Join(home, rel), nil
}

// hookEntries are the entries belay adds for agent f, running cmd: each
// goes at the end of hooks[event].
func hookEntries(f Format, cmd string) []struct {
	event string
	entry any
} {
	type handler struct {
		Name    string `json:"name,omitempty"`
		Type    string `json:"type"`
		Command string `json:"command"`
		Timeout int    `json:"timeout"`
	}
	type group struct {
		Matcher string    `json:"matcher"`
		Hooks   []handler `json:"hooks"`
	}
	type cursorHook struct {
		Matcher    string `json:"matcher,omitempty"`
		Command    string `json:"command"`
		Timeout    int    `json:"timeout"`
		FailClosed bool   `json:"failClosed"`
	}
	type entry = struct {
		event string
		entry any
	}
	switch f {
	case Claude:
		return []entry{{"PreToolUse", group{"Bash|Write|Edit|MultiEdit|NotebookEdit",
			[]handler{{Type: "command", Command: cmd, Timeout: HookTimeout}}}}}
	case Codex:
		// apply_patch also matches as Edit and Write.
		return []entry{{"PreToolUse", group{"Bash|apply_patch",
			[]handler{{Type: "command", Command: cmd, Timeout: HookTimeout}}}}}
	case Gemini:
		return []entry{{"BeforeTool", group{"run_shell_command|write_file|replace",
			[]handler{{Name: "belay", Type: "command", Command: cmd, Timeout: HookTimeout * 1000}}}}}
	case Cursor:
		return []entry{
			{"beforeShellExecution", cursorHook{Command: cmd, Timeout: HookTimeout, FailClosed: true}},
			{"preToolUse", cursorHook{Matcher: "Write|Edit|StrReplace|MultiEdit|Delete", Command: cmd, Timeout: HookTimeout, FailClosed: true}},
		}
	case Copilot:
		return []entry{{"preToolUse", struct {
			Type       string `json:"type"`
			Bash       string `json:"bash"`
			TimeoutSec int    `json:"timeoutSec"`
		}{"command", cmd, HookTimeout}}}
	}
	return nil
}

// Config is a settings file holding only belay's hook for agent f,
// running cmd: what belay init prints.
func Config(f Format, cmd string) []byte {
	doc := &object{}
	_, _ = merge(doc, f, cmd)
	return doc.marshal()
}

// Result is what Install did.
type Result struct {
	Changed bool   // the file was written
	Created bool   // …and did not exist before
	Backup  string // where the file was copied first; "" when none
}

// Install adds belay's hook for agent f, running cmd, to the settings
// file, keeping everything already there: the file's other keys and
// hooks stay, in their order, with their values. When the hook is there
// already, nothing is written. Otherwise the file is first copied to a
// backup beside it, and the new one replaces it whole (written beside it,
// then renamed), with the old one's mode. A symbolic link, anything but a
// regular file, a file over 4 MiB, and one that is not a JSON object (JSON
// with comments, say) are refused, saying why: belay writes only what it
// can read back whole.
func Install(f Format, file, cmd string, now time.Time) (Result, error) {
	var res Result
	fi, err := os.Lstat(file)
	var data []byte
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Created = true
	case err != nil:
		return res, err
	case fi.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(file)
		return res, fmt.Errorf("%s is a symbolic link (to %s): belay does not write through links; install into the file it leads to, or add the hook by hand", file, target)
	case !fi.Mode().IsRegular():
		return res, fmt.Errorf("%s is not a regular file", file)
	case fi.Size() > maxSettings:
		return res, fmt.Errorf("%s is over %d MiB", file, maxSettings>>20)
	default:
		if data, err = readRegular(file); err != nil {
			return res, err
		}
	}
	doc, err := parseObject(data)
	if err != nil {
		return res, fmt.Errorf("%s: %v: belay changes only settings it can read back whole; add the hook by hand (belay init %s prints it)", file, err, f)
	}
	changed, err := merge(doc, f, cmd)
	if err != nil {
		return res, fmt.Errorf("%s: %v: add the hook by hand (belay init %s prints it)", file, err, f)
	}
	if !changed {
		return res, nil
	}
	mode := fs.FileMode(0o600)
	if !res.Created {
		mode = fi.Mode().Perm()
		if res.Backup, err = backup(file, data, mode, now); err != nil {
			return res, err
		}
	} else if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return res, err
	}
	if err := replace(file, doc.marshal(), mode, fi); err != nil {
		return res, err
	}
	res.Changed = true
	return res, nil
}

// readRegular reads a regular file without following a final link.
func readRegular(file string) ([]byte, error) {
	fd, err := os.OpenFile(file, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	fi, err := fd.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", file)
	}
	data, err := io.ReadAll(io.LimitReader(fd, maxSettings+1))
	if err == nil && len(data) > maxSettings {
		err = fmt.Errorf("%s is over %d MiB", file, maxSettings>>20)
	}
	return data, err
}

// backup copies data, the file's content, to a new file beside it named
// after the time: FILE.belay-backup-20261201-101500.
func backup(file string, data []byte, mode fs.FileMode, now time.Time) (string, error) {
	base := file + ".belay-backup-" + now.Format("20060102-150405")
	for i := 0; i < 100; i++ {
		name := base
		if i > 0 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		fd, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("backing up %s: %w", file, err)
		}
		_, err = fd.Write(data)
		if cerr := fd.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(name)
			return "", fmt.Errorf("backing up %s: %w", file, err)
		}
		return name, nil
	}
	return "", fmt.Errorf("backing up %s: too many backups already", file)
}

// replace writes data to a new file beside file and renames it over
// file, with mode and, when old is the file it replaces, its owner.
func replace(file string, data []byte, mode fs.FileMode, old fs.FileInfo) error {
	fd, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".belay-*")
	if err != nil {
		return err
	}
	tmp := fd.Name()
	defer os.Remove(tmp)
	if st, ok := statT(old); ok {
		_ = fd.Chown(int(st.Uid), int(st.Gid))
	}
	err = fd.Chmod(mode)
	if err == nil {
		_, err = fd.Write(data)
	}
	if err == nil {
		err = fd.Sync()
	}
	if cerr := fd.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, file)
}

func statT(fi fs.FileInfo) (*syscall.Stat_t, bool) {
	if fi == nil {
		return nil, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return st, ok
}

// merge adds belay's entries for f to doc, unless an entry running cmd is
// there already; it says whether it changed doc.
func merge(doc *object, f Format, cmd string) (bool, error) {
	hooks := &object{}
	if raw, ok := doc.get("hooks"); ok {
		h, err := parseObject(raw)
		if err != nil {
			return false, fmt.Errorf("its hooks are not a JSON object")
		}
		hooks = h
	}
	changed := false
	for _, e := range hookEntries(f, cmd) {
		var list []json.RawMessage
		if raw, ok := hooks.get(e.event); ok {
			if err := json.Unmarshal(raw, &list); err != nil {
				return false, fmt.Errorf("its hooks.%s is not a list", e.event)
			}
		}
		if runs(list, cmd) {
			continue
		}
		list = append(list, marshal(e.entry))
		hooks.set(e.event, marshal(list))
		changed = true
	}
	if !changed {
		return false, nil
	}
	if f == Cursor || f == Copilot {
		if _, ok := doc.get("version"); !ok {
			doc.set("version", json.RawMessage("1"))
		}
	}
	doc.set("hooks", hooks.marshal())
	return true, nil
}

// runs says whether an entry of list runs cmd: its command (Cursor), its
// bash (Copilot), or a command of its hooks (Claude Code, Codex, Gemini).
func runs(list []json.RawMessage, cmd string) bool {
	for _, raw := range list {
		var e struct {
			Command string `json:"command"`
			Bash    string `json:"bash"`
			Hooks   []struct {
				Command string `json:"command"`
			} `json:"hooks"`
		}
		if json.Unmarshal(raw, &e) != nil {
			continue
		}
		if e.Command == cmd || e.Bash == cmd {
			return true
		}
		for _, h := range e.Hooks {
			if h.Command == cmd {
				return true
			}
		}
	}
	return false
}

// object is a JSON object that keeps its keys in order, and each value as
// written: settings belay merges into keep their order.
type object struct {
	keys []string
	vals map[string]json.RawMessage
}

// parseObject reads one JSON object; empty input is an empty object. A key
// given twice is refused: which one an agent reads is not known.
func parseObject(data []byte) (*object, error) {
	o := &object{vals: map[string]json.RawMessage{}}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return o, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("not JSON: %v", err)
		}
		k, ok := t.(string)
		if !ok {
			return nil, errors.New("not JSON")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("not JSON: %v", err)
		}
		if _, dup := o.vals[k]; dup {
			return nil, fmt.Errorf("the key %q is there twice", k)
		}
		o.keys = append(o.keys, k)
		o.vals[k] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("not JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more after the JSON object")
	}
	return o, nil
}

func (o *object) get(k string) (json.RawMessage, bool) {
	v, ok := o.vals[k]
	return v, ok
}

func (o *object) set(k string, v json.RawMessage) {
	if o.vals == nil {
		o.vals = map[string]json.RawMessage{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// marshal writes the object indented by two spaces, with a newline.
func (o *object) marshal() []byte {
	var b bytes.Buffer
	if len(o.keys) == 0 {
		return []byte("{}\n")
	}
	b.WriteString("{\n")
	for i, k := range o.keys {
		b.WriteString("  ")
		b.Write(bytes.TrimSpace(marshal(k)))
		b.WriteString(": ")
		var v bytes.Buffer
		if err := json.Indent(&v, bytes.TrimSpace(o.vals[k]), "  ", "  "); err != nil {
			v.Reset()
			v.Write(bytes.TrimSpace(o.vals[k]))
		}
		b.Write(v.Bytes())
		if i < len(o.keys)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// HookCommand is the command line an agent's settings run: bin, quoted
// for the shell the agent runs it with, and its arguments.
func HookCommand(bin string, f Format) string {
	return shQuote(bin) + " agent-hook --format " + string(f)
}

func shQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
