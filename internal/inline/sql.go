package inline

import (
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// Statement is one statement a database client would run that drops,
// empties or rewrites data in bulk, or that belay cannot read.
type Statement struct {
	// Verb is the statement, normalised:
	//   SQL: "DROP " + the object type ("DROP DATABASE", "DROP SCHEMA",
	//   "DROP TABLE", "DROP VIEW", "DROP INDEX", "DROP USER", "DROP ROLE",
	//   "DROP KEYSPACE", "DROP OWNED", …), "TRUNCATE", "DELETE", "UPDATE",
	//   "ALTER TABLE DROP COLUMN", "ALTER TABLE DROP PARTITION",
	//   "GRANT ALL TO PUBLIC", and
	//   "EXECUTE": SQL computed at run time (EXECUTE of a variable,
	//   PREPARE … FROM @v, EXEC(@sql), psql's \gexec), or too long to read.
	//   Redis: the command in upper case ("FLUSHALL", "FLUSHDB", "SHUTDOWN",
	//   "DEBUG SEGFAULT", "CONFIG SET dir", "CONFIG SET dbfilename",
	//   "CONFIG SET", "KEYS", "REPLICAOF", "CLUSTER RESET", "SCRIPT FLUSH",
	//   "FUNCTION FLUSH", "MODULE LOAD", and "EVAL" for a script whose
	//   commands are computed).
	//   Mongo: the method ("dropDatabase", "drop", "deleteMany", "remove",
	//   "updateMany", "update", "dropAllUsers", "dropUser", "dropAllRoles",
	//   "dropRole", "dropIndexes", "shutdownServer", and "eval" for code
	//   computed at run time).
	Verb string
	// Object is what the statement acts on, when the text names it: the
	// database, table, keyspace, user, collection ("shop", "public.orders");
	// "" when the statement names none or computes it.
	Object string
	// Part is what of Object: the column of ALTER TABLE … DROP COLUMN, the
	// partition, SHUTDOWN's NOSAVE, CONFIG SET's parameter and value; for
	// EXECUTE, why it could not be read.
	Part string
	// Pos is the byte offset of the statement in the text; for Redis
	// arguments, the index of the command's first argument.
	Pos int
	// Unfiltered is set for DELETE and UPDATE without a WHERE, or with one
	// that is always true (1=1, true, 'a'='a', x LIKE '%'); deleteMany({}),
	// remove({}), updateMany({}); FLUSHALL and FLUSHDB; KEYS *.
	Unfiltered bool
}

// SQL reads SQL text as a database client of dialect d would, and returns
// the statements that drop, empty or rewrite data, and what the client's
// own commands would do (a shell command from psql's \!, sqlite's .shell,
// sqlcmd's !!, COPY … PROGRAM, xp_cmdshell; a file written by \o or
// .output). Strings, quoted identifiers and comments are never read as
// statements; dollar-quoted strings are data except the body of a DO
// block, which is read as PL/pgSQL. It never panics.
func SQL(code string, d Dialect) (stmts []Statement, finds []Finding) {
	if len(code) > MaxCode {
		return []Statement{{Verb: "EXECUTE", Part: "SQL too long to read"}}, nil
	}
	defer func() {
		if r := recover(); r != nil {
			stmts = append(stmts, Statement{Verb: "EXECUTE", Part: "internal error reading the SQL"})
		}
	}()
	return sqlRead(code, d)
}

func sqlRead(code string, d Dialect) ([]Statement, []Finding) {
	f, ok := sqlDialects.Get()[d]
	if !ok {
		s1, f1 := readSQL(code, sqlDialects.Get()[MySQL], 0)
		s2, f2 := readSQL(code, sqlDialects.Get()[Postgres], 0)
		return unionStmts(s1, s2), append(f1, dedupe(f1, f2)...)
	}
	return readSQL(code, f, 0)
}

func unionStmts(a, b []Statement) []Statement {
	seen := map[Statement]bool{}
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			a = append(a, s)
			seen[s] = true
		}
	}
	return a
}

type sqlReader struct {
	f      sqlFlags
	t      []sqlTok
	stmts  []Statement
	finds  []Finding
	vars   map[string]Word // @v set to a literal
	depth  int
	plpg   bool // reading a PL/pgSQL body: EXECUTE name runs the text in name
	budget int
}

func readSQL(code string, f sqlFlags, depth int) ([]Statement, []Finding) {
	toks, finds := lexSQL(code, f)
	r := &sqlReader{f: f, t: toks, finds: finds, vars: map[string]Word{}, depth: depth, budget: 64*len(toks) + 4096}
	r.read()
	return r.stmts, r.finds
}

