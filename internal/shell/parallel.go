package shell

import (
	"path"
	"strings"
)

// GNU parallel builds shell lines from a command and its arguments:
//
//	parallel [OPTIONS] [COMMAND [ARGS…]] ( ::: WORDS | :::+ WORDS | :::: FILES | ::::+ FILES )…
//	… | parallel [OPTIONS] [COMMAND [ARGS…]]
//	sem [OPTIONS] COMMAND…
//
// Each job is COMMAND with one argument from each source put where a
// replacement string is ({}, {1}, {.}, {/}, {//}, {/.}, {#}, {%}; -I
// names another for {}), or after it when there is none; with no COMMAND
// the arguments are the line. ::: words are known; :::: files, -a FILE
// and standard input that is not a literal are not, and stand in the
// line as $parallel_input, a variable whose value is unknown. The values
// are quoted as parallel quotes them. -S HOST runs the jobs there.

// parallelInput is the variable that stands for an argument belay does
// not know in a job's line.
const parallelInput = "parallel_input"

// maxParallelJobs is how many jobs of known arguments are judged one by
// one; past it each argument is judged with the first of the others.
const maxParallelJobs = 64

// parallelSource is one source of arguments.
type parallelSource struct {
	items []Arg
	link  bool // :::+ and ::::+: paired with the source before, not crossed
}

func (a *analyzer) wrapParallel(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	name := path.Base(argv[0].Value)
	wa := readWrapper(c, argv[1:])
	if hasOpt(wa.opts, c.run.stops) {
		return false
	}
	cmd, sources := splitSources(wa.operands)
	repl := "{}"
	if v, ok := optValue(wa.opts, []string{"-I"}); ok && v != "" {
		repl = v
	}
	once := name == "sem" || hasOpt(wa.opts, []string{"--semaphore", "--fg", "--bg", "--pipe", "--pipepart", "--shebang", "--shebang-wrap"})
	link := hasOpt(wa.opts, []string{"--link", "--xapply"})
	for _, o := range wa.opts {
		if o.name == "-a" || o.name == "--arg-file" || o.name == "--arg-file-sep" {
			sources = append(sources, parallelSource{items: []Arg{unknownInput(sc)}})
		}
	}
	// find DIR | parallel rm: the jobs' $belay_listed is the paths
	// (listed.go), unless the command names that variable itself.
	listed := listedStdin(sc)
	for _, w := range cmd {
		if len(listed) > 0 && strings.Contains(w.Value, listedVar) {
			a.unseenCode(argv, "a command that sets "+listedVar, sc)
			listed = nil
		}
	}
	if len(sources) == 0 && !once {
		sources = []parallelSource{{items: stdinItems(sc, wa.opts, len(listed) > 0)}}
	}
	label := name
	in := withLine(sc, label)
	if once && hasOpt(wa.opts, []string{"--pipe", "--pipepart"}) {
		// The jobs read blocks of parallel's standard input.
		in = within(sc, label)
	}
	in.set(parallelInput, varVal{dynamic: true})
	if len(listed) > 0 {
		in.set(listedVar, listedVal(listed))
	}
	if host, ok := optValue(wa.opts, []string{"-S", "--sshlogin", "--slf", "--sshloginfile"}); ok && host != ":" && host != "..." {
		if i := strings.LastIndexByte(host, '@'); i >= 0 {
			host = host[i+1:]
		}
		if i := strings.IndexByte(host, '/'); i >= 0 {
			host = host[i+1:] // N/host: N jobs on host
		}
		in.remote, in.cwd = host, ""
		in.clearVars()
		in.set(parallelInput, varVal{dynamic: true})
		if len(listed) > 0 {
			in.set(listedVar, listedVal(listed))
		}
	}
	quoteCmd := hasOpt(wa.opts, []string{"-q", "--quote"})
	for _, w := range cmd {
		if src := a.wordSource(w); src != "" {
			a.unseenCode(argv, src, sc) // parallel "$(curl …)" ::: x
			break
		}
	}
	judged := false
	for _, vals := range parallelJobs(sources, link, once) {
		line, ok := jobLine(cmd, vals, repl, quoteCmd)
		if !ok {
			continue
		}
		a.line(line, Bash, in, false)
		judged = true
		if len(cmd) == 0 {
			// The arguments are the line: one not known is code belay
			// cannot see, when it comes from somewhere it cannot read.
			for _, v := range vals {
				if v.Dynamic && strings.Contains(v.Raw, inputMark) {
					a.unseenCode(argv, a.wordSource(v), sc)
					break
				}
			}
		}
	}
	if judged {
		a.redirection(redir, sc)
	}
	return judged
}

