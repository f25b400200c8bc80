package inline

import (
	"strings"
	"sync"

	"github.com/belay-sh/belay/internal/lazy"
)

// The JavaScript reader: node, nodejs, deno and bun code. It follows the
// names that code gives to modules and functions (require, import,
// destructuring, aliases), string and array constants, and reports calls
// of child_process, fs, vm, process, Deno and Bun whose arguments it can
// read, and dynamic ones where it cannot.

func readJS(code string) []Finding {
	c := newCollector(len(code))
	r := &jsReader{c: c, names: map[string]jsVal{}}
	r.read(code, 0)
	return c.f
}

// jsVal is what a name or an expression is, as far as the reader knows.
type jsVal struct {
	path   string // a module, object or function: "child_process", "fs.rmSync", "Bun.file()"
	inner  Word   // for a path ending in "()": that call's first argument (Bun.file(p))
	str    *Word  // a string constant
	list   []Word // an array constant (isList)
	isList bool
	// promise: import('m') gives a promise of the module path names
	promise bool
}

type jsReader struct {
	c     *collector
	names map[string]jsVal
	depth int
	cur   *tkList // the tokens term reads
}

// jsGlobals are the names that mean a module or a built-in object without
// being declared: node -e makes its built-in modules globals.
var jsGlobals = lazy.Value[map[string]string]{Build: func() map[string]string {
	return map[string]string{
		"child_process": "child_process", "fs": "fs", "vm": "vm", "process": "process", "cluster": "cluster",
		"Deno": "Deno", "Bun": "Bun", "eval": "eval", "Function": "Function", "require": "require",
		"module": "module", "globalThis": "globalThis", "global": "globalThis", "window": "globalThis", "self": "globalThis",
	}
}}

// canonModule is the name the tables use for a module specifier.
func canonModule(m string) string {
	m = strings.TrimPrefix(m, "node:")
	switch m {
	case "fs/promises":
		return "fs.promises"
	case "fs-extra", "graceful-fs", "original-fs":
		return "fs"
	case "fs-extra/esm":
		return "fs"
	case "bun":
		return "Bun"
	}
	return m
}

// jsModules are the modules whose computed members (cp[name](…)) are
// dynamic calls worth a finding.
var jsModules = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"child_process": true, "fs": true, "fs.promises": true, "vm": true, "Deno": true, "Bun": true,
		"shelljs": true, "execa": true, "zx": true, "rimraf": true,
	}
}}

type jsFnKind uint8

const (
	fnShell       jsFnKind = iota + 1 // arg 0 is a shell command line
	fnArgv                            // arg 0 the program, arg 1 its arguments, arg 2 options ({shell: true})
	fnFork                            // node runs arg 0 as a module with arg 1
	fnBunSpawn                        // arg 0 an argv array, or {cmd: [...]}
	fnDenoRun                         // arg 0 {cmd: [...]}
	fnDenoCommand                     // arg 0 the program, arg 1 {args: [...]}
	fnShellTpl                        // a tagged template is a shell line (Bun.$, zx $)
	fnEffect                          // an effect on a path argument
	fnSelfEffect                      // an effect on the path the object was made from (Bun.file(p).delete())
	fnKill                            // arg 0 a pid
	fnEval                            // code in arg code (-1: the last)
	fnRequire                         // loads a module
	fnShellRm                         // shelljs rm: flags then paths
	fnSpawner                         // starts a process and no finding of its own (cluster.fork)
	fnMake                            // returns an object made from arg 0 (Bun.file)
)

type jsFn struct {
	kind    jsFnKind
	effect  string
	path    int  // the path argument
	dest    int  // rename: the destination argument; -1 none
	opts    int  // the options argument ({recursive: true}); -1 none
	recurse bool // always the whole tree
	flags   int  // open: the flags argument; -1 none
	code    int  // eval: the code argument
	async   bool // starts a process and does not wait: fork bomb material in an endless loop
}

var jsFns = map[string]jsFn{}

// jsFnsOnce fills jsFns when the first call is looked up, not at every
// start of belay.
var jsFnsOnce sync.Once