func (r *sqlReader) spend() bool {
	r.budget--
	if r.budget == 0 {
		r.stmts = append(r.stmts, Statement{Verb: "EXECUTE", Part: "SQL too complex to read"})
	}
	return r.budget > 0
}

func (r *sqlReader) word(i int) string {
	if i >= 0 && i < len(r.t) && r.t[i].kind == sqWord {
		return r.t[i].up
	}
	return ""
}

func (r *sqlReader) punct(i int, p string) bool {
	return i >= 0 && i < len(r.t) && r.t[i].kind == sqPunct && r.t[i].text == p
}

func (r *sqlReader) isSep(i int) bool { return i >= len(r.t) || r.t[i].kind == sqSep }

// sqlNotStatement lists what, just before DROP, DELETE, UPDATE …, says the
// keyword is not a statement: ON DELETE, FOR UPDATE, GRANT DELETE, AFTER
// UPDATE OF, ON DUPLICATE KEY UPDATE, ON CONFLICT DO UPDATE, SYSTEM DROP
// (ClickHouse caches), EXPLAIN without ANALYZE.
var sqlNotStatement = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"ON": true, "FOR": true, "AFTER": true, "BEFORE": true, "OF": true, "OR": true, "GRANT": true,
		"REVOKE": true, "DENY": true, "KEY": true, "DO": true, "INSTEAD": true, "ALSO": true, "SYSTEM": true,
		"EXPLAIN": true, "ADD": true, "CASCADE": true, "RESTRICT": true, "NO": true, "IS": true,
	}
}}

// atStatement reports whether the keyword at i starts a statement.
func (r *sqlReader) atStatement(i int) bool {
	if i == 0 {
		return true
	}
	p := r.t[i-1]
	switch p.kind {
	case sqSep:
		return true
	case sqWord:
		return !sqlNotStatement.Get()[p.up]
	case sqPunct:
		return p.text != "," && p.text != "." && p.text != "=" && p.text != "::"
	}
	return true
}

func (r *sqlReader) read() {
	stmtStart := len(r.stmts)
	for i := 0; i < len(r.t); {
		if !r.spend() {
			return
		}
		t := r.t[i]
		if t.kind == sqSep {
			switch {
			case t.cancel:
				r.stmts = r.stmts[:stmtStart]
			case t.gexec:
				r.stmts = append(r.stmts, Statement{Verb: "EXECUTE", Pos: t.pos, Part: `\gexec runs what the query returns`})
			}
			stmtStart = len(r.stmts)
			i++
			continue
		}
		if t.kind != sqWord || !r.atStatement(i) {
			i++
			continue
		}
		next := i + 1
		switch t.up {
		case "DROP":
			next = r.drop(i)
		case "TRUNCATE":
			next = r.truncate(i)
		case "DELETE", "UPDATE":
			next = r.dml(i)
		case "ALTER":
			next = r.alter(i)
		case "EXECUTE", "EXEC":
			next = r.execute(i)
		case "PREPARE":
			next = r.prepare(i)
		case "DO":
			next = r.do(i)
		case "COPY":
			next = r.copy(i)
		case "SET", "DECLARE":
			next = r.set(i)
		case "GRANT":
			next = r.grant(i)
		case "REVOKE":
			next = r.revoke(i)
		}
		i = max(next, i+1)
	}
}

// name reads a qualified name at i (a.b."c", master..p, 'user'@'host');
// "" when part of it is computed (a variable). It returns the index after
// it.
func (r *sqlReader) name(i int) (string, int) {
	var b strings.Builder
	known := true
parts:
	for n := 0; i < len(r.t) && n < 16; n++ {
		t := r.t[i]
		switch {
		case t.kind == sqWord || t.kind == sqQIdent || t.kind == sqStr:
			b.WriteString(t.text)
		case t.kind == sqVar && t.text != "@":
			known = false
			b.WriteString(t.text)
		default:
			break parts
		}
		i++
		switch {
		case r.punct(i, "."):
			for r.punct(i, ".") {
				b.WriteByte('.')
				i++
			}
		case i < len(r.t) && r.t[i].kind == sqVar && r.t[i].text == "@":
			b.WriteByte('@')
			i++
		default:
			break parts
		}
	}
	if !known {
		return "", i
	}
	return b.String(), i
}

// isName reports whether token i can be a name.
func (r *sqlReader) isName(i int) bool {
	return i < len(r.t) && (r.t[i].kind == sqWord || r.t[i].kind == sqQIdent || r.t[i].kind == sqVar && r.t[i].text != "@")
}