// splitSources cuts parallel's operands into the command and the
// argument sources after it.
func splitSources(ops []Arg) (cmd []Arg, sources []parallelSource) {
	i := 0
	for i < len(ops) && !isSourceSep(ops[i]) {
		i++
	}
	cmd = ops[:i]
	for i < len(ops) {
		sep := ops[i].Value
		i++
		j := i
		for j < len(ops) && !isSourceSep(ops[j]) {
			j++
		}
		s := parallelSource{link: strings.HasSuffix(sep, "+")}
		if strings.HasPrefix(sep, "::::") {
			if j > i {
				s.items = []Arg{{Dynamic: true, Raw: "{parallel input}"}}
			}
		} else {
			s.items = ops[i:j]
		}
		if len(s.items) > 0 {
			sources = append(sources, s)
		}
		i = j
	}
	return cmd, sources
}

func isSourceSep(x Arg) bool {
	if x.Dynamic {
		return false
	}
	switch x.Value {
	case ":::", ":::+", "::::", "::::+":
		return true
	}
	return false
}

// unknownInput is an argument read from where belay does not know, named
// by where it comes from when that is code belay cannot see.
func unknownInput(sc *scope) Arg {
	raw := "{parallel input}"
	if sc.stdinSrc != "" {
		raw = "{parallel" + inputMark + sc.stdinSrc + "}"
	}
	return Arg{Dynamic: true, Raw: raw}
}

// stdinItems are the arguments parallel reads from its standard input:
// its lines (NUL-separated with -0, by -d), when they are known; one
// that stands for them all when listed says they are a lister's paths.
func stdinItems(sc *scope, opts []option, listed bool) []Arg {
	if sc.stdin == nil && listed {
		return []Arg{{Dynamic: true, Raw: listedRaw}}
	}
	if sc.stdin == nil || sc.stdinDyn {
		return []Arg{unknownInput(sc)}
	}
	delim := "\n"
	if hasOpt(opts, []string{"-0", "--null"}) {
		delim = "\x00"
	} else if v, ok := optValue(opts, []string{"-d", "--delimiter"}); ok {
		delim = xargsDelim(v)
	}
	var items []Arg
	for _, l := range strings.Split(*sc.stdin, delim) {
		if l == "" {
			continue
		}
		if len(items) == maxParallelJobs {
			items = append(items, unknownInput(sc))
			break
		}
		items = append(items, Arg{Value: l})
	}
	return items
}

// parallelJobs returns the arguments of each job: one from each source,
// crossed (or paired, for linked sources), bounded by maxParallelJobs.
func parallelJobs(sources []parallelSource, link, once bool) [][]Arg {
	if once || len(sources) == 0 {
		return [][]Arg{nil}
	}
	// Sources linked to the one before are paired with it.
	var groups [][]parallelSource
	for i, s := range sources {
		if i > 0 && (s.link || link) {
			groups[len(groups)-1] = append(groups[len(groups)-1], s)
			continue
		}
		groups = append(groups, []parallelSource{s})
	}
	// Each group is a list of rows.
	rows := make([][][]Arg, len(groups))
	for g, grp := range groups {
		n := 0
		for _, s := range grp {
			n = max(n, len(s.items))
		}
		for i := range min(n, maxParallelJobs) {
			var row []Arg
			for _, s := range grp {
				row = append(row, s.items[i%len(s.items)])
			}
			rows[g] = append(rows[g], row)
		}
	}
	total := 1
	for _, r := range rows {
		total *= len(r)
		if total > maxParallelJobs {
			break
		}
	}
	var jobs [][]Arg
	if total <= maxParallelJobs {
		var cross func(g int, acc []Arg)
		cross = func(g int, acc []Arg) {
			if g == len(rows) {
				jobs = append(jobs, append([]Arg(nil), acc...))
				return
			}
			for _, r := range rows[g] {
				cross(g+1, append(acc, r...))
			}
		}
		cross(0, nil)
		return jobs
	}
	// Too many to cross: each row with the first row of the others.
	for g := range rows {
		for _, r := range rows[g] {
			var job []Arg
			for h := range rows {
				if h == g {
					job = append(job, r...)
				} else {
					job = append(job, rows[h][0]...)
				}
			}
			jobs = append(jobs, job)
			if len(jobs) >= maxParallelJobs {
				return jobs
			}
		}
	}
	return jobs
}

