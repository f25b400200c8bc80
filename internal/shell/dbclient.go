package shell

import (
	"path"
	"strings"

	"github.com/belay-sh/belay/internal/inline"
)

// Database clients. The SQL a client is given (mysql -e, psql -c -c,
// sqlite3 DB SQL…, a heredoc, a here-string, echo … |), the command
// redis-cli is given (in its operands or on stdin) and the code mongosh
// runs (--eval, stdin) are read by internal/inline. Each statement that
// drops, empties or rewrites data in bulk becomes an invocation of a
// pseudo-command — sql, redis or mongo — that rules match like any
// command:
//
//	sql --client=mysql --host=db1 --database=shop [--unfiltered] [--part=P] -- drop database shop
//
// Its subcommand path is the statement's verb in lower case ("drop
// database", "delete", "alter table drop column", "flushall",
// "dropdatabase"), its operand after that the object the statement names,
// --unfiltered marks a DELETE or UPDATE without a WHERE (or with one that
// is always true), FLUSHALL and deleteMany({}); --client, --host and
// --database say where it runs, for a team's rules (values = { "--host" =
// ["prod-*"] }). Its text is the client's command line, and its wrapper
// chain ends in how the client got the code ("mysql -e"). What the
// client's own commands run (psql's \!, mysql's system, sqlite's .shell)
// is judged like code in any other language. SQL in a file (psql -f
// file.sql, mysql < dump.sql, sqlite3 db .read x.sql) is not read: that
// the client runs some is the statement "source", whose operand is the
// file (or "its standard input").

// dbWhere is where a client's statements run.
type dbWhere struct {
	client, host, db string
}

// dbClient reads the statements a database client is given.
func (a *analyzer) dbClient(c *command, s *codeSpec, argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	client := path.Base(argv[0].Value)
	args := argv[1:]
	entry := c
	if len(s.codeSubs) > 0 {
		// clickhouse client, cockroach sql: the client is a subcommand.
		p := parseArgs(c, args)
		if len(p.sub) == 0 || !slicesHas(s.codeSubs, p.sub[0]) {
			return false
		}
		client += " " + p.sub[0]
		entry = p.node
		args = argv[p.opIdx[p.first-1]+1:]
		sub := readCodeArgs(entry, s, args)
		ca = &sub
		if ca.firstOpt(s.noRun) >= 0 {
			return false
		}
	}
	inv := a.plain(argv, sc, redir)
	w := dbWhere{client: client}
	w.host, w.db = a.dbAddress(s, ca)
	a.clientLines(s, client, ca, inv, sc)
	switch s.kind {
	case codeRedis:
		a.redisCommands(args, ca, w, inv, sc)
		return true
	}
	var texts []codeText
	for i, o := range ca.opts {
		if slicesHas(s.codeOpts, o.name) && o.hasValue {
			texts = append(texts, codeText{text: ca.vals[i].Value, dyn: ca.vals[i].Dynamic, label: client + " " + o.name})
		}
	}
	ops := ca.operands
	if s.dbFirst && s.skip == 0 && len(ops) > 0 {
		ops = ops[1:] // mysql DB, psql DB USER, mongosh ADDRESS: not code
	}
	if s.first && len(ops) > s.skip {
		for _, op := range ops[s.skip:] {
			texts = append(texts, codeText{text: op.Value, dyn: op.Dynamic, label: client})
		}
	}
	if len(texts) > 0 {
		a.queries++ // what it prints is data (piped.go)
	}
	file := ca.firstOpt(s.fileOpts)
	stdinFile := file >= 0 && (ca.vals[file].Value == "-" || ca.vals[file].Value == "/dev/stdin")
	switch {
	case (len(texts) == 0 && file < 0 || stdinFile) && sc.stdin != nil:
		texts = append(texts, codeText{text: *sc.stdin, dyn: sc.stdinDyn, label: client + " <<<"})
	case (len(texts) == 0 && file < 0 || stdinFile) && sc.stdinFrom != nil && sc.stdinFrom.query:
		// mysql -N -e "SELECT CONCAT('DROP TABLE ', …)" | mysql shop:
		// statements made of data, known only when they run.
		texts = append(texts, codeText{dyn: true, label: client + " <<< query output"})
	}
	if len(texts) == 0 && s.kind == codeSQL {
		// SQL from a file (psql -f x.sql, mysql DB < dump.sql, zcat
		// dump.gz | mysql DB) is not read; that the client runs some is
		// a statement of its own, SOURCE, for the rules on where it
		// runs (a dump loaded into a production database).
		src := ""
		switch {
		case file >= 0 && !stdinFile:
			src = ca.vals[file].Value
		case sc.stdin == nil && sc.stdinDyn && (sc.stdinFrom == nil || !sc.stdinFrom.query):
			src = "its standard input"
		}
		if src != "" {
			mark := len(a.out.Invocations)
			a.statement("sql", inline.Statement{Verb: "SOURCE", Object: src}, w, client, inv.Text, false, sc)
			a.originate(mark, &Origin{In: client, Call: "source", Offset: -1})
		}
	}
	for _, t := range texts {
		if t.computed() && s.kind != codeRedis {
			// Statements known only when they run: what they do is
			// the worst a statement can, which the rules of what a
			// client computes confirm.
			verb := "execute"
			if s.kind == codeMongo {
				verb = "eval"
			}
			mark := len(a.out.Invocations)
			a.statement(map[bool]string{true: "mongo", false: "sql"}[s.kind == codeMongo],
				inline.Statement{Verb: verb, Part: "code computed at run time"}, w, t.label, inv.Text, true, sc)
			a.originate(mark, &Origin{In: t.label, Call: verb, Offset: -1})
			continue
		}
		if !a.chargeCode(len(t.text)) {
			return true
		}
		var stmts []inline.Statement
		var finds []inline.Finding
		kind := "sql"
		if s.kind == codeMongo {
			kind = "mongo"
			stmts, finds = inline.Mongo(t.text, w.db)
		} else {
			stmts, finds = inline.SQL(t.text, inline.DialectOf(path.Base(argv[0].Value)))
		}
		lines := newlines(t.text)
		for _, st := range stmts {
			mark := len(a.out.Invocations)
			o := origin(t.label, st.Verb, st.Pos, lines)
			a.statement(kind, st, w, t.label, inv.Text, t.dyn, sc)
			a.originate(mark, o)
		}
		a.codeFindings(finds, t, inv, sc)
	}
	return true
}

