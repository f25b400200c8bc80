package inline

import (
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// Dialect is the family of SQL a database client reads, and the client's
// own commands around it.
type Dialect int

// The dialects of SQL clients.
const (
	AnySQL     Dialect = iota // a client not known: read as MySQL and as PostgreSQL, findings of both
	MySQL                     // mysql, mariadb: # comments, backslash escapes, /*! code */, DELIMITER, \! and system
	Postgres                  // psql, cockroach sql: $$ strings, E'…', nested comments, \ meta-commands
	SQLite                    // sqlite3: [identifiers], .dot commands
	DuckDB                    // duckdb: $$ strings, .dot commands
	SQLServer                 // sqlcmd: [identifiers], GO, !! and :!! commands
	ClickHouse                // clickhouse-client: # comments, backslash escapes
	CQL                       // cqlsh: // comments, $$ strings
)

// DialectOf returns the dialect of a database client, by its program name
// (its base name, as the line names it); AnySQL for one it does not know.
func DialectOf(client string) Dialect {
	if k := strings.LastIndexByte(client, '/'); k >= 0 {
		client = client[k+1:]
	}
	switch client {
	case "mysql", "mariadb", "mysqlsh", "mycli", "mariadb-client":
		return MySQL
	case "psql", "cockroach", "pgcli", "yugabyte", "ysqlsh":
		return Postgres
	case "sqlite3", "sqlite", "litecli":
		return SQLite
	case "duckdb":
		return DuckDB
	case "sqlcmd", "osql", "isql", "bcp":
		return SQLServer
	case "clickhouse-client", "clickhouse", "clickhouse-local", "chdb":
		return ClickHouse
	case "cqlsh":
		return CQL
	}
	return AnySQL
}

// sqlFlags says how a dialect's text is split into tokens.
type sqlFlags struct {
	hash       bool // # starts a comment
	dashSpace  bool // -- starts a comment only before a space or control character
	backslash  bool // backslash escapes in '…' and "…"
	dquoteStr  bool // "…" is a string, not an identifier (values alike here)
	dollar     bool // $tag$…$tag$ strings
	bracket    bool // […] identifiers
	nested     bool // /* */ comments nest
	slashSlash bool // // starts a comment
	bang       bool // /*! … */ is code
	eString    bool // E'…' has backslash escapes
	meta       byte // the client's commands: '\\' psql, '.' sqlite and duckdb, 'm' mysql, 's' sqlcmd
}

var sqlDialects = lazy.Value[map[Dialect]sqlFlags]{Build: func() map[Dialect]sqlFlags {
	return map[Dialect]sqlFlags{
		MySQL:      {hash: true, dashSpace: true, backslash: true, dquoteStr: true, bang: true, meta: 'm'},
		Postgres:   {dollar: true, nested: true, eString: true, meta: '\\'},
		SQLite:     {bracket: true, meta: '.'},
		DuckDB:     {dollar: true, eString: true, meta: '.'},
		SQLServer:  {bracket: true, nested: true, meta: 's'},
		ClickHouse: {hash: true, backslash: true, dquoteStr: false},
		CQL:        {slashSlash: true, dollar: true},
	}
}}

type sqlKind uint8

const (
	sqWord   sqlKind = iota + 1 // a keyword or a name, as written (up: upper case)
	sqQIdent                    // a quoted identifier: "x", `x`, [x]; text is the name
	sqStr                       // a string literal; text is its value
	sqNum
	sqPunct
	sqVar // @x, @@x, :x, :'x', $1, ?
	sqSep // the end of a statement: ;, a DELIMITER, GO, \g, a client command
)

type sqlTok struct {
	kind   sqlKind
	text   string
	up     string // sqWord: text in upper case
	pos    int
	exact  bool // sqStr: its value is its source from pos+1 verbatim
	cancel bool // sqSep: the statement before it is thrown away (mysql \c, psql \r)
	gexec  bool // sqSep: psql \gexec runs each value the statement returns as SQL
}

// sqlLexer splits SQL text into tokens and reads the client's commands,
// which give findings (a shell command, a file written) of their own.
type sqlLexer struct {
	f         sqlFlags
	s         string
	i         int
	out       []sqlTok
	finds     []Finding
	delim     string // MySQL's DELIMITER
	lineStart bool   // only blanks since the last newline
	bangDepth int    // inside /*! … */
}

func lexSQL(code string, f sqlFlags) ([]sqlTok, []Finding) {
	lx := &sqlLexer{f: f, s: code, delim: ";", lineStart: true, out: make([]sqlTok, 0, len(code)/5+8)}
	lx.run()
	return lx.out, lx.finds
}

// stmtEmpty reports whether nothing has been read since the last separator.
func (lx *sqlLexer) stmtEmpty() bool {
	return len(lx.out) == 0 || lx.out[len(lx.out)-1].kind == sqSep
}

func (lx *sqlLexer) sep(pos int) { lx.out = append(lx.out, sqlTok{kind: sqSep, pos: pos}) }

func (lx *sqlLexer) run() {
	s := lx.s
	for lx.i < len(s) {
		c := s[lx.i]
		if c == '\n' {
			lx.lineStart = true
			lx.i++
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			lx.i++
			continue
		}
		if lx.lineStart && lx.f.meta == 's' && lx.goSep() {
			continue
		}
		if lx.lineStart && lx.stmtEmpty() && lx.client() {
			continue
		}
		lx.lineStart = false
		if lx.delim != ";" && strings.HasPrefix(s[lx.i:], lx.delim) {
			lx.sep(lx.i)
			lx.i += len(lx.delim)
			continue
		}
		switch {
		case c == '-' && strings.HasPrefix(s[lx.i:], "--") && (!lx.f.dashSpace || lx.i+2 >= len(s) || s[lx.i+2] <= ' '):
			lx.toEOL()
		case c == '#' && lx.f.hash, c == '/' && lx.f.slashSlash && strings.HasPrefix(s[lx.i:], "//"):
			lx.toEOL()
		case c == '/' && strings.HasPrefix(s[lx.i:], "/*"):
			lx.comment()
		case c == '*' && lx.bangDepth > 0 && strings.HasPrefix(s[lx.i:], "*/"):
			lx.bangDepth--
			lx.i += 2
		case c == '\\' && (lx.f.meta == '\\' || lx.f.meta == 'm'):
			lx.backslashCmd()
		case c == ';':
			if lx.delim == ";" {
				lx.sep(lx.i)
			} else {
				lx.out = append(lx.out, sqlTok{kind: sqPunct, text: ";", pos: lx.i})
			}
			lx.i++
		case c == '\'':
			lx.str(lx.i, lx.i, '\'', lx.f.backslash)
		case c == '"':
			if lx.f.dquoteStr {
				lx.str(lx.i, lx.i, '"', lx.f.backslash)
			} else {
				lx.quoted('"', '"')
			}
		case c == '`':
			lx.quoted('`', '`')
		case c == '[' && lx.f.bracket:
			lx.quoted('[', ']')
		case c == '$' && lx.f.dollar && lx.dollarStr():
		case c == '$' && lx.i+1 < len(s) && isDecimal(s[lx.i+1]), c == '@', c == '?':
			j := lx.i + 1
			for j < len(s) && (isNameByte(s[j]) || s[j] == '@' || s[j] == '.') {
				j++
			}
			lx.out = append(lx.out, sqlTok{kind: sqVar, text: s[lx.i:j], pos: lx.i})
			lx.i = j
		case c == ':' && lx.i+1 < len(s) && (isNameStart(s[lx.i+1]) || s[lx.i+1] == '\'' || s[lx.i+1] == '"') && !(lx.i > 0 && s[lx.i-1] == ':'):
			// psql variables :name :'name' :"name"
			j := lx.i + 1
			if s[j] == '\'' || s[j] == '"' {
				if e := strings.IndexByte(s[j+1:], s[j]); e >= 0 {
					j += e + 2
				} else {
					j = len(s)
				}
			} else {
				for j < len(s) && isNameByte(s[j]) && s[j] != '$' {
					j++
				}
			}
			lx.out = append(lx.out, sqlTok{kind: sqVar, text: s[lx.i:j], pos: lx.i})
			lx.i = j
		case isDecimal(c) || c == '.' && lx.i+1 < len(s) && isDecimal(s[lx.i+1]):
			j := lx.i
			for j < len(s) && (isNameByte(s[j]) && s[j] != '$' || s[j] == '.') {
				j++
			}
			lx.out = append(lx.out, sqlTok{kind: sqNum, text: s[lx.i:j], pos: lx.i})
			lx.i = j
		case isNameStart(c):
			j := lx.i + 1
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			w := s[lx.i:j]
			// string prefixes: E'…' N'…' X'…' B'…' U&'…'
			if j < len(s) && s[j] == '\'' && len(w) <= 2 {
				switch strings.ToUpper(w) {
				case "E":
					lx.str(lx.i, j, '\'', lx.f.backslash || lx.f.eString)
					continue
				case "N", "X", "B", "R", "_UTF8MB4", "_UTF8":
					lx.str(lx.i, j, '\'', lx.f.backslash)
					continue
				}
			}
			if strings.EqualFold(w, "U") && strings.HasPrefix(s[j:], "&'") {
				lx.str(lx.i, j+1, '\'', false)
				continue
			}
			lx.out = append(lx.out, sqlTok{kind: sqWord, text: w, up: strings.ToUpper(w), pos: lx.i})
			lx.i = j
		default:
			p := s[lx.i : lx.i+1]
			for _, q := range []string{"<>", "!=", "<=", ">=", "||", ":=", "::", "=="} {
				if strings.HasPrefix(s[lx.i:], q) {
					p = q
					break
				}
			}
			lx.out = append(lx.out, sqlTok{kind: sqPunct, text: p, pos: lx.i})
			lx.i += len(p)
		}
	}
}

func (lx *sqlLexer) toEOL() {
	for lx.i < len(lx.s) && lx.s[lx.i] != '\n' {
		lx.i++
	}
}

// restOfLine returns the text from i to the end of its line, and moves
// past it.
func (lx *sqlLexer) restOfLine(i int) string {
	j := i
	for j < len(lx.s) && lx.s[j] != '\n' {
		j++
	}
	lx.i = j
	return strings.TrimSpace(strings.TrimSuffix(lx.s[i:j], "\r"))
}

func (lx *sqlLexer) comment() {
	s := lx.s
	if lx.f.bang && (strings.HasPrefix(s[lx.i:], "/*!") || strings.HasPrefix(s[lx.i:], "/*M!")) {
		// MySQL runs the text of /*! … */ (MariaDB /*M! … */), after an
		// optional version number
		j := lx.i + 3
		if s[lx.i+2] == 'M' {
			j++
		}
		for j < len(s) && isDecimal(s[j]) {
			j++
		}
		lx.bangDepth++
		lx.i = j
		return
	}
	depth := 0
	j := lx.i
	for j < len(s) {
		switch {
		case strings.HasPrefix(s[j:], "/*"):
			depth++
			j += 2
			if !lx.f.nested && depth > 1 {
				depth = 1
			}
			continue
		case strings.HasPrefix(s[j:], "*/"):
			depth--
			j += 2
			if depth == 0 {
				lx.i = j
				return
			}
			continue
		}
		j++
	}
	lx.i = len(s)
}

// str reads a string literal whose quote is at q (start is where its
// prefix begins).
func (lx *sqlLexer) str(start, q int, quote byte, backslash bool) {
	s := lx.s
	j := q + 1
	var b strings.Builder
	esc := false
	for j < len(s) {
		c := s[j]
		if c == quote {
			if j+1 < len(s) && s[j+1] == quote {
				if !esc {
					esc = true
					b.WriteString(s[q+1 : j])
				}
				b.WriteByte(quote)
				j += 2
				continue
			}
			break
		}
		if c == '\\' && backslash && j+1 < len(s) {
			if !esc {
				esc = true
				b.WriteString(s[q+1 : j])
			}
			switch s[j+1] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			default:
				b.WriteByte(s[j+1])
			}
			j += 2
			continue
		}
		if esc {
			b.WriteByte(c)
		}
		j++
	}
	val := s[q+1 : j]
	if esc {
		val = b.String()
	}
	if j < len(s) {
		j++
	}
	lx.out = append(lx.out, sqlTok{kind: sqStr, text: val, pos: start, exact: !esc && start == q})
	lx.i = j
}

