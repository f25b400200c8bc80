package packs

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/suggest"
	"github.com/belay-sh/belay/internal/tomlscan"
)

// Bounds on a belay.toml. The file is a handful of settings; the TOML
// decoder takes seconds on a few thousand nested inline tables or dotted
// key parts, so those are refused before it sees them.
const (
	maxConfigSize  = 64 << 10
	maxConfigDepth = 8 // brackets and braces inside each other, and parts of a dotted key
)

// The keys of belay.toml, by table.
var (
	configKeys      = []string{"environment", "mode", "disabled_packs", "actions", "prompt_timeout", "hook_timeout", "audit", "shell"}
	auditConfigKeys = []string{"file", "syslog", "facility", "log_allowed"}
	shellConfigKeys = []string{"real", "no_tty_confirm"}
)

// parseConfig reads one belay.toml; path names it in messages. A file
// that is too large, nested too deeply or not TOML is an error: none of
// it is used. Otherwise every key belay knows with a value it can use is
// set, and each other key is left out with a problem saying where it is
// and why (an unknown key, a value of the wrong type or out of range), so
// that one typo costs one setting, not the file. A key left out keeps
// the value it had (the fleet's, or the default), and the defaults are
// the strict ones (enforce, every pack, no_tty_confirm = "block"): a
// mistyped mode never loosens anything, a mistyped action leaves its
// rule at the pack's action.
func parseConfig(path string, data []byte) (c *Config, problems []error, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, problems, err = nil, nil, &policy.Error{Source: path, Msg: fmt.Sprintf("cannot read the file: internal error: %v", r)}
		}
	}()
	if len(data) > maxConfigSize {
		return nil, nil, &policy.Error{Source: path, Msg: fmt.Sprintf("too large: %d bytes, at most %d", len(data), maxConfigSize)}
	}
	sc := tomlscan.Scan(data, maxConfigDepth)
	if sc.Deep {
		return nil, nil, &policy.Error{Source: path, Line: sc.DeepLine, Col: sc.DeepCol,
			Msg: fmt.Sprintf("nested too deeply (more than %d levels)", maxConfigDepth)}
	}
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, nil, &policy.Error{Source: path, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
		}
		return nil, nil, &policy.Error{Source: path, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	p := &configParser{path: path, sc: sc}
	c = p.config(doc)
	slices.SortStableFunc(p.problems, func(a, b *policy.Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	for _, e := range p.problems {
		problems = append(problems, e)
	}
	return c, problems, nil
}

// configParser reads a decoded belay.toml, key by key.
type configParser struct {
	path     string
	sc       *tomlscan.Doc
	problems []*policy.Error
}

// problem records that the key at path is left out, and why.
func (p *configParser) problem(key []string, format string, args ...any) {
	line, col := p.sc.Pos(key...)
	msg := fmt.Sprintf(format, args...) + ": ignored"
	p.problems = append(p.problems, &policy.Error{Source: p.path, Line: line, Col: col, Msg: msg})
}

// table returns the table at key, or nil with a problem when it is
// something else.
func (p *configParser) table(v any, key ...string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		p.problem(key, "%s: want a table, got %s", strings.Join(key, "."), tomlType(v))
	}
	return m
}

// unknown reports the keys of a table that belay does not know.
func (p *configParser) unknown(m map[string]any, known []string, prefix ...string) {
	for _, k := range sortedKeys(m) {
		if !slices.Contains(known, k) {
			key := append(slices.Clip(prefix), k)
			if near := suggest.Nearest(k, known); near != "" {
				p.problem(key, "unknown key %s (did you mean %s?)", strings.Join(key, "."), strings.Join(append(slices.Clip(prefix), near), "."))
			} else {
				p.problem(key, "unknown key %s", strings.Join(key, "."))
			}
		}
	}
}

// str returns the string at key, and whether it is one.
func (p *configParser) str(v any, key ...string) (string, bool) {
	s, ok := v.(string)
	if !ok && v != nil {
		p.problem(key, "%s: want a string, got %s", strings.Join(key, "."), tomlType(v))
	}
	return s, ok
}

// oneOf returns the string at key when it is one of values.
func (p *configParser) oneOf(v any, values []string, key ...string) (string, bool) {
	s, ok := p.str(v, key...)
	if ok && !slices.Contains(values, s) {
		p.problem(key, "%s must be %s, not %q", strings.Join(key, "."), strings.Join(quoteAll(values), " or "), s)
		return "", false
	}
	return s, ok
}

func (p *configParser) boolean(v any, key ...string) (bool, bool) {
	b, ok := v.(bool)
	if !ok && v != nil {
		p.problem(key, "%s: want true or false, got %s", strings.Join(key, "."), tomlType(v))
	}
	return b, ok
}

// duration reads "60s": more than nothing, at most a day.
func (p *configParser) duration(v any, key ...string) (time.Duration, bool) {
	s, ok := p.str(v, key...)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		p.problem(key, "%s: %q is not a duration such as \"30s\"", strings.Join(key, "."), s)
	case d <= 0 || d > 24*time.Hour:
		p.problem(key, "%s: %s is out of range (more than 0, at most 24h)", strings.Join(key, "."), s)
	default:
		return d, true
	}
	return 0, false
}

