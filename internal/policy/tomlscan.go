package policy

// The TOML decoder gives positions only for syntax errors, and none for keys.
// tomlScan is a small second reader of the same text that records where each
// table header and each key is, so that validation errors can point at a line
// and column. It also measures nesting before the decoder (which recurses)
// sees the text, so that absurdly nested input is refused cheaply.
//
// It never fails: on text that is not valid TOML its positions are only
// approximate, but then the decoder reports the real error anyway.

// maxNesting bounds arrays and inline tables inside each other, and the
// number of parts of a dotted key or table name. Rule packs need 3.
const maxNesting = 16

// tomlSection is a table header ([x] or [[x]]), or the root table, with the
// keys written below it.
type tomlSection struct {
	path      []string
	array     bool // [[x]]
	line, col int
	keys      []tomlKey
}

// tomlKey is a key as written in a section; parts are relative to the
// section, with the keys of inline tables below their parent key.
type tomlKey struct {
	parts     []string
	line, col int
}

type tomlScan struct {
	src       []byte
	i         int
	line      int
	lineStart int
	sections  []*tomlSection // sections[0] is the root table
	cur       *tomlSection

	deep     bool // nested more than maxNesting
	deepLine int
	deepCol  int
}

func scanTOML(src []byte) *tomlScan {
	s := &tomlScan{src: src, line: 1}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		s.i, s.lineStart = 3, 3
	}
	s.cur = &tomlSection{line: 1, col: 1}
	s.sections = append(s.sections, s.cur)
	for !s.deep {
		s.skipSpaceNL()
		if s.eof() {
			break
		}
		if s.peek() == '[' {
			s.header()
		} else {
			s.keyValue(s.cur, nil, 0)
		}
		s.skipLine()
	}
	return s
}

func (s *tomlScan) eof() bool  { return s.i >= len(s.src) }
func (s *tomlScan) peek() byte { return s.src[s.i] }
func (s *tomlScan) col() int   { return s.i - s.lineStart + 1 }

func (s *tomlScan) next() byte {
	c := s.src[s.i]
	s.i++
	if c == '\n' {
		s.line++
		s.lineStart = s.i
	}
	return c
}

func (s *tomlScan) hasPrefix(p string) bool {
	return len(s.src)-s.i >= len(p) && string(s.src[s.i:s.i+len(p)]) == p
}

func (s *tomlScan) tooDeep(line, col int) {
	if !s.deep {
		s.deep, s.deepLine, s.deepCol = true, line, col
	}
}

// skipSpace skips blanks on the current line.
func (s *tomlScan) skipSpace() {
	for !s.eof() && (s.peek() == ' ' || s.peek() == '\t' || s.peek() == '\r') {
		s.next()
	}
}

// skipSpaceNL skips blanks, newlines and comments.
func (s *tomlScan) skipSpaceNL() {
	for !s.eof() {
		switch s.peek() {
		case ' ', '\t', '\r', '\n':
			s.next()
		case '#':
			s.skipLine()
		default:
			return
		}
	}
}

// skipLine skips to the end of the line, leaving the newline.
func (s *tomlScan) skipLine() {
	for !s.eof() && s.peek() != '\n' {
		s.next()
	}
}

func (s *tomlScan) header() {
	line, col := s.line, s.col()
	s.next() // [
	array := false
	if !s.eof() && s.peek() == '[' {
		s.next()
		array = true
	}
	parts := s.key(line, col)
	s.skipSpace()
	if !s.eof() && s.peek() == ']' {
		s.next()
		if array && !s.eof() && s.peek() == ']' {
			s.next()
		}
	}
	s.cur = &tomlSection{path: parts, array: array, line: line, col: col}
	s.sections = append(s.sections, s.cur)
}

// key reads a dotted key: bare or quoted parts separated by dots.
func (s *tomlScan) key(line, col int) []string {
	var parts []string
	for !s.deep {
		s.skipSpace()
		if s.eof() {
			break
		}
		switch c := s.peek(); {
		case c == '"':
			parts = append(parts, s.basicString())
		case c == '\'':
			parts = append(parts, s.literalString())
		case isBareKey(c):
			start := s.i
			for !s.eof() && isBareKey(s.peek()) {
				s.next()
			}
			parts = append(parts, string(s.src[start:s.i]))
		default:
			return parts
		}
		if len(parts) > maxNesting {
			s.tooDeep(line, col)
		}
		s.skipSpace()
		if s.eof() || s.peek() != '.' {
			break
		}
		s.next()
	}
	return parts
}

