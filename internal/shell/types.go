package shell

import "strconv"

// Dialect is the shell language a line is written in.
type Dialect string

// Dialects understood by Analyze.
const (
	Bash  Dialect = "bash"
	POSIX Dialect = "sh"
	Zsh   Dialect = "zsh"
	Fish  Dialect = "fish"
)

// ParseDialect turns a --shell value into a Dialect.
func ParseDialect(s string) (Dialect, bool) {
	switch s {
	case "", "bash":
		return Bash, true
	case "sh", "posix", "dash", "ash", "ksh", "mksh":
		return POSIX, true
	case "zsh":
		return Zsh, true
	case "fish":
		return Fish, true
	}
	return "", false
}

// Arg is one word of an argv after static expansion.
type Arg struct {
	Value   string // the expanded text; for a dynamic word, its worst case with unknowns empty
	Dynamic bool   // part of it could not be resolved statically ($(…), unknown $VAR, xargs input)
	Glob    bool   // holds an unquoted glob pattern, kept literally in Value
	Raw     string // for a dynamic word, its source text ("$DIR/"*), shown instead of Value
	// What find -exec puts in place of {} stands for: every entry of the
	// tree at Value, the start itself included (Tree), or the entries
	// find's tests pick anywhere below it (Filtered).
	Tree, Filtered bool
	// Source is the source text of a dynamic word when Raw is not it,
	// for rules' sources: xargs's input piped from exiqgrep -i is
	// $(exiqgrep -i).
	Source string
}

// EffectKind names what an invocation does to a path.
type EffectKind string

// The effects an invocation can have.
const (
	Delete   EffectKind = "delete"    // rm, rmdir, unlink, shred -u, find -delete
	Rename   EffectKind = "rename"    // the source of mv/rename
	Write    EffectKind = "write"     // overwrite or truncate: >, dd of=, cp/mv/install/rsync destination, tee, truncate, shred
	Append   EffectKind = "append"    // add at the end: >>, tee -a (under /proc and /sys, a write)
	Edit     EffectKind = "edit"      // change in place: sed -i
	Format   EffectKind = "format"    // mkfs, mkswap, wipefs, partitioning
	Chmod    EffectKind = "chmod"     // chmod
	Chown    EffectKind = "chown"     // chown, chgrp
	LinkOver EffectKind = "link-over" // ln -s/-f replacing its destination
	Read     EffectKind = "read"      // dd if=, the input of a copy
	Exec     EffectKind = "exec"      // a file run as a program
	ForkBomb EffectKind = "fork-bomb" // a function that calls itself in a pipe in the background
	Power    EffectKind = "power"     // reboots, halts or powers off the machine, in any spelling
	// Unseen is code a shell or an interpreter runs that belay cannot
	// see: fetched from the network, the output of a command belay cannot
	// compute, decoded from something it does not know. Path names where
	// it comes from: a URL, "the output of `…`", "$VAR".
	Unseen EffectKind = "unseen-code"
)

// Effect is what an invocation does to one path.
type Effect struct {
	Kind      EffectKind
	Path      string // absolute and cleaned; glob characters kept; "" when nothing is known
	Dynamic   bool   // the path could not be resolved statically (Path is the worst case)
	Glob      bool   // Path holds a glob pattern
	Recursive bool   // applies to the whole tree below Path (rm -r, chmod -R, find -delete)
	Filtered  bool   // applies only to the entries a filter picks anywhere below Path (find / -name core -delete); not Recursive
}

// Pos is a place in the line as typed: 1-based line and column (in bytes).
// The zero Pos is no place.
type Pos struct {
	Line, Col int
}

// IsValid reports whether p is a place.
func (p Pos) IsValid() bool { return p.Line > 0 && p.Col > 0 }