// quoted reads a quoted identifier; a doubled closing quote is one.
func (lx *sqlLexer) quoted(open, closeQ byte) {
	s := lx.s
	j := lx.i + 1
	var b strings.Builder
	for j < len(s) {
		if s[j] == closeQ {
			if j+1 < len(s) && s[j+1] == closeQ {
				b.WriteByte(closeQ)
				j += 2
				continue
			}
			break
		}
		b.WriteByte(s[j])
		j++
	}
	lx.out = append(lx.out, sqlTok{kind: sqQIdent, text: b.String(), pos: lx.i})
	if j < len(s) {
		j++
	}
	lx.i = j
}

// dollarStr reads a $tag$…$tag$ string at i.
func (lx *sqlLexer) dollarStr() bool {
	s := lx.s
	j := lx.i + 1
	for j < len(s) && (isNameByte(s[j]) && s[j] != '$') {
		j++
	}
	if j >= len(s) || s[j] != '$' || j > lx.i+1 && isDecimal(s[lx.i+1]) {
		return false
	}
	tag := s[lx.i : j+1]
	body := j + 1
	end := strings.Index(s[body:], tag)
	val, after := s[body:], len(s)
	if end >= 0 {
		val, after = s[body:body+end], body+end+len(tag)
	}
	lx.out = append(lx.out, sqlTok{kind: sqStr, text: val, pos: lx.i, exact: false})
	// a body inside the code maps back: pos+len(tag) is where it starts
	lx.out[len(lx.out)-1].pos = body - 1
	lx.out[len(lx.out)-1].exact = true
	lx.i = after
	return true
}