func isBareKey(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// keyValue reads "key = value", recording the key in sec below prefix.
func (s *tomlScan) keyValue(sec *tomlSection, prefix []string, depth int) {
	line, col := s.line, s.col()
	parts := s.key(line, col)
	if len(parts) == 0 {
		return
	}
	full := make([]string, 0, len(prefix)+len(parts))
	full = append(append(full, prefix...), parts...)
	sec.keys = append(sec.keys, tomlKey{parts: full, line: line, col: col})
	if len(full) > maxNesting {
		s.tooDeep(line, col)
		return
	}
	s.skipSpace()
	if s.eof() || s.peek() != '=' {
		return
	}
	s.next()
	s.skipSpace()
	s.value(sec, full, depth)
}

// value skips one value, recording the keys of inline tables.
func (s *tomlScan) value(sec *tomlSection, key []string, depth int) {
	if s.eof() || s.deep {
		return
	}
	switch c := s.peek(); c {
	case '"':
		if s.hasPrefix(`"""`) {
			s.multiline(`"""`, true)
		} else {
			s.basicString()
		}
	case '\'':
		if s.hasPrefix(`'''`) {
			s.multiline(`'''`, false)
		} else {
			s.literalString()
		}
	case '[', '{':
		if depth+1 > maxNesting {
			s.tooDeep(s.line, s.col())
			return
		}
		end := byte(']')
		if c == '{' {
			end = '}'
		}
		s.next()
		for !s.deep {
			s.skipSpaceNL()
			if s.eof() {
				return
			}
			switch s.peek() {
			case end:
				s.next()
				return
			case ',':
				s.next()
				continue
			}
			before := s.i
			if c == '[' {
				s.value(sec, key, depth+1)
			} else {
				s.keyValue(sec, key, depth+1)
			}
			if s.i == before && !s.eof() {
				s.next() // garbage: make progress
			}
		}
	default:
		for !s.eof() {
			switch s.peek() {
			case ' ', '\t', '\r', '\n', ',', ']', '}', '#':
				return
			}
			s.next()
		}
	}
}

// basicString reads "…" and returns its text with escapes left as written.
func (s *tomlScan) basicString() string {
	s.next()
	start := s.i
	for !s.eof() {
		switch s.peek() {
		case '\\':
			s.next()
			if !s.eof() && s.peek() != '\n' {
				s.next()
			}
			continue
		case '"':
			v := string(s.src[start:s.i])
			s.next()
			return v
		case '\n':
			return string(s.src[start:s.i])
		}
		s.next()
	}
	return string(s.src[start:s.i])
}

// literalString reads '…'.
func (s *tomlScan) literalString() string {
	s.next()
	start := s.i
	for !s.eof() {
		switch s.peek() {
		case '\'':
			v := string(s.src[start:s.i])
			s.next()
			return v
		case '\n':
			return string(s.src[start:s.i])
		}
		s.next()
	}
	return string(s.src[start:s.i])
}

// multiline skips a """…""" or ”'…”' string, which may end with up to
// two more quotes that belong to its text.
func (s *tomlScan) multiline(delim string, escapes bool) {
	for range 3 {
		s.next()
	}
	for !s.eof() {
		if s.hasPrefix(delim) {
			for range 3 {
				s.next()
			}
			for n := 0; n < 2 && !s.eof() && s.peek() == delim[0]; n++ {
				s.next()
			}
			return
		}
		if s.next() == '\\' && escapes && !s.eof() {
			s.next()
		}
	}
}

// find returns the sections with this path, in file order.
func (s *tomlScan) find(array bool, path ...string) []int {
	var out []int
	for i, sec := range s.sections {
		if sec.array == array && equalParts(sec.path, path) {
			out = append(out, i)
		}
	}
	return out
}

// keyPos returns where key is written in sec, or sec's own position.
func (sec *tomlSection) keyPos(key ...string) (line, col int) {
	for _, k := range sec.keys {
		if equalParts(k.parts, key) {
			return k.line, k.col
		}
	}
	return sec.line, 0
}

func equalParts(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