// sqlTypes2 lists object types of two words.
var sqlTypes2 = map[string]bool{
	"MATERIALIZED VIEW": true, "FOREIGN TABLE": true, "FOREIGN DATA": true, "EVENT TRIGGER": true,
	"ACCESS METHOD": true, "TEXT SEARCH": true, "USER MAPPING": true, "OPERATOR CLASS": true,
	"OPERATOR FAMILY": true, "ROW POLICY": true, "SETTINGS PROFILE": true, "NAMED COLLECTION": true,
	"EXTERNAL TABLE": true, "SECURITY POLICY": true, "RETENTION POLICY": true, "CONTINUOUS QUERY": true,
}

// sqlNotDropped are words after DROP that drop nothing of value.
var sqlNotDropped = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"TEMPORARY": true, "TEMP": true, "PREPARE": true, "STATISTICS": true,
	}
}}

func (r *sqlReader) drop(i int) int {
	j := i + 1
	typ := r.word(j)
	if typ == "" || sqlNotDropped.Get()[typ] {
		return j
	}
	j++
	if sqlTypes2[typ+" "+r.word(j)] {
		typ += " " + r.word(j)
		j++
		if typ == "FOREIGN DATA" || typ == "TEXT SEARCH" || typ == "USER MAPPING" {
			if r.word(j) != "" {
				typ += " " + r.word(j)
				j++
			}
		}
	}
	if typ == "OWNED" && r.word(j) == "BY" {
		j++
	}
	for r.word(j) == "IF" || r.word(j) == "EXISTS" || r.word(j) == "CONCURRENTLY" {
		j++
	}
	verb := "DROP " + typ
	pos := r.t[i].pos
	n := 0
	for n < 256 && (r.isName(j) || j < len(r.t) && r.t[j].kind == sqStr) {
		n++
		name, next := r.name(j)
		r.stmts = append(r.stmts, Statement{Verb: verb, Object: name, Pos: pos})
		j = next
		if !r.punct(j, ",") {
			break
		}
		j++
	}
	if n == 0 { // DROP TABLE with its name computed ('DROP TABLE ' || t)
		r.stmts = append(r.stmts, Statement{Verb: verb, Pos: pos})
	}
	if (typ == "TYPE" || typ == "DOMAIN") && r.word(j) == "CASCADE" {
		// DROP TYPE t CASCADE drops the columns of that type too.
		for k := len(r.stmts) - 1; k >= 0 && k >= len(r.stmts)-max(n, 1) && r.stmts[k].Part == ""; k-- {
			r.stmts[k].Part = "CASCADE"
		}
	}
	return j
}

func (r *sqlReader) truncate(i int) int {
	j := i + 1
	if r.word(j) == "TABLE" {
		j++
	}
	if r.word(j) == "ALL" && r.word(j+1) == "TABLES" && r.word(j+2) == "FROM" {
		name, next := r.name(j + 3)
		r.stmts = append(r.stmts, Statement{Verb: "TRUNCATE", Object: name, Part: "all tables", Pos: r.t[i].pos, Unfiltered: true})
		return next
	}
	for r.word(j) == "ONLY" || r.word(j) == "IF" || r.word(j) == "EXISTS" {
		j++
	}
	if !r.isName(j) {
		return j
	}
	for n := 0; n < 256 && r.isName(j); n++ {
		name, next := r.name(j)
		r.stmts = append(r.stmts, Statement{Verb: "TRUNCATE", Object: name, Pos: r.t[i].pos, Unfiltered: true})
		j = next
		if r.punct(j, "*") {
			j++
		}
		if !r.punct(j, ",") {
			break
		}
		j++
	}
	return j
}

// sqlEndsStatement lists keywords that, at the top level of a DELETE or
// UPDATE without semicolons (T-SQL, PL blocks), start the next statement.
var sqlEndsStatement = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"SELECT": true, "INSERT": true, "DELETE": true, "UPDATE": true, "DROP": true, "CREATE": true,
		"ALTER": true, "TRUNCATE": true, "GRANT": true, "REVOKE": true, "BEGIN": true, "COMMIT": true,
		"ROLLBACK": true, "ELSE": true, "ELSIF": true, "ELSEIF": true, "EXEC": true, "EXECUTE": true,
		"DECLARE": true, "RETURN": true, "PRINT": true, "USE": true, "MERGE": true, "WITH": true,
		"END": true, "IF": true, "WHILE": true, "RAISERROR": true, "THROW": true, "OPEN": true,
		"CLOSE": true, "FETCH": true, "PERFORM": true, "RAISE": true, "LOOP": true,
	}
}}