func (p *configParser) config(doc map[string]any) *Config {
	c := &Config{}
	p.unknown(doc, configKeys)
	if v, ok := doc["environment"]; ok {
		c.Environment, _ = p.str(v, "environment")
	}
	if v, ok := doc["mode"]; ok {
		c.Mode, _ = p.oneOf(v, []string{"enforce", "observe"}, "mode")
	}
	if v, ok := doc["disabled_packs"]; ok {
		c.DisabledPacks = p.strings(v, "disabled_packs")
	}
	if v, ok := doc["actions"]; ok {
		p.actions(c, p.table(v, "actions"))
	}
	if v, ok := doc["prompt_timeout"]; ok {
		c.PromptTimeout, _ = p.duration(v, "prompt_timeout")
	}
	if v, ok := doc["hook_timeout"]; ok {
		c.HookTimeout, _ = p.duration(v, "hook_timeout")
	}
	if v, ok := doc["audit"]; ok {
		if m := p.table(v, "audit"); m != nil {
			p.unknown(m, auditConfigKeys, "audit")
			c.Audit.File, _ = p.str(m["file"], "audit", "file")
			if b, ok := p.boolean(m["syslog"], "audit", "syslog"); ok {
				c.Audit.Syslog = &b
			}
			c.Audit.Facility, _ = p.str(m["facility"], "audit", "facility")
			c.Audit.LogAllowed, _ = p.boolean(m["log_allowed"], "audit", "log_allowed")
		}
	}
	if v, ok := doc["shell"]; ok {
		if m := p.table(v, "shell"); m != nil {
			p.unknown(m, shellConfigKeys, "shell")
			c.Shell.Real, _ = p.str(m["real"], "shell", "real")
			if v, ok := m["no_tty_confirm"]; ok {
				c.Shell.NoTTYConfirm, _ = p.oneOf(v, []string{"block", "allow"}, "shell", "no_tty_confirm")
			}
		}
	}
	return c
}

// strings reads a list of strings; one of another type is left out.
func (p *configParser) strings(v any, key ...string) []string {
	list, ok := v.([]any)
	if !ok {
		p.problem(key, "%s: want a list of strings, got %s", strings.Join(key, "."), tomlType(v))
		return nil
	}
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		} else {
			p.problem(key, "%s: want a list of strings, got a %s in it", strings.Join(key, "."), tomlType(e))
		}
	}
	return out
}

// actions reads [actions]: rule id → action. Each id with a bad action
// is left out alone.
func (p *configParser) actions(c *Config, m map[string]any) {
	for _, id := range sortedKeys(m) {
		key := []string{"actions", id}
		s, ok := p.str(m[id], key...)
		if !ok {
			continue
		}
		if _, err := policy.ParseAction(s); err != nil {
			p.problem(key, "actions.%s: %v", id, err)
			continue
		}
		if c.Actions == nil {
			c.Actions = map[string]string{}
			c.actionPos = map[string]string{}
		}
		c.Actions[id] = s
		c.actionPos[id] = p.path
		if line, _ := p.sc.Pos(key...); line > 0 {
			c.actionPos[id] = fmt.Sprintf("%s:%d", p.path, line)
		}
	}
}

// tomlType names the type of a decoded TOML value for messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	}
	return "a date or time"
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
