package shell

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// What a pipeline's earlier stages are known to print when the text
// itself is not. A lister's output (find DIR, ls DIR, locate X, grep -rl X
// DIR) is paths under a directory, whatever their names: xargs rm reads
// them as find DIR -delete would reach them, the whole tree at DIR or,
// through a test or a filter (grep, head, sort), the entries it picks
// anywhere below (Arg.Tree, Arg.Filtered). A database client's query
// output is data, and data piped into another client is SQL belay cannot
// read (mysql -N -e "SELECT CONCAT('DROP TABLE ', …)" | mysql shop).

// piped is what a stage's standard input is known to be.
type piped struct {
	paths []Arg // paths under the lister's start points, as find's {} stands for them
	query bool  // the output of a database query, possibly filtered
	// The stage before and the scope it ran in, for the source of
	// xargs's input when it is not known (sourceOf).
	stage   *syntax.Stmt
	stageSc *scope
}

// sourceOf is what xargs's unknown input is, as a rule's sources reads
// it: $(exiqgrep -i) for exiqgrep -i | xargs exim -Mrm. "" when the stage
// before is not one simple command.
func (a *analyzer) sourceOf(p *piped) string {
	if p == nil || p.stage == nil {
		return ""
	}
	argv := a.stageArgv(p.stage, p.stageSc)
	if len(argv) == 0 || len(argv) > maxSourceWords {
		return ""
	}
	return "$(" + quoteArgv(argv) + ")"
}

// maxListedStarts bounds the start points a lister's output is judged
// with; past it, the listing is not followed (the input stays unknown).
const maxListedStarts = 16

// lineFilters print some of their input lines, whole and unchanged, in
// some order: a list of paths through them is still paths from the list.
var lineFilters = []string{"egrep", "fgrep", "grep", "head", "rg", "shuf", "sort", "tac", "tail", "uniq", "zgrep"}

// pipedFrom returns what stage i of chain reads, when the stages before
// it list paths or print a query's output (through line filters) and no
// text is known. prev is what stage i-1 read; queried says stage i-1 ran
// a database client with a query.
func (a *analyzer) pipedFrom(chain []*syntax.Stmt, i int, prev *piped, queried bool, sc *scope) *piped {
	argv := a.stageArgv(chain[i-1], sc)
	if len(argv) == 0 {
		return nil
	}
	name := path.Base(argv[0].Value)
	if strings.Contains(name, "grep") && greps(argv) {
		// grep -rl X DIR lists files; grep X (no file) filters.
		if p := grepListed(argv); p != nil {
			return p
		}
	}
	if slicesHas(lineFilters, name) && !readsFiles(name, argv) {
		if prev == nil {
			return nil
		}
		p := &piped{query: prev.query}
		for _, x := range prev.paths {
			p.paths = append(p.paths, narrowTo(x))
		}
		return p
	}
	if queried {
		return &piped{query: true}
	}
	switch name {
	case "find":
		f := readFind(find("find"), argv[1:])
		if len(f.execs) > 0 || len(f.starts) > maxListedStarts {
			return nil // -exec prints what its command prints
		}
		p := &piped{}
		for _, s := range f.starts {
			p.paths = append(p.paths, foundArg(s, f.narrowed))
		}
		return p
	case "ls":
		return lsListed(argv)
	case "locate", "mlocate", "plocate", "slocate":
		// Paths anywhere that match its patterns.
		return &piped{paths: []Arg{foundArg(Arg{Value: "/"}, true)}}
	}
	return nil
}

// narrowTo is x after a filter: the entries it picks below x.
func narrowTo(x Arg) Arg {
	if x.Glob && !x.Tree && !x.Filtered {
		// ls DIR/*.gz | tail -n +8: some of the pattern's matches.
		x.Value, x.Glob = globDir(x.Value), false
	}
	x.Tree, x.Filtered = false, true
	return x
}

// globDir is the directory a glob pattern's matches are in (its longest
// prefix of whole names without a pattern character).
func globDir(p string) string {
	for strings.ContainsAny(p, "*?[") {
		d := path.Dir(p)
		if d == p {
			break
		}
		p = d
	}
	return p
}

// stageArgv is a pipeline stage's argv when it is one simple command, the
// words of sudo (with its options) before it taken off.
func (a *analyzer) stageArgv(s *syntax.Stmt, sc *scope) []Arg {
	c, ok := s.Cmd.(*syntax.CallExpr)
	if !ok || len(c.Args) == 0 || len(c.Args) > maxStageWords {
		return nil
	}
	if !a.charge(costCopy * len(c.Args)) {
		return nil
	}
	var argv []Arg
	for _, w := range c.Args {
		argv = a.expandAppend(argv, w, sc)
	}
	for len(argv) > 0 && argv[0].Value == "sudo" && !argv[0].Dynamic {
		argv = argv[1:]
		for len(argv) > 0 && strings.HasPrefix(argv[0].Value, "-") {
			o := argv[0].Value
			argv = argv[1:]
			if (o == "-u" || o == "-g" || o == "-U" || o == "-C" || o == "-D" || o == "-h") && len(argv) > 0 {
				argv = argv[1:]
			}
		}
	}
	if len(argv) == 0 || argv[0].Dynamic {
		return nil
	}
	return argv
}

// lsRaw marks the names ls DIR prints.
const lsRaw = "{ls output}"

// maxStageWords bounds the words of a stage read for what it lists.
const maxStageWords = 256