// String returns "line:col", or "" for the zero Pos.
func (p Pos) String() string {
	if !p.IsValid() {
		return ""
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// Ack is an acknowledgement: BELAY_ACK=ID as a prefix assignment of the
// simple command an invocation was found in (BELAY_ACK=id cmd), or of a
// wrapper that ran it (env BELAY_ACK=id cmd, BELAY_ACK=id sudo cmd). It lets
// the rule ID through for that invocation only.
type Ack struct {
	ID  string
	Pos Pos // where the assignment is written
}

// ParseError is a line that does not parse: where, and why.
type ParseError struct {
	Pos Pos
	Msg string
}

func (e *ParseError) Error() string {
	if !e.Pos.IsValid() {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// Invocation is one command that the line would run.
type Invocation struct {
	Argv     []Arg    // the words after expansion, wrappers removed
	Name     string   // base name of Argv[0]
	Operands []string // the arguments that are not options (from the command table), subcommand words included
	Sub      []string // the subcommand path, for commands that have subcommands (docker volume rm: [volume rm])
	DryRun   bool     // run with a dry-run option (kubectl --dry-run=client, rsync -n): Effects holds nothing
	Cwd      string   // working directory it would run in; "" when unknown
	Effects  []Effect // what it does to paths
	Wrappers []string // the chain it was found through, outermost first: "sudo", "bash -c"
	Remote   string   // the host, when run through ssh
	Pos      Pos      // of the command in the outermost line
	Text     string   // the command as it would run, quoted for display
	Stdin    *string  // its standard input when that is a literal (heredoc, here-string, echo … |)
	Acks     []Ack    // rule ids acknowledged for this invocation (BELAY_ACK=id prefixes)
	Options  []Option // its options as the command's grammar reads them, in order
	Origin   *Origin  // where in code inside the line it was found (python3 -c, SQL for mysql -e); nil for the line itself
	// Deferred says, for a command the line defines to run later rather
	// than runs now, what defines it and when it would run: "defines an
	// alias ls, run when ls is typed". "" for a command the line runs.
	Deferred string
}

// Origin is where in code carried by the line an invocation was found:
// the call in python3 -c CODE, the statement in SQL given to mysql -e,
// the command in an awk program.
type Origin struct {
	In     string // what read the code, as the wrapper chain names it: "python3 -c", "mysql -e", "awk"
	Call   string // the call or statement as the code names it: "os.system", "DROP DATABASE"
	Offset int    // byte offset in the code; -1 when the code is words (redis-cli FLUSHALL)
	Word   int    // for code given as words, the index of the command's word (1 is the first after the program)
	Line   int    // 1-based line in the code, when Offset is known
	Col    int    // 1-based column in bytes, when Offset is known
}

// Option is one option of an invocation as its command's grammar reads it:
// a long option given abbreviated is named in full, a bundle of short
// options is one Option each, and a value is the option's whether attached
// or in the next word.
type Option struct {
	Name     string // "-r", "--replicas", "-netns"
	Value    string // the value, when it has one
	HasValue bool
}

// Option returns the value of the last option named name (so that a
// later option overrides an earlier one, as most commands read them), and
// whether the invocation has it at all.
func (inv *Invocation) Option(name string) (val string, ok bool) {
	for i := len(inv.Options) - 1; i >= 0; i-- {
		if inv.Options[i].Name == name {
			return inv.Options[i].Value, true
		}
	}
	return "", false
}

// Acked reports whether rule id is acknowledged for the invocation.
func (inv *Invocation) Acked(id string) bool {
	for _, a := range inv.Acks {
		if a.ID == id {
			return true
		}
	}
	return false
}

// Args returns the expanded argument values after the command name.
func (inv *Invocation) Args() []string {
	if len(inv.Argv) < 2 {
		return nil
	}
	out := make([]string, 0, len(inv.Argv)-1)
	for _, a := range inv.Argv[1:] {
		out = append(out, a.Value)
	}
	return out
}

// Analysis is everything a line would run, with what got in the way of
// knowing it.
type Analysis struct {
	Invocations []*Invocation
	Incomplete  bool     // the line is unfinished (open quote, trailing &&): judged on what it holds
	ParseError  error    // the line does not parse (a *ParseError); Invocations hold what could be recovered
	Problems    []string // limits hit or internal errors; the decision must not be allow
	// StateError says why the session state (Options.State) was ignored;
	// "" when it was read or there was none. The line is judged without it.
	StateError string
	// Session holds the values of the variables the session state set
	// (arrays left out), for messages: "D is /srv/app here".
	Session map[string]string

	work int64 // work units the analysis cost (budget.go)
}

// Options tell Analyze about the world the line runs in.
type Options struct {
	Dialect Dialect           // Bash when empty
	Env     map[string]string // exported variables of the calling shell (HOME, PATH, …)
	Cwd     string            // working directory; "" when unknown
	// MaxBytes is the longest line analysed; a longer one is a Problem
	// (so: confirm). 0 means DefaultMaxBytes; at most 1 MiB.
	MaxBytes int
	// State is what the hook passes of the interactive session: the
	// variables, aliases and functions the line refers to, as definitions
	// in the line's dialect (session.go). "" for none.
	State string
	// StateDropped says the hook had more state than it passes: the
	// line's aliases and functions are unknown (a Problem: confirm).
	StateDropped bool
	// ReadFile reads a file of code the line hands to a program that
	// keeps it to run later (at -f FILE), from the host the line runs on:
	// its text, or an error when it cannot be read. nil: no file is read,
	// and such a file is code belay cannot see.
	ReadFile func(path string) (string, error)
}

// DefaultMaxBytes is the longest line Analyze reads by default: more than
// a shell hook can pass (Linux: 128 KiB in one argument), small enough that
// the densest line gets its decision in well under 100 ms.
const DefaultMaxBytes = 128 << 10

func (o Options) maxBytes() int {
	switch {
	case o.MaxBytes <= 0:
		return DefaultMaxBytes
	case o.MaxBytes > maxLineBytes:
		return maxLineBytes
	}
	return o.MaxBytes
}
