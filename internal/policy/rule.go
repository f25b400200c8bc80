package policy

import "github.com/belay-sh/belay/internal/shell"

// Pack is one parsed rule pack file.
type Pack struct {
	Name        string     // [pack] name; every rule id starts with Name + "."
	Description string     // [pack] description
	Source      string     // the file it was read from
	Rules       []*Rule    // in file order
	Overrides   []Override // in file order
	Layer       Layer      // where it was loaded from; set by the loader
	Checked     bool       // ParsePack checked its patterns: Compile may compile them on first use
}

// Layer is where a pack comes from. Later layers override earlier ones,
// but the user's layer may only tighten: it cannot disable a rule or lower
// its action.
type Layer int8

// The layers, in load order.
const (
	LayerBuiltin Layer = iota // compiled into belay
	LayerSystem               // /etc/belay: the fleet's packs and config
	LayerUser                 // the user's own packs and config
)

// String names the layer.
func (l Layer) String() string {
	switch l {
	case LayerSystem:
		return "system"
	case LayerUser:
		return "user"
	}
	return "built-in"
}

// Rule is one [[rule]] of a pack: the conditions an invocation must meet,
// and what to do when it does. Field names follow docs/rules.md; an empty
// condition is left out (it holds for every invocation).
type Rule struct {
	ID           string            // "pack.name", unique across all packs of a Set
	Pack         string            // name of the pack it comes from
	Action       Action            // as written in a Pack; the effective action in a Set
	Environments map[string]Action // action per environment name, replacing Action there
	Message      string            // with {command}, {target} and {facts} placeholders
	Reference    string            // a link or runbook name
	Challenge    string            // for confirm: "", "yes" or "hostname"

	Command        []string    // globs on the base name of argv[0]
	Subcommand     []string    // globs on the first operand
	Flags          []string    // any of these options present
	AllFlags       []string    // all of these options present
	UnlessFlags    []string    // none of these options present
	Operands       []string    // globs; any operand matches one
	UnlessOperands []string    // globs; the rule does not match if any operand matches one
	Args           []string    // globs; any argument (argv[1:]) matches one
	Sources        []string    // globs; the source text of a dynamic argument ($(pidof x), $PID) matches one
	UnlessSources  []string    // globs; the rule does not match if a dynamic argument's source text matches one
	Values         []ValueCond // options with a value; each must be given with a value one of its globs matches
	ArgvRegex      string      // RE2, searched in the argv joined with spaces
	StdinRegex     string      // RE2, searched in the literal standard input; either regexp may match

	Effect       []shell.EffectKind // the invocation has an effect of one of these kinds
	Paths        []string           // path patterns; the effect's path matches one
	ExcludePaths []string           // path patterns; the effect's path matches none
	Names        []string           // globs on the base name of the effect's path (*.qcow2)
	Recursive    Tri                // the effect applies to a whole tree
	Filtered     Tri                // the effect reaches only the entries a filter picks below the path (find -name … -delete)
	Dynamic      Tri                // the effect's path could not be resolved statically
	Remote       Tri                // the invocation runs on another host through ssh

	When    []string // host facts that must all hold
	WhenNot []string // host facts that must not hold

	Tests  []Test // the rule's own cases
	Source string // FILE:LINE of the [[rule]]
}

// ValueCond is one option of a rule's values condition, with globs on its
// value: values = { "--replicas" = ["0"] } holds for kubectl scale
// --replicas=0 and --replicas 0 alike, as the command's grammar reads them.
type ValueCond struct {
	Option string   // "--replicas", "-o"; "-n --namespace": any of these spellings
	Globs  []string // on the value; any may match
}

// Test is one [[rule.test]] case: a line that must, or must not, make its
// rule match.
type Test struct {
	Line  string            // the command line (bash)
	Match bool              // the rule must match (true) or must not (false)
	Cwd   string            // working directory; "" for the default
	Env   map[string]string // environment variables
	Facts map[string]string // facts that hold, with their detail; others do not hold
	Pos   string            // FILE:LINE of the [[rule.test]]
}

// Override changes or switches off a rule of any pack by id.
type Override struct {
	ID       string  // the rule overridden
	Action   *Action // the new action, or nil
	Disabled bool    // the rule is removed
	Reason   string  // why; required
	Source   string  // FILE:LINE of the [[override]]
}

// Tri is a yes/no condition that may be left out.
type Tri int8

// The values of a Tri.
const (
	Unset Tri = iota // no condition
	False            // must be false
	True             // must be true
)

// holds reports whether v satisfies the condition.
func (t Tri) holds(v bool) bool {
	switch t {
	case False:
		return !v
	case True:
		return v
	}
	return true
}

// String returns "", "false" or "true".
func (t Tri) String() string {
	switch t {
	case False:
		return "false"
	case True:
		return "true"
	}
	return ""
}