func initJSFns() {
	sh := jsFn{kind: fnShell, async: true}
	shSync := jsFn{kind: fnShell}
	argv := jsFn{kind: fnArgv, async: true}
	argvSync := jsFn{kind: fnArgv}
	for _, m := range []string{"child_process"} {
		jsFns[m+".exec"] = sh
		jsFns[m+".execSync"] = shSync
		jsFns[m+".spawn"] = argv
		jsFns[m+".spawnSync"] = argvSync
		jsFns[m+".execFile"] = argv
		jsFns[m+".execFileSync"] = argvSync
		jsFns[m+".fork"] = jsFn{kind: fnFork, async: true}
	}
	jsFns["cluster.fork"] = jsFn{kind: fnSpawner, async: true}
	jsFns["shelljs.exec"] = shSync
	jsFns["shelljs.rm"] = jsFn{kind: fnShellRm}
	jsFns["execa"] = argv
	jsFns["execa.execa"] = argv
	jsFns["execa.execaSync"] = argvSync
	jsFns["execa.sync"] = argvSync
	jsFns["execa.execaCommand"] = sh
	jsFns["execa.execaCommandSync"] = shSync
	jsFns["execa.command"] = sh
	jsFns["execa.commandSync"] = shSync
	jsFns["execa.$"] = jsFn{kind: fnShellTpl, async: true}
	jsFns["zx.$"] = jsFn{kind: fnShellTpl, async: true}
	jsFns["Bun.$"] = jsFn{kind: fnShellTpl, async: true}
	jsFns["Bun.spawn"] = jsFn{kind: fnBunSpawn, async: true}
	jsFns["Bun.spawnSync"] = jsFn{kind: fnBunSpawn}
	jsFns["Deno.run"] = jsFn{kind: fnDenoRun, async: true}
	jsFns["Deno.Command"] = jsFn{kind: fnDenoCommand, async: true}
	jsFns["Deno.kill"] = jsFn{kind: fnKill}
	jsFns["process.kill"] = jsFn{kind: fnKill}
	jsFns["require"] = jsFn{kind: fnRequire}
	jsFns["import"] = jsFn{kind: fnRequire}
	jsFns["process.getBuiltinModule"] = jsFn{kind: fnRequire}
	jsFns["module.require"] = jsFn{kind: fnRequire}
	jsFns["process.mainModule.require"] = jsFn{kind: fnRequire}
	jsFns["eval"] = jsFn{kind: fnEval}
	jsFns["Function"] = jsFn{kind: fnEval, code: -1}
	for _, f := range []string{"runInThisContext", "runInNewContext", "runInContext", "Script", "compileFunction", "SourceTextModule"} {
		jsFns["vm."+f] = jsFn{kind: fnEval}
	}

	eff := func(effect string, path, dest, opts int, recurse bool) jsFn {
		return jsFn{kind: fnEffect, effect: effect, path: path, dest: dest, opts: opts, recurse: recurse, flags: -1}
	}
	// fs: each function with its Sync, callback and promises forms.
	fsFns := map[string]jsFn{
		"rm":         eff("delete", 0, -1, 1, false),
		"rmdir":      eff("delete", 0, -1, 1, false),
		"unlink":     eff("delete", 0, -1, -1, false),
		"writeFile":  eff("write", 0, -1, -1, false),
		"appendFile": eff("write", 0, -1, -1, false),
		"truncate":   eff("write", 0, -1, -1, false),
		"rename":     eff("rename", 0, 1, -1, false),
		"chmod":      eff("chmod", 0, -1, -1, false),
		"lchmod":     eff("chmod", 0, -1, -1, false),
		"chown":      eff("chown", 0, -1, -1, false),
		"lchown":     eff("chown", 0, -1, -1, false),
		"copyFile":   eff("write", 1, -1, -1, false),
		"cp":         eff("write", 1, -1, 2, false),
		"symlink":    eff("write", 1, -1, -1, false),
		"link":       eff("write", 1, -1, -1, false),
		"open":       {kind: fnEffect, effect: "write", path: 0, dest: -1, opts: -1, flags: 1},
		"remove":     eff("delete", 0, -1, -1, true), // fs-extra
		"emptyDir":   eff("delete", 0, -1, -1, true),
		"outputFile": eff("write", 0, -1, -1, false),
		"move":       eff("rename", 0, 1, -1, false),
		"copy":       eff("write", 1, -1, -1, true),
	}
	for name, f := range fsFns {
		jsFns["fs."+name] = f
		jsFns["fs."+name+"Sync"] = f
		jsFns["fs.promises."+name] = f
	}
	jsFns["fs.createWriteStream"] = eff("write", 0, -1, -1, false)
	jsFns["fs.emptydir"] = eff("delete", 0, -1, -1, true)
	jsFns["fs.emptydirSync"] = eff("delete", 0, -1, -1, true)
	for _, f := range []string{"rimraf", "rimraf.sync", "rimraf.rimraf", "rimraf.rimrafSync", "rimraf.native", "rimraf.nativeSync"} {
		jsFns[f] = eff("delete", 0, -1, -1, true)
	}

	denoFns := map[string]jsFn{
		"remove":        eff("delete", 0, -1, 1, false),
		"writeTextFile": eff("write", 0, -1, -1, false),
		"writeFile":     eff("write", 0, -1, -1, false),
		"truncate":      eff("write", 0, -1, -1, false),
		"rename":        eff("rename", 0, 1, -1, false),
		"chmod":         eff("chmod", 0, -1, -1, false),
		"chown":         eff("chown", 0, -1, -1, false),
		"copyFile":      eff("write", 1, -1, -1, false),
		"create":        eff("write", 0, -1, -1, false),
		"symlink":       eff("write", 1, -1, -1, false),
		"link":          eff("write", 1, -1, -1, false),
		"open":          {kind: fnEffect, effect: "write", path: 0, dest: -1, opts: -1, flags: 1},
	}
	for name, f := range denoFns {
		jsFns["Deno."+name] = f
		jsFns["Deno."+name+"Sync"] = f
	}
	jsFns["Bun.write"] = eff("write", 0, -1, -1, false)
	jsFns["Bun.file"] = jsFn{kind: fnMake}
	jsFns["Bun.file().delete"] = jsFn{kind: fnSelfEffect, effect: "delete"}
	jsFns["Bun.file().unlink"] = jsFn{kind: fnSelfEffect, effect: "delete"}
	jsFns["Bun.file().write"] = jsFn{kind: fnSelfEffect, effect: "write"}
	jsFns["Bun.file().writer"] = jsFn{kind: fnSelfEffect, effect: "write"}
}