// dbAddress returns the host and database a client's options and first
// operand name: -h HOST, -d DB, mysql's DB, psql's DB or URL, mongosh's
// host/DB or mongodb:// URL, redis-cli's -u redis://…/N.
func (a *analyzer) dbAddress(s *codeSpec, ca *codeArgs) (host, db string) {
	for i, o := range ca.opts {
		switch {
		case slicesHas(s.hostOpts, o.name) && o.hasValue:
			host = ca.vals[i].Value
		case slicesHas(s.dbOpts, o.name) && o.hasValue:
			db = ca.vals[i].Value
		case o.name == "-u" && s.kind == codeRedis && o.hasValue, o.name == "--url" && o.hasValue, o.name == "--uri" && o.hasValue:
			if h, d := urlAddress(ca.vals[i].Value); h != "" {
				host, db = h, d
			}
		}
	}
	ops := ca.operands
	for len(ops) > 0 && ops[0].Dynamic && strings.HasPrefix(ops[0].Value, "-") {
		ops = ops[1:] // mysql -p"$PW" DB: an option with a computed value
	}
	if s.dbFirst && len(ops) > 0 && !ops[0].Dynamic {
		first := ops[0].Value
		switch {
		case strings.Contains(first, "://"):
			h, d := urlAddress(first)
			host, db = firstOf(host, h), firstOf(db, d)
		case strings.Contains(first, "="): // psql 'host=db1 dbname=shop'
			for _, kv := range strings.Fields(first) {
				k, v, _ := strings.Cut(kv, "=")
				switch k {
				case "host":
					host = firstOf(host, v)
				case "dbname":
					db = firstOf(db, v)
				}
			}
		case s.kind == codeMongo:
			if k := strings.IndexByte(first, '/'); k > 0 {
				host = firstOf(host, first[:k])
			}
			db = firstOf(db, inline.MongoDBName(first))
		default:
			db = firstOf(db, first)
		}
	}
	return host, db
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// urlAddress returns the host and the database (its path) of a database
// URL: postgresql://app@db1:5432/shop, redis://:pw@cache1:6379/0.
func urlAddress(u string) (host, db string) {
	rest := u
	if k := strings.Index(rest, "://"); k >= 0 {
		rest = rest[k+3:]
	}
	if k := strings.IndexAny(rest, "?#"); k >= 0 {
		rest = rest[:k]
	}
	hostPart, dbPart, _ := strings.Cut(rest, "/")
	if k := strings.LastIndexByte(hostPart, '@'); k >= 0 {
		hostPart = hostPart[k+1:]
	}
	if k := strings.LastIndexByte(hostPart, ':'); k >= 0 && !strings.Contains(hostPart[k:], "]") {
		hostPart = hostPart[:k]
	}
	return hostPart, dbPart
}

// clientLines analyses the shell commands a client's options hold (mysql
// --pager=CMD, psql -o '|CMD').
func (a *analyzer) clientLines(s *codeSpec, client string, ca *codeArgs, host *Invocation, sc *scope) {
	for i, o := range ca.opts {
		if !o.hasValue {
			continue
		}
		if v, ok := lineValue(s.lineOpts, o.name, ca.vals[i].Value, true); ok {
			t := inline.Word{Value: v, Dynamic: ca.vals[i].Dynamic}
			a.codeLine(t, shDialect, sc, client+" "+o.name, host, &Origin{In: client + " " + o.name, Offset: -1})
		}
	}
}

// statement records one statement as an invocation of the pseudo-command
// kind (sql, redis, mongo).
func (a *analyzer) statement(kind string, st inline.Statement, w dbWhere, label, text string, dyn bool, sc *scope) {
	verb := strings.Fields(strings.ToLower(st.Verb))
	argv := []Arg{{Value: kind}}
	var opts []Option
	opt := func(name, val string) {
		argv = append(argv, Arg{Value: name + "=" + val})
		opts = append(opts, Option{Name: name, Value: val, HasValue: true})
	}
	opt("--client", w.client)
	if w.host != "" {
		opt("--host", w.host)
	}
	if w.db != "" {
		opt("--database", w.db)
	}
	if st.Part != "" {
		opt("--part", st.Part)
	}
	if st.Unfiltered {
		argv = append(argv, Arg{Value: "--unfiltered"})
		opts = append(opts, Option{Name: "--unfiltered"})
	}
	argv = append(argv, Arg{Value: "--"})
	operands := append([]string(nil), verb...)
	for _, v := range verb {
		argv = append(argv, Arg{Value: v})
	}
	switch {
	case st.Object != "":
		operands = append(operands, st.Object)
		obj := Arg{Value: st.Object}
		if dyn {
			obj.Dynamic, obj.Raw = true, st.Object+"…"
		}
		argv = append(argv, obj)
	case namesObject(kind, st.Verb):
		// The statement names what it drops at run time: say so where
		// rules show their target.
		operands = append(operands, unnamed)
		argv = append(argv, Arg{Value: "", Dynamic: true, Raw: unnamed})
	}
	inv := &Invocation{Argv: argv, Name: kind, Operands: operands, Sub: verb, Options: opts, Text: text}
	a.emit(inv, withLine(sc, label))
}

// redisCommands reads the command redis-cli is given in its operands, or
// the commands on its standard input. DEL or UNLINK of keys known only
// when it runs (redis-cli keys 'x*' | xargs redis-cli del) is a statement
// of its own: it deletes whatever it is given.
func (a *analyzer) redisCommands(args []Arg, ca *codeArgs, w dbWhere, host *Invocation, sc *scope) {
	words := make([]string, len(args))
	for i, x := range args {
		words[i] = x.Value
	}
	stdin := ""
	label := w.client
	if len(ca.operands) == 0 && sc.stdin != nil {
		stdin, label = *sc.stdin, w.client+" <<<"
		if !a.chargeCode(len(stdin)) {
			return
		}
	}
	stmts := inline.Redis(words, stdin)
	if ops := ca.operands; len(ops) > 1 && !ops[0].Dynamic && (strings.EqualFold(ops[0].Value, "del") || strings.EqualFold(ops[0].Value, "unlink")) {
		for _, k := range ops[1:] {
			if k.Dynamic {
				stmts = append(stmts, inline.Statement{Verb: strings.ToUpper(ops[0].Value), Pos: len(args) - len(ops), Unfiltered: true})
				break
			}
		}
	}
	lines := newlines(stdin)
	for _, st := range stmts {
		o := &Origin{In: label, Call: st.Verb, Offset: -1, Word: st.Pos + 1}
		if stdin != "" {
			o = origin(label, st.Verb, st.Pos, lines)
		}
		db := w
		if st.Verb == "FLUSHDB" && st.Object != "" {
			db.db = st.Object // the database it empties, for --database
		}
		mark := len(a.out.Invocations)
		a.statement("redis", st, db, label, host.Text, false, sc)
		a.originate(mark, o)
	}
}

// unnamed is the operand of a statement whose object is named only when
// it runs (db[c].drop() for each collection c).
const unnamed = "(one named at run time)"

// namesObject reports whether a statement's verb acts on an object it
// names: a table, a database, a collection.
func namesObject(kind, verb string) bool {
	switch kind {
	case "sql":
		return verb != "EXECUTE"
	case "mongo":
		switch verb {
		case "shutdownServer", "eval", "dropAllUsers", "dropAllRoles":
			return false
		}
		return true
	}
	return false
}
