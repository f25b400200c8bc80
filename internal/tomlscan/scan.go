// Package tomlscan is a small second reader of TOML text, beside the
// decoder: it records where each table header and each key is written, so
// that errors found after decoding can point at a line and column, and it
// measures nesting before the decoder (which recurses) sees the text, so
// that absurdly nested input is refused cheaply. It is the one nesting
// guard for every TOML file belay reads (rule packs and belay.toml).
//
// It never fails: on text that is not valid TOML its positions are only
// approximate, but then the decoder reports the real error anyway. It makes
// one pass over the text.
package tomlscan

import "slices"

// Section is a table header ([x] or [[x]]), or the root table, with the
// keys written below it.
type Section struct {
	Path      []string // the table's key parts; none for the root table
	Array     bool     // [[x]]
	Line, Col int      // where the header is (1, 1 for the root table)
	Keys      []Key    // in file order
}

// Key is a key as written in a section; its parts are relative to the
// section, with the keys of inline tables below their parent key.
type Key struct {
	Parts     []string
	Line, Col int
}

// Doc is what Scan found in a TOML text.
type Doc struct {
	Sections []*Section // Sections[0] is the root table

	// Deep is set when the text nests more than the limit Scan was given:
	// arrays and inline tables inside each other, or parts of a dotted key
	// or table name. DeepLine and DeepCol say where; the scan stops there.
	Deep              bool
	DeepLine, DeepCol int

	src       []byte
	max       int
	i         int
	line      int
	lineStart int
	cur       *Section
}

// Scan reads src, refusing (Doc.Deep) to follow more than maxNesting levels.
func Scan(src []byte, maxNesting int) *Doc {
	s := &Doc{src: src, max: maxNesting, line: 1}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		s.i, s.lineStart = 3, 3
	}
	s.cur = &Section{Line: 1, Col: 1}
	s.Sections = append(s.Sections, s.cur)
	for !s.Deep {
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

func (s *Doc) eof() bool  { return s.i >= len(s.src) }
func (s *Doc) peek() byte { return s.src[s.i] }
func (s *Doc) col() int   { return s.i - s.lineStart + 1 }

func (s *Doc) next() byte {
	c := s.src[s.i]
	s.i++
	if c == '\n' {
		s.line++
		s.lineStart = s.i
	}
	return c
}

func (s *Doc) hasPrefix(p string) bool {
	return len(s.src)-s.i >= len(p) && string(s.src[s.i:s.i+len(p)]) == p
}

func (s *Doc) tooDeep(line, col int) {
	if !s.Deep {
		s.Deep, s.DeepLine, s.DeepCol = true, line, col
	}
}

// skipSpace skips blanks on the current line.
func (s *Doc) skipSpace() {
	for !s.eof() && (s.peek() == ' ' || s.peek() == '\t' || s.peek() == '\r') {
		s.next()
	}
}

// skipSpaceNL skips blanks, newlines and comments.
func (s *Doc) skipSpaceNL() {
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
func (s *Doc) skipLine() {
	for !s.eof() && s.peek() != '\n' {
		s.next()
	}
}

func (s *Doc) header() {
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
	s.cur = &Section{Path: parts, Array: array, Line: line, Col: col}
	s.Sections = append(s.Sections, s.cur)
}

// key reads a dotted key: bare or quoted parts separated by dots.
func (s *Doc) key(line, col int) []string {
	var parts []string
	for !s.Deep {
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
		if len(parts) > s.max {
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
func (s *Doc) keyValue(sec *Section, prefix []string, depth int) {
	line, col := s.line, s.col()
	parts := s.key(line, col)
	if len(parts) == 0 {
		return
	}
	full := make([]string, 0, len(prefix)+len(parts))
	full = append(append(full, prefix...), parts...)
	sec.Keys = append(sec.Keys, Key{Parts: full, Line: line, Col: col})
	if len(full) > s.max {
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
func (s *Doc) value(sec *Section, key []string, depth int) {
	if s.eof() || s.Deep {
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
		if depth+1 > s.max {
			s.tooDeep(s.line, s.col())
			return
		}
		end := byte(']')
		if c == '{' {
			end = '}'
		}
		s.next()
		for !s.Deep {
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
func (s *Doc) basicString() string {
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
func (s *Doc) literalString() string {
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
func (s *Doc) multiline(delim string, escapes bool) {
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

// Find returns the indexes in Sections of the sections with this path, in
// file order: the [[path]] headers when array is set, else the [path] ones.
func (s *Doc) Find(array bool, path ...string) []int {
	var out []int
	for i, sec := range s.Sections {
		if sec.Array == array && slices.Equal(sec.Path, path) {
			out = append(out, i)
		}
	}
	return out
}

// KeyPos returns where key is written in sec, or sec's own line and 0.
func (sec *Section) KeyPos(key ...string) (line, col int) {
	for _, k := range sec.Keys {
		if slices.Equal(k.Parts, key) {
			return k.Line, k.Col
		}
	}
	return sec.Line, 0
}

// Pos returns where the key with this full path is written, however it is
// spelled: below a [table] header, as a dotted key, or inside an inline
// table. For a table, it is where its header or key is. 0, 0 when the
// path is not written in the text.
func (s *Doc) Pos(path ...string) (line, col int) {
	for _, sec := range s.Sections {
		if len(sec.Path) > len(path) || !slices.Equal(sec.Path, path[:len(sec.Path)]) {
			continue
		}
		if len(sec.Path) == len(path) {
			return sec.Line, sec.Col
		}
		rest := path[len(sec.Path):]
		for _, k := range sec.Keys {
			if slices.Equal(k.Parts, rest) {
				return k.Line, k.Col
			}
		}
	}
	return 0, 0
}
