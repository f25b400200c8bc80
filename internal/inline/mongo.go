package inline

import (
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// Mongo reads mongo or mongosh code (--eval, a script on standard input),
// run in the database db ("" when not known; see MongoDBName), and returns the statements that drop or empty data, and what the code
// would do outside the database: mongosh runs node code
// (require('child_process')…, read with the JavaScript reader), and the
// legacy shell's run, runProgram, removeFile and resetDbpath. It follows
// use DB, db.getSiblingDB('x'), getDB('x'), getCollection('c'), db['c']
// and names bound to databases and collections; a database or collection
// computed at run time leaves Object empty. A filter that is {} or absent
// or computed is unfiltered.
func Mongo(code, db string) (stmts []Statement, finds []Finding) {
	if len(code) > MaxCode {
		return []Statement{{Verb: "eval", Part: "code too long to read"}}, nil
	}
	defer func() {
		if r := recover(); r != nil {
			stmts = append(stmts, Statement{Verb: "eval", Part: "internal error reading the code"})
		}
	}()
	return mongo(code, db)
}

// MongoDBName returns the database a mongo or mongosh address names:
// "shop", "host:27017/shop", "mongodb://u@h1,h2/shop?tls=true" give
// "shop"; "" when it names none.
func MongoDBName(address string) string {
	a := address
	scheme := false
	if k := strings.Index(a, "://"); k >= 0 {
		a, scheme = a[k+3:], true
	}
	if k := strings.IndexAny(a, "?#"); k >= 0 {
		a = a[:k]
	}
	k := strings.IndexByte(a, '/')
	switch {
	case k >= 0:
		a = a[k+1:]
	case scheme || strings.ContainsAny(a, ":@"):
		return "" // a host and no database
	}
	return a
}

func mongo(code, db string) ([]Statement, []Finding) {
	m := &mongoReader{c: newCollector(len(code)), names: map[string]mval{}, cur: db, curOK: db != ""}
	m.read(code, 0)
	return m.stmts, append(readJS(code), m.c.f...)
}

// mval is a database, a collection, or something else.
type mval struct {
	kind  byte   // 'd' database, 'c' collection, 0 other
	db    string // the database's name ("" when not known)
	coll  string // the collection's name ("" when not known)
	known bool   // the name (db or coll) is known
}

type mongoReader struct {
	c     *collector
	stmts []Statement
	names map[string]mval
	cur   string // the database use selected; "" until then
	curOK bool
}

// mongoDBMethods are the database methods this reader acts on; any other
// name called on a database is a method too, a name not called is a
// collection.
var mongoLegacy = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"run": true, "runProgram": true, "runMongoProgram": true, "_runMongoProgram": true,
		"startMongoProgram": true, "startMongoProgramNoConnect": true,
	}
}}

func (m *mongoReader) read(code string, depth int) {
	l := lexJS(code)
	jr := &jsReader{c: m.c, names: map[string]jsVal{}, cur: l}
	for i := 0; i < len(l.t); i++ {
		if m.c.full || len(m.stmts) >= findingsCap {
			return
		}
		t := l.t[i]
		if t.kind != ctIdent || l.isPunct(i-1, ".") || l.isPunct(i-1, "?.") || l.is(i-1, "new") || l.is(i-1, "await") {
			continue
		}
		switch {
		case t.text == "use" && i+1 < len(l.t) && (l.t[i+1].kind == ctIdent || l.t[i+1].kind == ctStr) && !l.isPunct(i+1, "("):
			m.cur, m.curOK = l.t[i+1].text, true
			i++
			continue
		case t.text == "const" || t.text == "let" || t.text == "var":
			if i+2 < len(l.t) && l.t[i+1].kind == ctIdent && l.isPunct(i+2, "=") {
				v, _ := m.chain(l, jr, i+3, depth, false)
				m.bind(l.t[i+1].text, v)
				i++
			}
			continue
		case l.isPunct(i+1, "=") && t.text != "db":
			v, _ := m.chain(l, jr, i+2, depth, false)
			m.bind(t.text, v)
			continue
		case t.text == "db" && l.isPunct(i+1, "="):
			if v, _ := m.chain(l, jr, i+2, depth, false); v.kind == 'd' {
				m.cur, m.curOK = v.db, v.known
			} else {
				m.cur, m.curOK = "", false
			}
			continue
		case mongoLegacy.Get()[t.text] && l.isPunct(i+1, "(") && !l.is(i-1, "function"):
			var ws []Word
			for _, s := range l.args(i + 1) {
				ws = append(ws, jr.word(l, s))
			}
			if len(ws) > 0 {
				m.c.add(Finding{Kind: Argv, Pos: t.pos, Call: t.text, Argv: ws})
			}
			continue
		case (t.text == "removeFile" || t.text == "resetDbpath") && l.isPunct(i+1, "("):
			m.c.add(Finding{Kind: Effect, Effect: "delete", Pos: t.pos, Call: t.text, Path: jr.word(l, arg(l.args(i+1), 0)), Recurse: t.text == "resetDbpath"})
			continue
		case t.text == "eval" && l.isPunct(i+1, "("):
			// computed code is a finding of the JavaScript reader already
			if w := jr.word(l, arg(l.args(i+1), 0)); !w.Dynamic {
				m.eval(l, jr, arg(l.args(i+1), 0), t.pos, depth)
			}
			continue
		}
		m.chain(l, jr, i, depth, true)
	}
}