// backslashCmd reads a psql meta-command or a mysql \-command at i.
func (lx *sqlLexer) backslashCmd() {
	s, at := lx.s, lx.i
	j := lx.i + 1
	if j < len(s) && s[j] == '!' {
		text := lx.restOfLine(j + 1)
		lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: `\!`, Text: Word{Value: text}})
		lx.sep(at)
		return
	}
	for j < len(s) && (isNameByte(s[j]) || s[j] == '.' || s[j] == '?') {
		j++
	}
	name := s[lx.i+1 : j]
	if lx.f.meta == 'm' {
		lx.i = j
		switch name {
		case "g", "G":
			lx.sep(at)
		case "c":
			lx.out = append(lx.out, sqlTok{kind: sqSep, pos: at, cancel: true})
		case "P":
			lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: "pager", Text: Word{Value: lx.restOfLine(j)}})
		case "T":
			lx.finds = append(lx.finds, Finding{Kind: Effect, Effect: "write", Pos: at, Call: "tee", Path: Word{Value: lx.restOfLine(j)}})
		case "d":
			lx.setDelim(lx.restOfLine(j))
		case ".":
			lx.restOfLine(j)
		}
		return
	}
	// psql: the arguments run to the end of the line or to \\
	end := j
	for end < len(s) && s[end] != '\n' && !strings.HasPrefix(s[end:], `\\`) {
		end++
	}
	args := strings.TrimSpace(s[j:end])
	lx.i = end
	if strings.HasPrefix(s[end:], `\\`) {
		lx.i = end + 2
	}
	switch name {
	case "g", "gx", "o", "out", "w", "write":
		if strings.HasPrefix(args, "|") {
			lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: `\` + name, Text: Word{Value: strings.TrimSpace(args[1:])}})
		} else if args != "" && (name == "o" || name == "out" || name == "w" || name == "write" || !strings.HasPrefix(args, "(")) {
			lx.finds = append(lx.finds, Finding{Kind: Effect, Effect: "write", Pos: at, Call: `\` + name, Path: Word{Value: firstField(args)}})
		}
		if name == "g" || name == "gx" {
			lx.sep(at)
		}
	case "gexec":
		lx.out = append(lx.out, sqlTok{kind: sqSep, pos: at, gexec: true})
	case "r", "reset":
		lx.out = append(lx.out, sqlTok{kind: sqSep, pos: at, cancel: true})
	case "copy":
		if k := indexFoldASCII(args, " program "); k >= 0 {
			cmd := strings.TrimSpace(args[k+9:])
			if q := cmd + " "; q[0] == '\'' || q[0] == '"' {
				q := q[0]
				if e := strings.IndexByte(cmd[1:], q); e >= 0 {
					cmd = cmd[1 : e+1]
				}
			}
			lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: `\copy … program`, Text: Word{Value: cmd}})
		}
		lx.sep(at)
	default:
		if name != "" {
			lx.sep(at)
		}
	}
}

// indexFoldASCII is strings.Index ignoring ASCII case. (Lowering the
// string first would move offsets: invalid UTF-8 lowers to U+FFFD.)
func indexFoldASCII(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return strings.Trim(f[0], `'"`)
	}
	return ""
}