func (r *jsReader) read(code string, depth int) {
	l := lexJS(code)
	r.cur, r.depth = l, depth
	loops := cEndless(l, false)
	for i := 0; i < len(l.t); i++ {
		if r.c.full {
			return
		}
		t := l.t[i]
		if t.kind != ctIdent && !(t.kind == ctPunct && t.text == "(") {
			continue
		}
		if l.isPunct(i-1, ".") || l.isPunct(i-1, "?.") {
			continue
		}
		if t.kind == ctIdent {
			switch t.text {
			case "import":
				if !l.isPunct(i+1, "(") && !l.isPunct(i+1, ".") {
					r.importStmt(l, i)
					continue
				}
			case "const", "let", "var":
				r.decl(l, i+1)
				continue
			case "function", "class":
				if i+1 < len(l.t) && l.t[i+1].kind == ctIdent {
					delete(r.names, l.t[i+1].text)
					i++
				}
				continue
			}
			if l.isPunct(i+1, "=") || l.isPunct(i+1, "+=") {
				r.assign(l, i)
			}
		}
		r.chain(l, i, depth, loops[i] > 0, true)
	}
}

// importStmt binds the names of import … from 'mod'.
func (r *jsReader) importStmt(l *tkList, i int) {
	j := i + 1
	if l.is(j, "type") {
		return
	}
	var def, ns string
	type pair struct{ from, to string }
	var named []pair
	if j < len(l.t) && l.t[j].kind == ctIdent && l.t[j].text != "from" {
		def = l.t[j].text
		j++
		if l.isPunct(j, ",") {
			j++
		}
	}
	if l.isPunct(j, "*") && l.is(j+1, "as") && j+2 < len(l.t) {
		ns = l.t[j+2].text
		j += 3
	}
	if l.isPunct(j, "{") {
		end := l.closer(j)
		for _, a := range l.args(j) {
			if a.empty() || !r.c.spend(a.hi-a.lo) {
				continue
			}
			from := l.t[a.lo].text
			to := from
			if a.hi-a.lo >= 3 && l.is(a.lo+1, "as") {
				to = l.t[a.lo+2].text
			}
			named = append(named, pair{from, to})
		}
		j = end + 1
	}
	if !l.is(j, "from") || j+1 >= len(l.t) || l.t[j+1].kind != ctStr {
		return
	}
	mod := canonModule(l.t[j+1].text)
	if def != "" {
		r.names[def] = jsVal{path: mod}
	}
	if ns != "" {
		r.names[ns] = jsVal{path: mod}
	}
	for _, p := range named {
		if p.from == "default" {
			r.names[p.to] = jsVal{path: mod}
		} else {
			r.names[p.to] = jsVal{path: mod + "." + p.from}
		}
	}
}

