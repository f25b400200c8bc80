package policy

import (
	"errors"
	"path"
	"strings"
	"unicode/utf8"
)

// wordGlob is a shell glob matched against a whole word (a command name, an
// operand, an argument). Unlike path.Match, * and ? also match '/': an
// operand pattern "*.img" matches "/srv/xen/web.img".
type wordGlob struct {
	pat  string
	kind globKind
	lit  string // the literal part, for the fast kinds
}

type globKind uint8

const (
	globExact  globKind = iota // no metacharacter
	globPrefix                 // "lit*"
	globSuffix                 // "*lit"
	globAny                    // "*"
	globFull                   // anything else
)

const globMeta = `*?[\`

// emptyWord is the pattern of the empty word: an operand belay could not
// resolve (its worst case is empty: docker rm $(docker ps -aq), xargs's
// input, "$UNSET") or one written empty (etcdctl del ""). A subcommand
// path can name it as one of its words: rm followed by two single quotes.
const emptyWord = "''"

func compileWordGlob(pat string) (wordGlob, error) {
	if err := checkWordGlob(pat); err != nil {
		return wordGlob{}, err
	}
	g := wordGlob{pat: pat, kind: globFull}
	switch {
	case pat == emptyWord:
		g.kind, g.lit = globExact, ""
	case !strings.ContainsAny(pat, globMeta):
		g.kind, g.lit = globExact, pat
	case pat == "*":
		g.kind = globAny
	case strings.HasSuffix(pat, "*") && !strings.ContainsAny(pat[:len(pat)-1], globMeta):
		g.kind, g.lit = globPrefix, pat[:len(pat)-1]
	case strings.HasPrefix(pat, "*") && !strings.ContainsAny(pat[1:], globMeta):
		g.kind, g.lit = globSuffix, pat[1:]
	}
	return g, nil
}

func (g *wordGlob) match(s string) bool {
	switch g.kind {
	case globExact:
		return s == g.lit
	case globPrefix:
		return strings.HasPrefix(s, g.lit)
	case globSuffix:
		return strings.HasSuffix(s, g.lit)
	case globAny:
		return true
	}
	return matchWord(g.pat, s)
}

func matchAnyWord(gs []wordGlob, s string) bool {
	for i := range gs {
		if gs[i].match(s) {
			return true
		}
	}
	return false
}

var errBadGlob = errors.New("syntax error in pattern")

// checkWordGlob reports a malformed glob: an unterminated [ or a trailing \.
func checkWordGlob(pat string) error {
	for i := 0; i < len(pat); i++ {
		switch pat[i] {
		case '\\':
			if i+1 >= len(pat) {
				return errBadGlob
			}
			i++
		case '[':
			n, ok := classLen(pat[i:])
			if !ok {
				return errBadGlob
			}
			i += n - 1
		}
	}
	return nil
}

// classLen returns the length of the bracket expression at the start of p.
func classLen(p string) (int, bool) {
	i := 1
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		i++
	}
	if i < len(p) && p[i] == ']' { // a leading ] is literal
		i++
	}
	for ; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case ']':
			return i + 1, true
		}
	}
	return 0, false
}

// matchClass matches r against the bracket expression cls ("[…]").
func matchClass(cls string, r rune) bool {
	body := cls[1 : len(cls)-1]
	neg := false
	if body != "" && (body[0] == '!' || body[0] == '^') {
		neg, body = true, body[1:]
	}
	ok := false
	for body != "" {
		lo, n := classRune(body)
		body = body[n:]
		hi := lo
		if len(body) >= 2 && body[0] == '-' { // a range; a final - is literal
			hi, n = classRune(body[1:])
			body = body[1+n:]
		}
		if lo <= r && r <= hi {
			ok = true
		}
	}
	return ok != neg
}

func classRune(s string) (rune, int) {
	if s[0] == '\\' && len(s) > 1 {
		r, n := utf8.DecodeRuneInString(s[1:])
		return r, n + 1
	}
	return utf8.DecodeRuneInString(s)
}

// matchWord matches the glob pat against all of s; * and ? match any
// character, '/' included. pat must have passed checkWordGlob.
func matchWord(pat, s string) bool {
	// Classic backtracking on the last star: linear in practice.
	var starP, starS = -1, 0
	p, i := 0, 0
	for i < len(s) || p < len(pat) {
		if p < len(pat) {
			switch pat[p] {
			case '*':
				starP, starS = p, i
				p++
				continue
			case '?':
				if i < len(s) {
					_, n := utf8.DecodeRuneInString(s[i:])
					p++
					i += n
					continue
				}
			case '[':
				n, _ := classLen(pat[p:])
				if i < len(s) {
					r, rn := utf8.DecodeRuneInString(s[i:])
					if matchClass(pat[p:p+n], r) {
						p += n
						i += rn
						continue
					}
				}
			case '\\':
				if i < len(s) && p+1 < len(pat) && pat[p+1] == s[i] {
					p += 2
					i++
					continue
				}
			default:
				if i < len(s) && pat[p] == s[i] {
					p++
					i++
					continue
				}
			}
		}
		if starP >= 0 && starS < len(s) {
			_, n := utf8.DecodeRuneInString(s[starS:])
			starS += n
			p, i = starP+1, starS
			continue
		}
		return false
	}
	return true
}

// mergedUsr lists the top directories that are links into /usr on
// merged-usr hosts.
var mergedUsr = []string{"bin", "sbin", "lib", "lib32", "lib64", "libx32"}

// normUsr rewrites /bin/x and the like to /usr/bin/x.
func normUsr(p string) string {
	if len(p) < 4 || p[0] != '/' || p[1] != 'b' && p[1] != 's' && p[1] != 'l' {
		return p
	}
	for _, d := range mergedUsr {
		if len(p) > len(d) && p[1:1+len(d)] == d && (len(p) == 1+len(d) || p[1+len(d)] == '/') {
			return "/usr" + p
		}
	}
	return p
}

// pathPattern is a compiled path pattern: "/x" exactly, "/x/**" the tree,
// or a glob. It holds every spelling of the pattern under merged usr.
type pathPattern struct {
	raw      string
	variants []pathVariant
}

type pathVariant struct {
	base    string   // the pattern without a final /**
	subtree bool     // it ended in /** (base "/" with subtree: everything)
	meta    bool     // base holds a glob metacharacter
	comps   []string // components of base; none for "/"
}

func compilePathPattern(pat string) (pathPattern, error) {
	if !strings.HasPrefix(pat, "/") {
		return pathPattern{}, errors.New("not an absolute path")
	}
	base, subtree := pat, false
	if pat == "/**" {
		base, subtree = "/", true
	} else if strings.HasSuffix(pat, "/**") {
		base, subtree = pat[:len(pat)-3], true
	}
	if strings.Contains(base, "**") {
		return pathPattern{}, errors.New("** is only allowed as the last component")
	}
	if _, err := path.Match(base, ""); err != nil {
		return pathPattern{}, errBadGlob
	}
	if err := checkWordGlob(base); err != nil {
		return pathPattern{}, err
	}
	if base != "/" {
		base = strings.TrimSuffix(base, "/")
		if c := path.Clean(base); c != base {
			return pathPattern{}, errors.New("not a clean path (write " + c + ")")
		}
	}
	pp := pathPattern{raw: pat, variants: make([]pathVariant, 0, 2)}
	add := func(b string) {
		for _, v := range pp.variants {
			if v.base == b {
				return
			}
		}
		pp.variants = append(pp.variants, pathVariant{
			base:    b,
			subtree: subtree,
			meta:    strings.ContainsAny(b, globMeta),
			comps:   splitPath(b),
		})
	}
	add(base)
	add(normUsr(base))
	// A glob first component such as /lib* or /* names directories that
	// live in /usr on merged-usr hosts too.
	if first := firstComp(base); strings.ContainsAny(first, globMeta) {
		for _, d := range mergedUsr {
			if ok, _ := path.Match(first, d); ok {
				add("/usr" + base)
				break
			}
		}
	}
	return pp, nil
}

func firstComp(p string) string {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return p
}

// splitPath splits an absolute path into its components; "/" has none.
func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// target is an effect path prepared for matching: cleaned, in its written
// and its merged-usr spelling.
type target struct {
	path  string
	glob  bool
	forms []string // path, and normUsr(path) when different
	comps [][]string
}

func newTarget(p string, glob bool) target {
	t := target{path: p, glob: glob}
	if p == "" {
		return t
	}
	c := path.Clean(p)
	t.forms = append(t.forms, c)
	if n := normUsr(c); n != c {
		t.forms = append(t.forms, n)
	}
	if glob {
		for _, f := range t.forms {
			t.comps = append(t.comps, splitPath(f))
		}
	}
	return t
}

// matches reports whether the pattern matches the target. A glob target
// matches when it could expand to a path the pattern matches, or when the
// pattern matches its text.
func (pp *pathPattern) matches(t *target) bool {
	if !strings.HasPrefix(t.path, "/") {
		// A relative path below an unknown working directory (a history
		// scanned) is somewhere's: the analysis leaves only the shapes
		// that are dangerous anywhere (., .., *) unknown, and those are
		// judged as dynamic. Patterns are absolute.
		return false
	}
	for vi := range pp.variants {
		v := &pp.variants[vi]
		for fi, f := range t.forms {
			if t.glob {
				if v.intersects(t.comps[fi]) {
					return true
				}
				if ok, _ := path.Match(v.base, f); ok && !v.subtree {
					return true
				}
			} else if v.matchPlain(f) {
				return true
			}
		}
	}
	return false
}

// covers reports whether every path the target stands for matches the
// pattern: for exclude_paths, where a glob target must not slip through
// because one of its expansions is excluded.
func (pp *pathPattern) covers(t *target) bool {
	if !t.glob {
		return pp.matches(t)
	}
	for vi := range pp.variants {
		v := &pp.variants[vi]
		for fi := range t.forms {
			tc := t.comps[fi]
			if len(tc) < len(v.comps) || !v.subtree && len(tc) != len(v.comps) {
				continue
			}
			ok := true
			for i, pc := range v.comps {
				if !compCovers(pc, tc[i]) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

func (v *pathVariant) matchPlain(p string) bool {
	if !v.meta {
		if p == v.base {
			return true
		}
		if !v.subtree {
			return false
		}
		if v.base == "/" {
			return true
		}
		return len(p) > len(v.base) && p[len(v.base)] == '/' && p[:len(v.base)] == v.base
	}
	if ok, _ := path.Match(v.base, p); ok {
		return true
	}
	if !v.subtree {
		return false
	}
	// The tree below a glob base: the prefix of p with as many
	// components as the base must match it.
	n := len(v.comps)
	i := 0
	for k := 0; k < n; k++ {
		j := strings.IndexByte(p[i+1:], '/')
		if j < 0 {
			return false // fewer components: matched above or not at all
		}
		i += 1 + j
	}
	ok, _ := path.Match(v.base, p[:i])
	return ok
}

// intersects reports whether some path matches both the pattern and the
// glob target whose components are tc.
func (v *pathVariant) intersects(tc []string) bool {
	if len(tc) < len(v.comps) || !v.subtree && len(tc) != len(v.comps) {
		return false
	}
	for i, pc := range v.comps {
		if !compIntersects(pc, tc[i]) {
			return false
		}
	}
	return true
}

func hasMeta(s string) bool { return strings.ContainsAny(s, globMeta) }

// compIntersects reports whether one path component could match both globs.
// A pattern component whose metacharacters are all escaped is the literal
// text: \* matches a target glob that could expand to a file named "*"
// (*, ?*), so /\* is the glob /* itself and not every top directory.
func compIntersects(p, t string) bool {
	pm, tm := hasMeta(p), hasMeta(t)
	if lit, ok := escapedLiteral(p); ok {
		p, pm = lit, false
	}
	switch {
	case !pm && !tm:
		return p == t
	case !tm:
		ok, _ := path.Match(p, t)
		return ok
	case !pm:
		ok, err := path.Match(t, p)
		return ok || err != nil && p == t
	}
	// Both globs: compare the literal text before the first and after
	// the last metacharacter. Errs towards "yes".
	pl, tl := literalPrefix(p), literalPrefix(t)
	if !strings.HasPrefix(pl, tl) && !strings.HasPrefix(tl, pl) {
		return false
	}
	ps, ts := literalSuffix(p), literalSuffix(t)
	return strings.HasSuffix(ps, ts) || strings.HasSuffix(ts, ps)
}

// compCovers reports whether every name the target component matches also
// matches the pattern component.
func compCovers(p, t string) bool {
	if !hasMeta(t) {
		ok, _ := path.Match(p, t)
		return ok
	}
	return p == "*" || p == t
}

// escapedLiteral returns the text a glob stands for when each of its
// metacharacters is escaped (\*), and whether it is such a glob.
func escapedLiteral(g string) (string, bool) {
	if !strings.Contains(g, `\`) {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(g); i++ {
		switch c := g[i]; c {
		case '\\':
			if i+1 >= len(g) {
				return "", false
			}
			i++
			b.WriteByte(g[i])
		case '*', '?', '[':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

func literalPrefix(s string) string {
	if i := strings.IndexAny(s, globMeta); i >= 0 {
		return s[:i]
	}
	return s
}

func literalSuffix(s string) string {
	if i := strings.LastIndexAny(s, globMeta); i >= 0 {
		return s[i+1:]
	}
	return s
}