func (lx *sqlLexer) setDelim(d string) {
	d = firstField(d)
	if d != "" && len(d) <= 16 { // a longer one would make each byte's check costly
		lx.delim = d
	}
}

// client reads a client command at the start of a line: sqlite's and
// duckdb's .commands, mysql's named commands, sqlcmd's GO, !! and :!!.
// It reports whether there was one.
func (lx *sqlLexer) client() bool {
	s, at := lx.s, lx.i
	word := func(j int) (string, int) {
		k := j
		for k < len(s) && (isNameByte(s[k]) || s[k] == '!') {
			k++
		}
		return s[j:k], k
	}
	switch lx.f.meta {
	case '.':
		if s[at] != '.' {
			return false
		}
		name, j := word(at + 1)
		args := lx.restOfLine(j)
		switch name {
		case "shell", "system":
			lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: "." + name, Text: Word{Value: args}})
		case "output", "once", "read", "import", "backup", "save":
			rest := args
			for strings.HasPrefix(rest, "-") { // options
				k := strings.IndexAny(rest, " \t")
				if k < 0 {
					rest = ""
					break
				}
				rest = strings.TrimSpace(rest[k:])
			}
			if unq := strings.TrimLeft(rest, `'"`); strings.HasPrefix(unq, "|") {
				cmd := strings.TrimSpace(strings.TrimRight(unq[1:], `'"`))
				lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: "." + name, Text: Word{Value: cmd}})
				return true
			}
			target := firstField(rest)
			if f := strings.Fields(rest); (name == "backup" || name == "save") && len(f) > 0 {
				target = strings.Trim(f[len(f)-1], `'"`)
			}
			if (name == "output" || name == "once" || name == "backup" || name == "save") && target != "" && target != "stdout" && target != "-" {
				lx.finds = append(lx.finds, Finding{Kind: Effect, Effect: "write", Pos: at, Call: "." + name, Path: Word{Value: target}})
			}
		}
		return true
	case 'm':
		name, j := word(at)
		switch strings.ToLower(name) {
		case "delimiter":
			lx.setDelim(lx.restOfLine(j))
		case "system":
			lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: "system", Text: Word{Value: lx.restOfLine(j)}})
		case "pager":
			if rest := lx.restOfLine(j); rest != "" {
				lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: "pager", Text: Word{Value: rest}})
			}
		case "tee":
			lx.finds = append(lx.finds, Finding{Kind: Effect, Effect: "write", Pos: at, Call: "tee", Path: Word{Value: firstField(lx.restOfLine(j))}})
		case "source":
			lx.restOfLine(j)
		default:
			return false
		}
		return true
	case 's':
		switch {
		case strings.HasPrefix(s[at:], "!!"):
			lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: "!!", Text: Word{Value: lx.restOfLine(at + 2)}})
			return true
		case strings.HasPrefix(s[at:], ":!!"):
			lx.finds = append(lx.finds, Finding{Kind: ShellLine, Pos: at, Call: ":!!", Text: Word{Value: lx.restOfLine(at + 3)}})
			return true
		case s[at] == ':':
			name, j := word(at + 1)
			rest := lx.restOfLine(j)
			if strings.EqualFold(name, "out") || strings.EqualFold(name, "error") {
				if t := firstField(rest); t != "" && !strings.EqualFold(t, "stdout") && !strings.EqualFold(t, "stderr") {
					lx.finds = append(lx.finds, Finding{Kind: Effect, Effect: "write", Pos: at, Call: ":" + name, Path: Word{Value: t}})
				}
			}
			return true
		}
	}
	return false
}

// goSep reads sqlcmd's GO [count], alone on its line: the end of a batch.
func (lx *sqlLexer) goSep() bool {
	s, at := lx.s, lx.i
	if len(s)-at < 2 || !strings.EqualFold(s[at:at+2], "GO") || at+2 < len(s) && isNameByte(s[at+2]) {
		return false
	}
	k := at + 2
	for k < len(s) && s[k] != '\n' {
		k++
	}
	if rest := strings.TrimSpace(s[at+2 : k]); rest != "" && !isNumber(rest) {
		return false
	}
	lx.i = k
	lx.sep(at)
	return true
}