// sqlSkipWords are modifiers between DELETE or UPDATE and the table.
var sqlSkipWords = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"LOW_PRIORITY": true, "QUICK": true, "IGNORE": true, "ONLY": true}
}}

// dml reads DELETE or UPDATE at i.
func (r *sqlReader) dml(i int) int {
	verb := r.t[i].up
	j := i + 1
	for r.word(j) != "" && sqlSkipWords.Get()[r.word(j)] {
		j++
	}
	if r.word(j) == "TOP" && r.punct(j+1, "(") { // T-SQL DELETE TOP (n)
		j = r.skipParens(j + 1)
	}
	hasFrom := false
	if verb == "DELETE" && r.word(j) == "FROM" {
		hasFrom = true
		j++
		for r.word(j) == "ONLY" {
			j++
		}
	}
	if !r.isName(j) || r.word(j) == "SET" || r.word(j) == "WHERE" || r.word(j) == "WHEN" || r.word(j) == "FROM" && !hasFrom {
		return j // MERGE's THEN DELETE, THEN UPDATE SET
	}
	name, j := r.name(j)
	if verb == "DELETE" && !hasFrom {
		// DELETE t FROM t JOIN … (MySQL), DELETE t WHERE … (T-SQL)
		for r.punct(j, ",") && r.isName(j+1) {
			_, j = r.name(j + 1)
		}
	}
	filtered, tautology, hasSet, end := r.filter(j, verb == "UPDATE")
	if verb == "UPDATE" && !hasSet {
		return end
	}
	r.stmts = append(r.stmts, Statement{Verb: verb, Object: name, Pos: r.t[i].pos, Unfiltered: !filtered || tautology})
	return end
}

func (r *sqlReader) skipParens(j int) int {
	depth := 0
	for ; j < len(r.t) && r.spend(); j++ {
		switch {
		case r.isSep(j):
			return j
		case r.punct(j, "("):
			depth++
		case r.punct(j, ")"):
			depth--
			if depth <= 0 {
				return j + 1
			}
		}
	}
	return j
}

// filter scans the rest of a DELETE or UPDATE from j for its WHERE (and
// whether that is always true) or a JOIN; it returns where the statement
// ends.
func (r *sqlReader) filter(j int, update bool) (filtered, tautology, hasSet bool, end int) {
	depth, cases := 0, 0
	for ; j < len(r.t) && r.spend(); j++ {
		t := r.t[j]
		switch {
		case t.kind == sqSep:
			return filtered, tautology, hasSet, j
		case r.punct(j, "("):
			depth++
			continue
		case r.punct(j, ")"):
			if depth == 0 {
				return filtered, tautology, hasSet, j
			}
			depth--
			continue
		}
		if depth > 0 || t.kind != sqWord {
			continue
		}
		switch t.up {
		case "CASE":
			cases++
		case "END":
			if cases > 0 {
				cases--
				continue
			}
			return filtered, tautology, hasSet, j
		case "SET":
			if update && !hasSet {
				hasSet = true
				continue
			}
			if !update || cases == 0 {
				return filtered, tautology, hasSet, j
			}
		case "WHERE":
			if r.word(j+1) == "CURRENT" && r.word(j+2) == "OF" {
				filtered = true
				continue
			}
			exprEnd := r.exprEnd(j + 1)
			filtered = true
			tautology = r.always(j+1, exprEnd, 0)
			j = exprEnd - 1
		case "JOIN":
			filtered = true
		case "IF":
			if !r.punct(j+1, "(") && cases == 0 {
				return filtered, tautology, hasSet, j
			}
		default:
			if sqlEndsStatement.Get()[t.up] && cases == 0 && !(t.up == "SELECT" && r.punct(j-1, "(")) {
				return filtered, tautology, hasSet, j
			}
		}
	}
	return filtered, tautology, hasSet, j
}

// exprEnd finds where a WHERE condition ends.
func (r *sqlReader) exprEnd(j int) int {
	depth := 0
	for ; j < len(r.t) && r.spend(); j++ {
		switch {
		case r.isSep(j):
			return j
		case r.punct(j, "("):
			depth++
		case r.punct(j, ")"):
			if depth == 0 {
				return j
			}
			depth--
		case depth == 0 && r.t[j].kind == sqWord:
			switch r.t[j].up {
			case "ORDER", "LIMIT", "RETURNING", "GROUP", "OPTION", "OUTPUT", "SETTINGS", "IF", "USING":
				return j
			}
			if sqlEndsStatement.Get()[r.t[j].up] && r.t[j].up != "IF" {
				return j
			}
		}
	}
	return j
}