// decl binds the names a const, let or var declares, from j.
func (r *jsReader) decl(l *tkList, j int) {
	for n := 0; n < 64 && j < len(l.t); n++ {
		switch {
		case l.t[j].kind == ctIdent:
			name := l.t[j].text
			if !l.isPunct(j+1, "=") {
				delete(r.names, name)
				if !l.isPunct(j+1, ",") {
					return
				}
				j += 2
				continue
			}
			j = r.bind(l, name, j+2)
		case l.isPunct(j, "{"):
			end := l.closer(j)
			if !l.isPunct(end+1, "=") {
				return
			}
			v, next := r.value(l, end+2)
			for _, a := range l.args(j) {
				if a.empty() || !r.c.spend(a.hi-a.lo) || l.t[a.lo].kind != ctIdent && l.t[a.lo].kind != ctStr {
					continue
				}
				key := l.t[a.lo].text
				local := key
				if l.isPunct(a.lo+1, ":") && a.lo+2 < a.hi && l.t[a.lo+2].kind == ctIdent {
					local = l.t[a.lo+2].text
				}
				if v.path != "" {
					r.names[local] = jsVal{path: v.path + "." + key}
				} else {
					delete(r.names, local)
				}
			}
			j = next
		default:
			return
		}
		if !l.isPunct(j, ",") {
			return
		}
		j++
	}
}

// assign binds name = … and name += … at i.
func (r *jsReader) assign(l *tkList, i int) {
	name := l.t[i].text
	if l.isPunct(i+1, "+=") {
		old, ok := r.names[name]
		r.cur = l
		w, _ := l.concat(r.c, i+2, len(l.t), "+", 0, r.term)
		if ok && old.str != nil && !old.str.Dynamic {
			nw := capWord(Word{Value: old.str.Value + w.Value, Dynamic: w.Dynamic})
			r.names[name] = jsVal{str: &nw}
		} else {
			delete(r.names, name)
		}
		return
	}
	r.bind(l, name, i+2)
}

// bind binds name to the value starting at j and returns the index after it.
func (r *jsReader) bind(l *tkList, name string, j int) int {
	v, next := r.value(l, j)
	if v.path == "" && v.str == nil && !v.isList {
		delete(r.names, name)
	} else {
		r.names[name] = v
	}
	return next
}

// value reads the expression at j without reporting anything: a member
// chain that names a module or function, a string, an array.
func (r *jsReader) value(l *tkList, j int) (jsVal, int) {
	if l.is(j, "await") {
		j++
	}
	if j >= len(l.t) {
		return jsVal{}, j
	}
	t := l.t[j]
	if l.isPunct(j, "[") {
		ws, ok := r.list(l, tkSpan{j, l.closer(j) + 1}, 0)
		if ok {
			return jsVal{list: ws, isList: true}, l.closer(j) + 1
		}
		return jsVal{}, l.closer(j) + 1
	}
	if t.kind == ctIdent || l.isPunct(j, "(") {
		if v, end, ok := r.chain(l, j, r.depth, false, false); ok && (v.path != "" || v.str != nil || v.isList) {
			if !l.isPunct(end, "+") {
				return v, end
			}
		}
	}
	r.cur = l
	w, next := l.concat(r.c, j, len(l.t), "+", 0, r.term)
	if next < len(l.t) && !l.t[next].nl && !l.isPunct(next, ";") && !l.isPunct(next, ",") && !isClose(l.t[next].text) {
		w.Dynamic = true
	}
	return jsVal{str: &w}, next
}

// term evaluates one operand of a concatenation.
func (r *jsReader) term(i, hi, depth int) (Word, int) {
	l := r.cur
	if w, next, ok := l.litTerm(r.c, i, hi, depth, "+", r.term); ok {
		return w, next
	}
	t := l.t[i]
	if t.kind == ctIdent {
		if v, ok := r.names[t.text]; ok && v.str != nil && !l.isPunct(i+1, ".") && !l.isPunct(i+1, "[") && !l.isPunct(i+1, "(") {
			return *v.str, i + 1
		}
	}
	return Word{Dynamic: true}, i + 1
}

// word evaluates a whole argument.
func (r *jsReader) word(l *tkList, s tkSpan) Word {
	r.cur = l
	return l.wholeWord(r.c, s, "+", r.term)
}