func (m *mongoReader) bind(name string, v mval) {
	if v.kind == 0 {
		delete(m.names, name)
		return
	}
	m.names[name] = v
}

// strArg returns the literal string of a one-token argument.
func strArg(l *tkList, s tkSpan) (string, bool) {
	if s.hi-s.lo == 1 && l.t[s.lo].kind == ctStr && !l.t[s.lo].dyn {
		return l.t[s.lo].text, true
	}
	return "", false
}

// chain reads the member chain at i and reports what its calls drop.
func (m *mongoReader) chain(l *tkList, jr *jsReader, i, depth int, report bool) (mval, int) {
	if i >= len(l.t) {
		return mval{}, i
	}
	var v mval
	j := i + 1
	t := l.t[i]
	switch {
	case l.is(i, "new") || l.is(i, "await"):
		return m.chain(l, jr, i+1, depth, report)
	case t.kind != ctIdent:
		return mval{}, j
	case t.text == "db":
		v = mval{kind: 'd', db: m.cur, known: m.curOK}
	case t.text == "connect" && l.isPunct(j, "("):
		s, ok := strArg(l, arg(l.args(j), 0))
		name := s[strings.LastIndexByte(s, '/')+1:]
		v = mval{kind: 'd', db: name, known: ok && name != ""}
		j = l.closer(j) + 1
	default:
		if b, ok := m.names[t.text]; ok {
			v = b
		}
	}
	pos := t.pos
	for j < len(l.t) && m.c.spend(1) {
		var name string
		computed := false
		switch {
		case (l.isPunct(j, ".") || l.isPunct(j, "?.")) && j+1 < len(l.t) && l.t[j+1].kind == ctIdent:
			name = l.t[j+1].text
			j += 2
		case l.isPunct(j, "["):
			end := l.closer(j)
			if s, ok := strArg(l, tkSpan{j + 1, end}); ok {
				name = s
			} else {
				computed = true
			}
			j = end + 1
		case l.isPunct(j, "("):
			// a call of something not a method here: Mongo(…), getDB as a value
			v = mval{}
			j = l.closer(j) + 1
			continue
		default:
			return v, j
		}
		called := l.isPunct(j, "(")
		var a []tkSpan
		if called {
			a = l.args(j)
		}
		switch {
		case called && (name == "getSiblingDB" || name == "getDB"):
			s, ok := strArg(l, arg(a, 0))
			v = mval{kind: 'd', db: s, known: ok}
		case called && v.kind == 'd' && name == "getCollection":
			s, ok := strArg(l, arg(a, 0))
			v = mval{kind: 'c', db: v.db, coll: s, known: ok}
		case called && v.kind == 'd':
			m.dbMethod(l, jr, v, name, a, pos, depth, report)
			v = mval{}
		case called && v.kind == 'c':
			m.collMethod(l, jr, v, name, a, pos, report)
			v = mval{}
		case called:
			v = mval{}
		case v.kind == 'd' && computed:
			v = mval{kind: 'c', db: v.db}
		case v.kind == 'd':
			v = mval{kind: 'c', db: v.db, coll: name, known: true}
		case v.kind == 'c' && !computed && v.known:
			v.coll += "." + name // db.a.b is the collection a.b
		case v.kind == 'c':
			v = mval{kind: 'c', db: v.db}
		default:
			v = mval{}
		}
		if called {
			j = l.closer(j) + 1
		}
	}
	return v, j
}

