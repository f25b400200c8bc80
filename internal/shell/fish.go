package shell

import "strings"

// fishToPOSIX rewrites the parts of a fish line that a POSIX parser would
// misread, so that the same analyzer can judge it: command substitutions
// `(cmd)` become `$(cmd)`, and backslash escapes inside single quotes
// (fish allows \' and \\ there) become POSIX quoting. Fish's own words
// (and, or, not, begin, end) are handled as wrappers by the analyzer.
func fishToPOSIX(src string) string {
	var b strings.Builder
	b.Grow(len(src) + 8)
	inDouble := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src):
			b.WriteByte(c)
			i++
			b.WriteByte(src[i])
		case c == '\'' && !inDouble:
			// A fish single-quoted string: \' and \\ are escapes.
			b.WriteByte('\'')
			for i++; i < len(src) && src[i] != '\''; i++ {
				if src[i] == '\\' && i+1 < len(src) && (src[i+1] == '\'' || src[i+1] == '\\') {
					i++
					if src[i] == '\'' {
						b.WriteString(`'\''`)
						continue
					}
				}
				b.WriteByte(src[i])
			}
			b.WriteByte('\'')
		case c == '"':
			inDouble = !inDouble
			b.WriteByte(c)
		case c == '(' && !inDouble && (i == 0 || src[i-1] != '$'):
			b.WriteString("$(")
		case c == '#' && !inDouble && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' || src[i-1] == ';'):
			// A comment runs to the end of the line.
			for i < len(src) && src[i] != '\n' {
				b.WriteByte(src[i])
				i++
			}
			if i < len(src) {
				b.WriteByte('\n')
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