// list evaluates an array literal (or a name bound to one) into words; a
// spread or hole is one dynamic word that may stand for any number.
func (r *jsReader) list(l *tkList, s tkSpan, depth int) ([]Word, bool) {
	if s.hi-s.lo == 1 && l.t[s.lo].kind == ctIdent {
		if v, ok := r.names[l.t[s.lo].text]; ok && v.isList {
			return v.list, true
		}
		return nil, false
	}
	if !l.group(s, "[") {
		return nil, false
	}
	var out []Word
	for _, a := range l.args(s.lo) {
		if !r.c.spend(1) {
			break
		}
		if l.isPunct(a.lo, "...") {
			out = append(out, Word{Dynamic: true})
			continue
		}
		out = append(out, r.word(l, a))
	}
	return out, true
}

// prop finds key in an object literal: its value, whether it is there,
// and whether the object could not be read (not a literal, or a spread).
func (r *jsReader) prop(l *tkList, s tkSpan, key string) (v tkSpan, found, unknown bool) {
	if s.empty() {
		return tkSpan{}, false, false
	}
	if !l.group(s, "{") {
		return tkSpan{}, false, true
	}
	for _, a := range l.args(s.lo) {
		if !r.c.spend(1) {
			return tkSpan{}, false, true
		}
		if l.isPunct(a.lo, "...") {
			unknown = true
			continue
		}
		k := l.t[a.lo]
		if (k.kind == ctIdent || k.kind == ctStr) && k.text == key {
			if l.isPunct(a.lo+1, ":") {
				return tkSpan{a.lo + 2, a.hi}, true, false
			}
			return tkSpan{a.lo, a.hi}, true, false // shorthand: the name's value
		}
		if l.isPunct(a.lo, "[") {
			unknown = true
		}
	}
	return tkSpan{}, false, unknown
}

// condTruth evaluates a value as a condition: known false, known true, or
// unknown (known is false).
func condTruth(l *tkList, s tkSpan) (val, known bool) {
	for l.group(s, "(") {
		s = tkSpan{s.lo + 1, s.hi - 1}
	}
	neg := false
	for s.hi-s.lo > 1 && l.isPunct(s.lo, "!") {
		neg = !neg
		s.lo++
	}
	if s.hi-s.lo == 2 && l.isPunct(s.lo, "!!") {
		s.lo++
	}
	if s.hi-s.lo != 1 {
		return false, false
	}
	t := l.t[s.lo]
	switch {
	case t.kind == ctIdent && t.text == "true":
		val, known = true, true
	case t.kind == ctIdent && (t.text == "false" || t.text == "null" || t.text == "undefined" || t.text == "nil"):
		val, known = false, true
	case t.kind == ctNum:
		v := strings.TrimLeft(t.text, "0.")
		val, known = v != "" && v != "n", true
	case t.kind == ctStr && !t.dyn:
		val, known = t.text != "", true
	default:
		return false, false
	}
	return val != neg, known
}