// jobLine builds the shell line of one job.
func jobLine(cmd, vals []Arg, repl string, quoteCmd bool) (string, bool) {
	if len(cmd) == 0 {
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = v.Value
			if v.Dynamic {
				parts[i] = "$" + parallelInput
			}
		}
		line := strings.Join(parts, " ")
		return line, strings.TrimSpace(line) != ""
	}
	parts := make([]string, len(cmd))
	for i, w := range cmd {
		parts[i] = w.Value
		if quoteCmd {
			parts[i] = Quote(w.Value)
		}
	}
	line := strings.Join(parts, " ")
	out, replaced := replaceStrings(line, repl, vals)
	if !replaced && len(vals) > 0 {
		q := make([]string, len(vals))
		for i, v := range vals {
			q[i] = quoteValue(v)
		}
		out += " " + strings.Join(q, " ")
	}
	return out, true
}

// quoteValue is an argument as parallel puts it in a line: quoted, a glob
// left a glob, an unknown one the variable that stands for it.
func quoteValue(v Arg) string {
	switch {
	case v.Dynamic && v.Raw == listedRaw:
		return `"$` + listedVar + `"`
	case v.Dynamic:
		return `"$` + parallelInput + `"`
	case v.Glob && strings.Trim(v.Value, "*?[]abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == "":
		return v.Value
	}
	return Quote(v.Value)
}

// replaceStrings puts the arguments of a job where the replacement
// strings of s are.
func replaceStrings(s, repl string, vals []Arg) (string, bool) {
	all := func() Arg {
		if len(vals) == 1 {
			return vals[0]
		}
		var parts []string
		dyn := false
		for _, v := range vals {
			parts = append(parts, v.Value)
			dyn = dyn || v.Dynamic
		}
		return Arg{Value: strings.Join(parts, " "), Dynamic: dyn}
	}
	var b strings.Builder
	replaced := false
	for i := 0; i < len(s); {
		if repl != "{}" && strings.HasPrefix(s[i:], repl) {
			b.WriteString(quoteValue(all()))
			i += len(repl)
			replaced = true
			continue
		}
		if s[i] != '{' {
			b.WriteByte(s[i])
			i++
			continue
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			b.WriteString(s[i:])
			break
		}
		body := s[i+1 : i+end]
		if strings.HasPrefix(body, "=") {
			// {= perl expression =}: its value is not known.
			if e := strings.Index(s[i:], "=}"); e > 0 {
				b.WriteString(`"$` + parallelInput + `"`)
				i += e + 2
				replaced = true
				continue
			}
		}
		v, ok := replacement(body, repl == "{}", vals, all)
		if !ok {
			b.WriteByte('{')
			i++
			continue
		}
		b.WriteString(quoteValue(v))
		i += end + 1
		replaced = true
	}
	return b.String(), replaced
}

// replacement is the value of one replacement string ({}, {2}, {.},
// {1/}, {#}…), given without its braces.
func replacement(body string, plain bool, vals []Arg, all func() Arg) (Arg, bool) {
	n := 0
	for len(body) > 0 && body[0] >= '0' && body[0] <= '9' {
		n = n*10 + int(body[0]-'0')
		body = body[1:]
		if n > 1000 {
			return Arg{}, false
		}
	}
	switch body {
	case "#", "%":
		return Arg{Value: "1"}, n == 0
	case "", ".", "/", "//", "/.":
	default:
		return Arg{}, false
	}
	var v Arg
	switch {
	case n > 0 && n <= len(vals):
		v = vals[n-1]
	case n > 0:
		v = Arg{Dynamic: true}
	case body == "" && !plain:
		return Arg{}, false
	default:
		v = all()
	}
	switch body {
	case ".":
		v.Value = strings.TrimSuffix(v.Value, path.Ext(v.Value))
	case "/":
		v.Value = path.Base(v.Value)
	case "//":
		v.Value = path.Dir(v.Value)
	case "/.":
		b := path.Base(v.Value)
		v.Value = strings.TrimSuffix(b, path.Ext(b))
	}
	return v, true
}
