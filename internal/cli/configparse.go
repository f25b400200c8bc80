package cli

import (
	"errors"
	"fmt"

	"github.com/BurntSushi/toml"

	"github.com/belay-sh/belay/internal/policy"
)

// Bounds on a belay.toml. The file is a handful of settings; the TOML
// decoder takes seconds on a few thousand nested inline tables or dotted
// key parts, so those are refused before it sees them.
const (
	maxConfigSize  = 64 << 10
	maxConfigDepth = 8 // brackets and braces inside each other, and parts of a dotted key
)

// parseConfig decodes and checks one belay.toml; path names it in errors.
func parseConfig(path string, data []byte) (*Config, error) {
	if len(data) > maxConfigSize {
		return nil, fmt.Errorf("%s: too large: %d bytes, at most %d", path, len(data), maxConfigSize)
	}
	if line := tomlTooDeep(data, maxConfigDepth); line > 0 {
		return nil, fmt.Errorf("%s:%d: nested too deeply (more than %d levels)", path, line, maxConfigDepth)
	}
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d:%d: %s", path, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("%s: unknown key %s", path, und[0])
	}
	for id, act := range c.Actions {
		if _, err := policy.ParseAction(act); err != nil {
			return nil, fmt.Errorf("%s: actions.%s: %v", path, id, err)
		}
	}
	if c.Mode != "" && c.Mode != "enforce" && c.Mode != "observe" {
		return nil, fmt.Errorf("%s: mode must be \"enforce\" or \"observe\", not %q", path, c.Mode)
	}
	return &c, nil
}

// tomlTooDeep returns the line on which TOML text first nests more than
// max levels of [ and { (arrays, inline tables, table headers), or has a
// dotted key of more than max parts; 0 when it does not. Strings and
// comments are skipped. On text that is not TOML it may be wrong, in
// either direction, but it never takes more than one pass.
func tomlTooDeep(src []byte, max int) int {
	line, depth, dots := 1, 0, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '\n':
			line++
			dots = 0
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			delim := string([]byte{c})
			if i+2 < len(src) && src[i+1] == c && src[i+2] == c {
				delim = delim + delim + delim
			}
			i += len(delim)
			for i < len(src) {
				if c == '"' && src[i] == '\\' {
					if i+1 < len(src) && src[i+1] == '\n' {
						line++
					}
					i += 2
					continue
				}
				if src[i] == '\n' {
					line++
				}
				if string(src[i:min(i+len(delim), len(src))]) == delim {
					i += len(delim) - 1
					break
				}
				i++
			}
		case '[', '{':
			depth++
			dots = 0
			if depth > max {
				return line
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
			dots = 0
		case '=', ',':
			dots = 0
		case '.':
			if dots++; dots >= max {
				return line
			}
		}
	}
	return 0
}