// chain reads the member chain starting at i and, when report is set,
// reports the calls in it. It returns the chain's value, the index after
// it, and whether i started a chain at all.
func (r *jsReader) chain(l *tkList, i, depth int, inLoop, report bool) (jsVal, int, bool) {
	var v jsVal
	j := i
	start := l.t[i]
	switch {
	case start.kind == ctIdent && start.text == "new":
		return jsVal{}, i + 1, false
	case start.kind == ctIdent:
		if b, ok := r.names[start.text]; ok {
			v = b
		} else if g, ok := jsGlobals.Get()[start.text]; ok {
			v = jsVal{path: g}
		} else if start.text == "import" {
			v = jsVal{path: "import"}
		}
		j++
	case l.isPunct(i, "("):
		// (await import('m')).f(…) and (0, eval)(…)
		end := l.closer(i)
		k := i + 1
		if l.is(k, "await") {
			k++
		}
		if (l.is(k, "import") || l.is(k, "require")) && l.isPunct(k+1, "(") && l.closer(k+1) == end-1 && k+2 < len(l.t) && l.t[k+2].kind == ctStr {
			v = jsVal{path: canonModule(l.t[k+2].text)}
		} else if end-i == 4 && l.t[i+1].kind == ctNum && l.isPunct(i+2, ",") && l.is(i+3, "eval") {
			v = jsVal{path: "eval"}
		} else {
			return jsVal{}, i + 1, false
		}
		j = end + 1
	default:
		return jsVal{}, i + 1, false
	}
	if v.path == "globalThis" {
		v = jsVal{}
		if l.isPunct(j, ".") && j+1 < len(l.t) && l.t[j+1].kind == ctIdent {
			if g, ok := jsGlobals.Get()[l.t[j+1].text]; ok && g != "globalThis" {
				v = jsVal{path: g}
			}
			j += 2
		}
	}
	isNew := l.is(i-1, "new")
	for n := 0; j < len(l.t); n++ {
		if !r.c.spend(1) {
			return jsVal{}, len(l.t), true
		}
		switch {
		case v.promise && l.isPunct(j, ".") && l.is(j+1, "then") && l.isPunct(j+2, "("):
			// import('m').then(cp => …), .then(({execSync}) => …)
			r.bindParam(l, arg(l.args(j+2), 0), jsVal{path: v.path})
			v = jsVal{}
			j += 2
		case (l.isPunct(j, ".") || l.isPunct(j, "?.")) && j+1 < len(l.t) && l.t[j+1].kind == ctIdent:
			v = member(v, l.t[j+1].text)
			j += 2
		case l.isPunct(j, "?.") && l.isPunct(j+1, "("):
			j++
		case l.isPunct(j, "["):
			end := l.closer(j)
			if end == j+2 && l.t[j+1].kind == ctStr && !l.t[j+1].dyn {
				v = member(v, l.t[j+1].text)
			} else {
				if report && jsModules.Get()[rootOf(v.path)] && l.isPunct(end+1, "(") && v.str == nil {
					r.c.add(Finding{Kind: Dynamic, Pos: start.pos, Call: v.path + "[…]"})
				}
				v = jsVal{}
			}
			j = end + 1
		case l.isPunct(j, "("):
			if l.isPunct(l.closer(j)+1, "{") && !l.t[min(l.closer(j)+1, len(l.t)-1)].nl && !isNew && v.path != "" && n == 0 && start.kind == ctIdent && !l.isPunct(i-1, "=") && !l.isPunct(i-1, "(") && !l.isPunct(i-1, ",") {
				// a method definition: name(args) { body }
				return jsVal{}, j, true
			}
			v = r.call(l, v, j, -1, start.pos, depth, inLoop, report)
			j = l.closer(j) + 1
		case j < len(l.t) && l.t[j].kind == ctStr && l.t[j].flag:
			v = r.call(l, v, -1, j, start.pos, depth, inLoop, report)
			j = l.skipInterp(j + 1)
		default:
			return v, j, true
		}
	}
	return v, j, true
}

// bindParam binds the parameter of a callback (x => …, (x) => …,
// ({a, b: c}) => …, function (x) {…}) to v.
func (r *jsReader) bindParam(l *tkList, s tkSpan, v jsVal) {
	if s.empty() {
		return
	}
	j := s.lo
	if l.is(j, "async") {
		j++
	}
	if l.is(j, "function") {
		j++
		if j < s.hi && l.t[j].kind == ctIdent {
			j++
		}
	}
	if l.isPunct(j, "(") {
		j++
	}
	switch {
	case j < s.hi && l.t[j].kind == ctIdent:
		r.names[l.t[j].text] = v
	case l.isPunct(j, "{"):
		for _, a := range l.args(j) {
			if a.empty() || l.t[a.lo].kind != ctIdent {
				continue
			}
			key, local := l.t[a.lo].text, l.t[a.lo].text
			if l.isPunct(a.lo+1, ":") && a.lo+2 < a.hi && l.t[a.lo+2].kind == ctIdent {
				local = l.t[a.lo+2].text
			}
			r.names[local] = jsVal{path: v.path + "." + key}
		}
	}
}

// member is v.name.
func member(v jsVal, name string) jsVal {
	if v.path == "" {
		return jsVal{}
	}
	if v.path == "fs" && name == "promises" {
		return jsVal{path: "fs.promises"}
	}
	return jsVal{path: v.path + "." + name, inner: v.inner}
}

func rootOf(path string) string {
	if p, _, ok := strings.Cut(path, "."); ok {
		if p == "fs" && strings.HasPrefix(path, "fs.promises") {
			return "fs.promises"
		}
		return p
	}
	return path
}