func (m *mongoReader) add(s Statement) {
	if len(m.stmts) < findingsCap {
		m.stmts = append(m.stmts, s)
	}
}

func dbName(v mval) string {
	if v.known {
		return v.db
	}
	return ""
}

func collName(v mval) string {
	if v.known {
		return v.coll
	}
	return ""
}

func (m *mongoReader) dbMethod(l *tkList, jr *jsReader, v mval, name string, a []tkSpan, pos, depth int, report bool) {
	if !report {
		return
	}
	switch name {
	case "dropDatabase", "dropAllUsers", "dropAllRoles", "shutdownServer":
		m.add(Statement{Verb: name, Object: dbName(v), Pos: pos})
	case "dropUser", "dropRole":
		s, _ := strArg(l, arg(a, 0))
		m.add(Statement{Verb: name, Object: s, Pos: pos})
	case "runCommand", "adminCommand":
		c := arg(a, 0)
		if s, ok := strArg(l, c); ok {
			if s == "dropDatabase" || s == "shutdown" {
				m.add(Statement{Verb: map[string]string{"dropDatabase": "dropDatabase", "shutdown": "shutdownServer"}[s], Object: dbName(v), Pos: pos})
			}
			return
		}
		if _, found, _ := jr.prop(l, c, "dropDatabase"); found {
			m.add(Statement{Verb: "dropDatabase", Object: dbName(v), Pos: pos})
		}
		if _, found, _ := jr.prop(l, c, "shutdown"); found {
			m.add(Statement{Verb: "shutdownServer", Pos: pos})
		}
		if d, found, _ := jr.prop(l, c, "drop"); found {
			s, _ := strArg(l, d)
			m.add(Statement{Verb: "drop", Object: s, Pos: pos})
		}
	case "eval":
		m.eval(l, jr, arg(a, 0), pos, depth)
	}
}

func (m *mongoReader) collMethod(l *tkList, jr *jsReader, v mval, name string, a []tkSpan, pos int, report bool) {
	if !report {
		return
	}
	unfiltered := func(s tkSpan) bool {
		if s.empty() {
			return true
		}
		if l.group(s, "{") {
			return s.hi-s.lo == 2
		}
		if s.hi-s.lo == 1 && (l.is(s.lo, "undefined") || l.is(s.lo, "null")) {
			return true
		}
		// a name or a call: what it holds is not known
		return !(s.hi-s.lo == 1 && (l.t[s.lo].kind == ctStr || l.t[s.lo].kind == ctNum))
	}
	switch name {
	case "drop", "dropIndexes":
		m.add(Statement{Verb: name, Object: collName(v), Pos: pos})
	case "deleteMany", "remove":
		m.add(Statement{Verb: name, Object: collName(v), Pos: pos, Unfiltered: unfiltered(arg(a, 0))})
	case "updateMany":
		m.add(Statement{Verb: name, Object: collName(v), Pos: pos, Unfiltered: unfiltered(arg(a, 0))})
	case "update":
		if mv, found, unknown := jr.prop(l, arg(a, 2), "multi"); found || unknown {
			on, known := condTruth(l, mv)
			if on || !known {
				m.add(Statement{Verb: name, Object: collName(v), Pos: pos, Unfiltered: unfiltered(arg(a, 0))})
			}
		}
	}
}

// eval reads literal code given to eval again; computed code is an eval
// statement.
func (m *mongoReader) eval(l *tkList, jr *jsReader, s tkSpan, pos, depth int) {
	w := jr.word(l, s)
	if w.Dynamic || depth >= nestCap {
		m.add(Statement{Verb: "eval", Pos: pos, Part: "code computed at run time"})
		return
	}
	first := len(m.stmts)
	m.read(w.Value, depth+1)
	exact := s.hi-s.lo == 1 && l.t[s.lo].exact
	for k := first; k < len(m.stmts); k++ {
		if exact {
			m.stmts[k].Pos += l.t[s.lo].pos + 1
		} else {
			m.stmts[k].Pos = pos
		}
	}
}