// always reports whether the condition lo..hi is true for every row:
// some disjunct whose terms are all constant-true.
func (r *sqlReader) always(lo, hi, depth int) bool {
	if depth > nestCap || lo >= hi {
		return false
	}
	for _, d := range r.splitTop(lo, hi, "OR") {
		all := true
		for _, c := range r.splitTop(d.lo, d.hi, "AND") {
			if !r.termTrue(c.lo, c.hi, depth) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// splitTop splits lo..hi at the keyword kw outside parentheses.
func (r *sqlReader) splitTop(lo, hi int, kw string) []tkSpan {
	var out []tkSpan
	depth, start := 0, lo
	for j := lo; j < hi; j++ {
		switch {
		case r.punct(j, "("):
			depth++
		case r.punct(j, ")"):
			depth--
		case depth == 0 && r.word(j) == kw, depth == 0 && kw == "OR" && r.punct(j, "||") && !r.f.dollar:
			out = append(out, tkSpan{start, j})
			start = j + 1
		}
	}
	return append(out, tkSpan{start, hi})
}

// termTrue reports whether one term of a condition is constant-true.
func (r *sqlReader) termTrue(lo, hi, depth int) bool {
	if hi-lo >= 2 && r.punct(lo, "(") && r.matchParen(lo) == hi-1 {
		return r.always(lo+1, hi-1, depth+1)
	}
	n := hi - lo
	switch {
	case n == 1:
		t := r.t[lo]
		if t.kind == sqWord && t.up == "TRUE" {
			return true
		}
		if t.kind == sqNum {
			v, err := strconv.ParseFloat(t.text, 64)
			return err == nil && v != 0
		}
	case n == 2 && r.word(lo) == "NOT":
		t := r.t[lo+1]
		return t.kind == sqWord && (t.up == "FALSE" || t.up == "NULL") || t.kind == sqNum && strings.Trim(t.text, "0.") == ""
	case n == 3:
		a, op, b := r.t[lo], r.t[lo+1], r.t[lo+2]
		if op.kind == sqWord && op.up == "LIKE" && b.kind == sqStr && strings.Trim(b.text, "%") == "" && b.text != "" {
			return true
		}
		if op.kind != sqPunct {
			return false
		}
		return compareConst(a, op.text, b)
	case n == 4 && r.word(lo+1) == "IS" && r.word(lo+2) == "NOT" && r.word(lo+3) == "NULL":
		k := r.t[lo].kind
		return k == sqNum || k == sqStr
	}
	return false
}

func (r *sqlReader) matchParen(lo int) int {
	depth := 0
	for j := lo; j < len(r.t); j++ {
		switch {
		case r.punct(j, "("):
			depth++
		case r.punct(j, ")"):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(r.t)
}

// compareConst evaluates a op b for two constants, or one name compared
// with itself.
func compareConst(a sqlTok, op string, b sqlTok) bool {
	if (a.kind == sqWord || a.kind == sqQIdent) && a.kind == b.kind && strings.EqualFold(a.text, b.text) {
		return op == "=" || op == "==" || op == "<=" || op == ">="
	}
	var c int
	switch {
	case a.kind == sqNum && b.kind == sqNum:
		x, err1 := strconv.ParseFloat(a.text, 64)
		y, err2 := strconv.ParseFloat(b.text, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		switch {
		case x < y:
			c = -1
		case x > y:
			c = 1
		}
	case a.kind == sqStr && b.kind == sqStr:
		c = strings.Compare(a.text, b.text)
	default:
		return false
	}
	switch op {
	case "=", "==":
		return c == 0
	case "<>", "!=":
		return c != 0
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	case ">=":
		return c >= 0
	}
	return false
}

// alter reads ALTER TABLE t … DROP [COLUMN] c, DROP PARTITION p, and
// ClickHouse's ALTER TABLE t DELETE/UPDATE … WHERE.
func (r *sqlReader) alter(i int) int {
	j := i + 1
	for r.word(j) == "ONLINE" || r.word(j) == "IGNORE" {
		j++
	}
	if w := r.word(j); w == "USER" || w == "ROLE" || w == "LOGIN" {
		return r.alterUser(i, j+1)
	}
	if r.word(j) != "TABLE" {
		return j
	}
	j++
	for r.word(j) == "IF" || r.word(j) == "EXISTS" || r.word(j) == "ONLY" {
		j++
	}
	if !r.isName(j) {
		return j
	}
	table, j := r.name(j)
	if r.word(j) == "ON" && r.word(j+1) == "CLUSTER" {
		_, j = r.name(j + 2)
	}
	pos := r.t[i].pos
	clause := true
	depth := 0
	for ; j < len(r.t) && r.spend(); j++ {
		t := r.t[j]
		switch {
		case t.kind == sqSep:
			return j
		case r.punct(j, "("):
			depth++
			continue
		case r.punct(j, ")"):
			if depth == 0 {
				return j
			}
			depth--
			continue
		case depth > 0:
			continue
		case r.punct(j, ","):
			clause = true
			continue
		}
		if !clause {
			continue
		}
		clause = false
		switch r.word(j) {
		case "DROP":
			k := j + 1
			switch r.word(k) {
			case "COLUMN":
				k++
				for r.word(k) == "IF" || r.word(k) == "EXISTS" {
					k++
				}
				col, _ := r.name(k)
				r.stmts = append(r.stmts, Statement{Verb: "ALTER TABLE DROP COLUMN", Object: table, Part: col, Pos: pos})
			case "PARTITION", "PART":
				p := ""
				if k+1 < len(r.t) {
					p = r.t[k+1].text
				}
				r.stmts = append(r.stmts, Statement{Verb: "ALTER TABLE DROP PARTITION", Object: table, Part: p, Pos: pos})
			case "CONSTRAINT", "INDEX", "KEY", "PRIMARY", "FOREIGN", "CHECK", "UNIQUE", "FULLTEXT", "SPATIAL",
				"DEFAULT", "NOT", "IDENTITY", "EXPRESSION", "PERIOD", "SYSTEM", "ROW", "PROJECTION",
				"STATISTICS", "DETACHED", "TTL", "TRIGGER", "COMMENT", "ATTRIBUTE":
			default:
				if r.isName(k) {
					col, _ := r.name(k)
					r.stmts = append(r.stmts, Statement{Verb: "ALTER TABLE DROP COLUMN", Object: table, Part: col, Pos: pos})
				}
			}
		case "DELETE", "UPDATE":
			verb := r.word(j)
			filtered, tautology, _, end := r.filter(j+1, verb == "UPDATE")
			r.stmts = append(r.stmts, Statement{Verb: verb, Object: table, Pos: pos, Unfiltered: !filtered || tautology})
			j = end - 1
		}
	}
	return j
}

// sqlText evaluates a SQL string expression: literals joined with ||, +
// or CONCAT(…), @variables set to literals, format('…', …) up to its
// first directive.
func (r *sqlReader) sqlText(lo, hi, depth int) (Word, int) {
	var b strings.Builder
	j := lo
	for j < hi && r.spend() {
		t := r.t[j]
		switch {
		case t.kind == sqStr:
			b.WriteString(t.text)
			j++
		case t.kind == sqVar:
			v, ok := r.vars[strings.ToLower(t.text)]
			b.WriteString(v.Value)
			if !ok || v.Dynamic {
				return Word{Value: b.String(), Dynamic: true}, j + 1
			}
			j++
		case t.kind == sqWord && (t.up == "CONCAT" || t.up == "FORMAT") && r.punct(j+1, "(") && depth < nestCap:
			end := r.matchParen(j + 1)
			k := j + 2
			for k < end {
				w, next := r.sqlText(k, end, depth+1)
				if t.up == "FORMAT" {
					w = fmtPrefix(w.Value)
				}
				b.WriteString(w.Value)
				if w.Dynamic {
					return Word{Value: b.String(), Dynamic: true}, end + 1
				}
				if t.up == "FORMAT" || !r.punct(next, ",") {
					if t.up == "FORMAT" && r.punct(next, ",") {
						return Word{Value: b.String(), Dynamic: true}, end + 1
					}
					break
				}
				k = next + 1
			}
			j = end + 1
		case r.punct(j, "(") && depth < nestCap:
			end := r.matchParen(j)
			w, _ := r.sqlText(j+1, min(end, hi), depth+1)
			b.WriteString(w.Value)
			if w.Dynamic {
				return Word{Value: b.String(), Dynamic: true}, end + 1
			}
			j = end + 1
		default:
			return Word{Value: b.String(), Dynamic: true}, j
		}
		if j < hi && (r.punct(j, "||") || r.punct(j, "+")) {
			j++
			continue
		}
		break
	}
	if j == lo {
		return Word{Dynamic: true}, j
	}
	return Word{Value: b.String()}, j
}

// stmtEnd returns the index of the separator that ends the statement at j.
func (r *sqlReader) stmtEnd(j int) int {
	for j < len(r.t) && !r.isSep(j) && r.spend() {
		j++
	}
	return j
}

// run reads SQL text that a statement runs: literal text is read again
// (statements placed inside the string when it is one string in the code,
// at pos otherwise); computed text is an EXECUTE.
func (r *sqlReader) run(w Word, strTok *sqlTok, pos int, why string, plpg bool) {
	if w.Dynamic {
		r.stmts = append(r.stmts, Statement{Verb: "EXECUTE", Pos: pos, Part: why})
	}
	if r.depth >= nestCap {
		if !w.Dynamic {
			r.stmts = append(r.stmts, Statement{Verb: "EXECUTE", Pos: pos, Part: "SQL nested too deep"})
		}
		return
	}
	if w.Value == "" {
		return
	}
	toks, finds := lexSQL(w.Value, r.f)
	sub := &sqlReader{f: r.f, t: toks, finds: finds, vars: r.vars, depth: r.depth + 1, plpg: plpg, budget: r.budget}
	sub.read()
	r.budget = sub.budget
	for _, s := range sub.stmts {
		if strTok != nil && strTok.exact {
			s.Pos += strTok.pos + 1
		} else {
			s.Pos = pos
		}
		r.stmts = append(r.stmts, s)
	}
	for _, f := range sub.finds {
		if strTok != nil && strTok.exact {
			f.Pos += strTok.pos + 1
		} else {
			f.Pos = pos
		}
		r.finds = append(r.finds, f)
	}
}

// execute reads EXECUTE/EXEC: of a string (read again), of a variable
// (dynamic), of a prepared statement or procedure (not read: its text was
// read where it was prepared, or lives in the server), and T-SQL's
// sp_executesql and xp_cmdshell.
func (r *sqlReader) execute(i int) int {
	pos := r.t[i].pos
	end := r.stmtEnd(i)
	j := i + 1
	if r.word(j) == "IMMEDIATE" {
		j++
	}
	switch r.word(j) {
	case "FUNCTION", "PROCEDURE", "AS", "ON", "ANY":
		return j
	}
	if r.isName(j) && r.t[j].kind != sqVar && !r.plpg {
		name, next := r.name(j)
		low := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
		if r.word(next) == "=" || r.punct(next, "=") { // EXEC @rc = proc
			return next
		}
		switch low {
		case "sp_executesql":
			w, _ := r.sqlText(next, end, 0)
			r.run(w, r.strAt(next), pos, "sp_executesql of computed SQL", false)
			return end
		case "xp_cmdshell":
			w, _ := r.sqlText(next, end, 0)
			r.finds = append(r.finds, Finding{Kind: ShellLine, Pos: pos, Call: "xp_cmdshell", Text: w})
			return end
		}
		return next
	}
	w, _ := r.sqlText(j, end, 0)
	r.run(w, r.strAt(j), pos, "EXECUTE of computed SQL", r.plpg)
	return end
}

// strAt returns the string token at j when the text there is just it.
func (r *sqlReader) strAt(j int) *sqlTok {
	if j < len(r.t) && r.t[j].kind == sqStr && (r.isSep(j+1) || r.word(j+1) != "" || r.punct(j+1, ")") || r.punct(j+1, ",")) {
		return &r.t[j]
	}
	return nil
}

// prepare reads MySQL's PREPARE s FROM 'text' or FROM @v.
func (r *sqlReader) prepare(i int) int {
	j := i + 1
	if !r.isName(j) {
		return j
	}
	_, j = r.name(j)
	if r.word(j) != "FROM" {
		return j // PostgreSQL's PREPARE s AS statement: read in place
	}
	end := r.stmtEnd(j)
	w, _ := r.sqlText(j+1, end, 0)
	r.run(w, r.strAt(j+1), r.t[i].pos, "PREPARE of computed SQL", false)
	return end
}

// do reads PostgreSQL's DO [LANGUAGE l] 'body': the body is PL/pgSQL.
func (r *sqlReader) do(i int) int {
	j := i + 1
	if r.word(j) == "LANGUAGE" {
		j += 2
	}
	if j >= len(r.t) || r.t[j].kind != sqStr {
		return j
	}
	lang := "PLPGSQL"
	if r.word(j+1) == "LANGUAGE" {
		lang = r.word(j + 2)
	}
	if r.word(i+1) == "LANGUAGE" {
		lang = r.word(i + 2)
	}
	if lang != "PLPGSQL" && lang != "SQL" && lang != "" {
		r.stmts = append(r.stmts, Statement{Verb: "EXECUTE", Pos: r.t[i].pos, Part: "DO block in " + strings.ToLower(lang)})
		return j + 1
	}
	r.run(Word{Value: r.t[j].text}, &r.t[j], r.t[i].pos, "", true)
	return j + 1
}

// copy reads COPY … TO/FROM PROGRAM 'cmd': the server runs cmd in a shell.
func (r *sqlReader) copy(i int) int {
	end := r.stmtEnd(i)
	for j := i + 1; j < end; j++ {
		if r.word(j) == "PROGRAM" && j+1 < end && r.t[j+1].kind == sqStr {
			r.finds = append(r.finds, Finding{Kind: ShellLine, Pos: r.t[i].pos, Call: "COPY … PROGRAM", Text: Word{Value: r.t[j+1].text}})
		}
	}
	return end
}

// grant reads GRANT ALL [PRIVILEGES] ON object TO PUBLIC: everyone may
// then drop, empty or rewrite the object.
func (r *sqlReader) grant(i int) int {
	end := r.stmtEnd(i)
	if r.word(i+1) != "ALL" {
		return i + 1
	}
	object := ""
	for j := i + 2; j < end; j++ {
		switch r.word(j) {
		case "ON":
			k := j + 1
			switch r.word(k) {
			case "TABLE", "DATABASE", "SCHEMA", "KEYSPACE":
				k++
			case "ALL":
				k += 3 // ALL TABLES IN SCHEMA s
				if r.word(k) == "SCHEMA" {
					k++
				}
			}
			object, _ = r.name(k)
		case "TO":
			for k := j + 1; k < end; k++ {
				if r.word(k) == "PUBLIC" {
					r.stmts = append(r.stmts, Statement{Verb: "GRANT ALL TO PUBLIC", Object: object, Pos: r.t[i].pos})
					return end
				}
			}
			return end
		}
	}
	return end
}

// alterUser reads ALTER USER|ROLE|LOGIN name … PASSWORD / IDENTIFIED:
// the account's password changes, and whatever logs in with the old one
// is locked out. j is the index of the name.
func (r *sqlReader) alterUser(i, j int) int {
	end := r.stmtEnd(i)
	for r.word(j) == "IF" || r.word(j) == "EXISTS" {
		j++
	}
	name, k := r.name(j)
	for ; k < end; k++ {
		switch r.word(k) {
		case "PASSWORD", "IDENTIFIED":
			r.stmts = append(r.stmts, Statement{Verb: "ALTER USER PASSWORD", Object: name, Pos: r.t[i].pos})
			return end
		}
	}
	return end
}

// revoke reads REVOKE ALL [PRIVILEGES] … FROM grantee: the grantee can no
// longer read or write what it could.
func (r *sqlReader) revoke(i int) int {
	end := r.stmtEnd(i)
	j := i + 1
	if r.word(j) == "GRANT" && r.word(j+1) == "OPTION" && r.word(j+2) == "FOR" {
		return end // only the right to pass the privileges on
	}
	if r.word(j) != "ALL" {
		return end
	}
	for k := j + 1; k < end; k++ {
		if r.word(k) == "FROM" {
			name, _ := r.name(k + 1)
			r.stmts = append(r.stmts, Statement{Verb: "REVOKE ALL", Object: name, Pos: r.t[i].pos})
			return end
		}
	}
	return end
}

// set tracks SET @v = 'text' and T-SQL's DECLARE @v type = 'text', so
// that PREPARE … FROM @v and EXEC(@v) can be read.
func (r *sqlReader) set(i int) int {
	j := i + 1
	if r.word(j) == "PASSWORD" && r.word(j+1) == "FOR" { // MySQL's SET PASSWORD FOR user = …
		name, _ := r.name(j + 2)
		r.stmts = append(r.stmts, Statement{Verb: "ALTER USER PASSWORD", Object: name, Pos: r.t[i].pos})
		return r.stmtEnd(i)
	}
	for n := 0; n < 64 && j < len(r.t) && r.t[j].kind == sqVar; n++ {
		name := strings.ToLower(r.t[j].text)
		k := j + 1
		for k < len(r.t) && !r.isSep(k) && !r.punct(k, "=") && !r.punct(k, ":=") && !r.punct(k, ",") && k < j+8 {
			k++ // DECLARE @v nvarchar(max)
		}
		if !r.punct(k, "=") && !r.punct(k, ":=") {
			delete(r.vars, name)
			return k
		}
		w, next := r.sqlText(k+1, r.stmtEnd(k), 0)
		if next < len(r.t) && !r.isSep(next) && !r.punct(next, ",") && r.word(next) == "" {
			w.Dynamic = true
		}
		r.vars[name] = w
		j = next
		if !r.punct(j, ",") {
			return j
		}
		j++
	}
	return j
}