// call handles a call of v, with its arguments in the bracket at open or
// a tagged template at tpl, and returns the call's value.
func (r *jsReader) call(l *tkList, v jsVal, open, tpl, pos, depth int, inLoop, report bool) jsVal {
	jsFnsOnce.Do(initJSFns)
	fn, ok := jsFns[v.path]
	if !ok {
		return jsVal{}
	}
	var a []tkSpan
	if open >= 0 {
		a = l.args(open)
	}
	name := v.path
	add := func(f Finding) {
		if report {
			f.Pos, f.Call = pos, name
			r.c.add(f)
		}
	}
	if fn.async && inLoop {
		add(Finding{Kind: ForkBomb})
	}
	switch fn.kind {
	case fnRequire:
		s := arg(a, 0)
		if s.hi-s.lo == 1 && l.t[s.lo].kind == ctStr && !l.t[s.lo].dyn {
			return jsVal{path: canonModule(l.t[s.lo].text), promise: v.path == "import"}
		}
		return jsVal{}
	case fnMake:
		return jsVal{path: v.path + "()", inner: r.word(l, arg(a, 0))}
	case fnSelfEffect:
		add(Finding{Kind: Effect, Effect: fn.effect, Path: v.inner})
	case fnShell:
		if tpl >= 0 {
			add(Finding{Kind: ShellLine, Text: tplWord(l, tpl)})
			break
		}
		add(Finding{Kind: ShellLine, Text: r.word(l, arg(a, 0))})
	case fnShellTpl:
		if tpl >= 0 {
			add(Finding{Kind: ShellLine, Text: tplWord(l, tpl)})
		} else if len(a) > 0 {
			add(Finding{Kind: ShellLine, Text: r.word(l, arg(a, 0))})
		}
	case fnArgv:
		if tpl >= 0 {
			add(Finding{Kind: ShellLine, Text: tplWord(l, tpl)})
			break
		}
		prog := r.word(l, arg(a, 0))
		rest, opts := arg(a, 1), arg(a, 2)
		args, known := []Word(nil), true
		if !rest.empty() {
			if args, known = r.list(l, rest, 0); !known {
				// spawn(cmd, options) has no argument list
				if l.group(rest, "{") {
					opts, known = rest, true
				} else {
					args = []Word{{Dynamic: true}}
				}
			}
		}
		if sv, found, _ := r.prop(l, opts, "shell"); found {
			if on, k := condTruth(l, sv); on || !k || l.t[sv.lo].kind == ctStr {
				add(Finding{Kind: ShellLine, Text: joinWords(append([]Word{prog}, args...))})
				break
			}
		}
		add(Finding{Kind: Argv, Argv: append([]Word{prog}, args...)})
	case fnFork:
		args := []Word{{Value: "node"}, r.word(l, arg(a, 0))}
		if rest := arg(a, 1); !rest.empty() && !l.group(rest, "{") {
			ws, ok := r.list(l, rest, 0)
			if !ok {
				ws = []Word{{Dynamic: true}}
			}
			args = append(args, ws...)
		}
		add(Finding{Kind: Argv, Argv: args})
	case fnBunSpawn:
		s := arg(a, 0)
		if cmd, found, _ := r.prop(l, s, "cmd"); found {
			s = cmd
		}
		ws, ok := r.list(l, s, 0)
		if !ok {
			ws = []Word{{Dynamic: true}}
		}
		add(Finding{Kind: Argv, Argv: ws})
	case fnDenoRun:
		cmd, found, _ := r.prop(l, arg(a, 0), "cmd")
		ws, ok := r.list(l, cmd, 0)
		if !found || !ok {
			ws = []Word{{Dynamic: true}}
		}
		add(Finding{Kind: Argv, Argv: ws})
	case fnDenoCommand:
		ws := []Word{r.word(l, arg(a, 0))}
		if as, found, unknown := r.prop(l, arg(a, 1), "args"); found {
			rest, ok := r.list(l, as, 0)
			if !ok {
				rest = []Word{{Dynamic: true}}
			}
			ws = append(ws, rest...)
		} else if unknown {
			ws = append(ws, Word{Dynamic: true})
		}
		add(Finding{Kind: Argv, Argv: ws})
	case fnEffect:
		r.effect(l, fn, a, add)
	case fnShellRm:
		recurse := false
		for k, s := range a {
			w := r.word(l, s)
			if k == 0 && strings.HasPrefix(w.Value, "-") && !w.Dynamic {
				recurse = strings.ContainsAny(w.Value, "rR")
				continue
			}
			if ws, ok := r.list(l, s, 0); ok {
				for _, p := range ws {
					add(Finding{Kind: Effect, Effect: "delete", Path: p, Recurse: recurse})
				}
				continue
			}
			add(Finding{Kind: Effect, Effect: "delete", Path: w, Recurse: recurse})
		}
	case fnKill:
		s := arg(a, 0)
		if s.hi-s.lo == 3 && (l.is(s.lo, "process") || l.is(s.lo, "Deno")) && l.isPunct(s.lo+1, ".") && (l.is(s.lo+2, "pid") || l.is(s.lo+2, "ppid")) {
			break // itself or its parent
		}
		add(Finding{Kind: Kill, Target: r.word(l, s)})
	case fnEval:
		s := arg(a, fn.code)
		if fn.code < 0 {
			s = arg(a, len(a)-1)
		}
		if tpl >= 0 {
			add(Finding{Kind: Dynamic})
			break
		}
		if s.empty() {
			break
		}
		r.eval(l, s, pos, depth, report, add)
	}
	return jsVal{}
}