// maxSourceWords bounds the words of a stage kept as the source of
// xargs's input.
const maxSourceWords = 32

// greps reports whether argv runs a grep: grep, egrep, fgrep, zgrep, rg.
func greps(argv []Arg) bool {
	switch path.Base(argv[0].Value) {
	case "grep", "egrep", "fgrep", "zgrep", "rg":
		return true
	}
	return false
}

// grepArgs are the options of grep (and rg) that take a value.
const grepShortValues = "efmABCdDgtT"

// grepRead reads a grep's argv: whether it lists names (-l, -L, rg
// --files…), recurses (-r, -R; rg always), and its file operands.
func grepRead(argv []Arg) (names, recursive bool, files []Arg) {
	rg := path.Base(argv[0].Value) == "rg"
	recursive = rg
	pattern := false // the pattern was given by -e or -f
	var ops []Arg
	dashes := false
	for i := 1; i < len(argv); i++ {
		v := argv[i].Value
		switch {
		case dashes || !strings.HasPrefix(v, "-") || v == "-":
			ops = append(ops, argv[i])
		case v == "--":
			dashes = true
		case strings.HasPrefix(v, "--"):
			n, _, hasVal := strings.Cut(v[2:], "=")
			switch n {
			case "files-with-matches", "files-without-match", "files", "files-with-match":
				names = true
			case "recursive", "dereference-recursive":
				recursive = true
			case "regexp", "file":
				pattern = true
				if !hasVal {
					i++
				}
			case "max-count", "after-context", "before-context", "context", "directories", "devices", "include",
				"exclude", "exclude-dir", "glob", "type", "type-not", "label", "color", "colour", "binary-files", "max-depth":
				if !hasVal && n != "color" && n != "colour" {
					i++
				}
			}
		default:
			for k := 1; k < len(v); k++ {
				ch := v[k]
				switch {
				case ch == 'l' || ch == 'L':
					names = true
				case ch == 'r' || ch == 'R':
					recursive = true
				case strings.IndexByte(grepShortValues, ch) >= 0:
					if ch == 'e' || ch == 'f' {
						pattern = true
					}
					if k == len(v)-1 {
						i++
					}
					k = len(v)
				}
			}
		}
	}
	if !pattern && len(ops) > 0 {
		ops = ops[1:]
	}
	return names, recursive, ops
}

// grepListed is what grep -l prints: with -r, files under each operand
// (the working directory without one) that its pattern picks; without,
// some of its file operands. Nil when it does not list names.
func grepListed(argv []Arg) *piped {
	names, rec, files := grepRead(argv)
	if !names || len(files) > maxListedStarts {
		return nil
	}
	if len(files) == 0 {
		if !rec {
			return nil // grep -l X reading stdin prints "(standard input)"
		}
		files = []Arg{{Value: "."}}
	}
	p := &piped{}
	for _, f := range files {
		if rec {
			p.paths = append(p.paths, foundArg(f, true))
		} else {
			p.paths = append(p.paths, narrowTo(Arg{Value: f.Value, Dynamic: f.Dynamic, Glob: strings.ContainsAny(f.Value, "*?[")}))
		}
	}
	return p
}

// readsFiles reports whether a line filter reads file operands instead of
// its standard input: then it does not filter the pipe.
func readsFiles(name string, argv []Arg) bool {
	if name == "grep" || name == "egrep" || name == "fgrep" || name == "zgrep" || name == "rg" {
		_, rec, files := grepRead(argv)
		return len(files) > 0 || (rec && name != "rg")
	}
	for i := 1; i < len(argv); i++ {
		v := argv[i].Value
		switch {
		case v == "-n" || v == "-c" || v == "-k" || v == "-t" || v == "-o" || v == "-S" || v == "-T" || v == "-f" || v == "-s":
			if (name == "head" || name == "tail") && (v == "-n" || v == "-c" || v == "-s") ||
				name == "sort" && (v == "-k" || v == "-t" || v == "-o" || v == "-S" || v == "-T") ||
				name == "uniq" && (v == "-f" || v == "-s") {
				i++
			}
		case strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+"):
		default:
			return true
		}
	}
	return false
}

// lsListed is what ls prints for xargs: the entries of each directory it
// names (the working directory without one), or the matches of each
// pattern. Names are printed without their directory and read by xargs
// relative to the working directory: the judgement takes them as the
// entries of the directory listed, what was meant. ls -d (computed.go)
// and ls -R are not followed.
func lsListed(argv []Arg) *piped {
	var names []Arg
	for _, x := range argv[1:] {
		switch {
		case x.Dynamic && x.Value == "":
			return nil
		case strings.HasPrefix(x.Value, "--"):
			if x.Value == "--recursive" || x.Value == "--directory" {
				return nil
			}
		case strings.HasPrefix(x.Value, "-") && len(x.Value) > 1:
			if strings.ContainsAny(x.Value[1:], "Rd") {
				return nil
			}
		default:
			names = append(names, x)
		}
	}
	if len(names) > maxListedStarts {
		return nil
	}
	if len(names) == 0 {
		names = []Arg{{Value: "."}}
	}
	p := &piped{}
	for _, n := range names {
		v := n.Value
		if !strings.ContainsAny(v, "*?[") {
			v = path.Join(v, "*")
		}
		p.paths = append(p.paths, Arg{Value: v, Dynamic: n.Dynamic, Glob: true, Raw: lsRaw})
	}
	return p
}