// effect reports an fs-like call.
func (r *jsReader) effect(l *tkList, fn jsFn, a []tkSpan, add func(Finding)) {
	if fn.flags >= 0 {
		s := arg(a, fn.flags)
		if s.empty() || isCallback(l, s) && !(s.hi-s.lo == 1 && l.t[s.lo].kind == ctIdent) {
			return // opened for reading
		}
		if l.group(s, "{") { // Deno.open(p, {write: true})
			write := false
			for _, k := range []string{"write", "append", "truncate", "create", "createNew"} {
				if v, found, unknown := r.prop(l, s, k); unknown {
					write = true
				} else if found {
					on, known := condTruth(l, v)
					write = write || on || !known
				}
			}
			if !write {
				return
			}
		} else if w := r.word(l, s); !w.Dynamic && !strings.ContainsAny(w.Value, "wa+") {
			return
		}
	}
	f := Finding{Kind: Effect, Effect: fn.effect, Path: r.word(l, arg(a, fn.path)), Recurse: fn.recurse}
	if fn.dest >= 0 {
		f.Dest = r.word(l, arg(a, fn.dest))
	}
	if fn.opts >= 0 && !f.Recurse {
		if v, found, unknown := r.prop(l, arg(a, fn.opts), "recursive"); found {
			on, known := condTruth(l, v)
			f.Recurse = on || !known
		} else if unknown {
			f.Recurse = !isCallback(l, arg(a, fn.opts))
		}
	}
	// Bun.write(Bun.file(p), data)
	if s := arg(a, fn.path); s.hi-s.lo > 3 && l.is(s.lo, "Bun") && l.is(s.lo+2, "file") && l.isPunct(s.lo+3, "(") {
		f.Path = r.word(l, arg(l.args(s.lo+3), 0))
	}
	add(f)
}

// isCallback reports whether an argument is a function (fs.rm(p, cb)).
func isCallback(l *tkList, s tkSpan) bool {
	if s.empty() {
		return true
	}
	if l.is(s.lo, "function") || l.is(s.lo, "async") {
		return true
	}
	for j := s.lo; j < s.hi; j = l.skip(j) {
		if l.isPunct(j, "=>") {
			return true
		}
	}
	return s.hi-s.lo == 1 && l.t[s.lo].kind == ctIdent && (l.t[s.lo].text == "cb" || l.t[s.lo].text == "callback" || l.t[s.lo].text == "done")
}

// eval reads literal code given to eval, new Function or vm, and reports
// computed code as dynamic.
func (r *jsReader) eval(l *tkList, s tkSpan, pos, depth int, report bool, add func(Finding)) {
	w := r.word(l, s)
	if w.Dynamic || depth >= nestCap {
		add(Finding{Kind: Dynamic})
		return
	}
	if !report {
		return
	}
	sub := &collector{budget: r.c.budget}
	inner := &jsReader{c: sub, names: r.names}
	inner.read(w.Value, depth+1)
	r.c.budget = sub.budget
	strTok := tk{pos: pos}
	if s.hi-s.lo == 1 {
		strTok = l.t[s.lo]
	}
	nested(r.c, sub.f, strTok, pos)
	if sub.full {
		r.c.full = true
	}
}

// tplWord is the value of a tagged template.
func tplWord(l *tkList, i int) Word {
	t := l.t[i]
	return Word{Value: t.text, Dynamic: t.dyn}
}

// joinWords joins an argv with spaces, as node does for {shell: true}.
func joinWords(ws []Word) Word {
	var b strings.Builder
	for k, w := range ws {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.Value)
		if w.Dynamic {
			return Word{Value: b.String(), Dynamic: true}
		}
	}
	return Word{Value: b.String()}
}
