// Package inline reads code in other languages that a command line carries
// inside it — `python3 -c CODE`, `perl -e CODE`, an awk program, a script fed
// to an interpreter on standard input, SQL given to a database client — with
// a tokenizer of that language (strings, comments, escapes; never regexps
// over the raw text), and reports what the code would do that a shell
// command could also do: run a command, delete or overwrite a path, reboot,
// kill everything, fork without end, or drop a database.
//
// It knows nothing of shells: internal/shell calls it and turns each Finding
// into a nested command line, an argv or an effect, judged like any other.
// Every reader is linear in the size of its input and never panics.
package inline

// Lang is a language whose code inline can read.
type Lang string

// The languages of interpreters' inline code.
const (
	Python Lang = "python"
	Perl   Lang = "perl"
	Ruby   Lang = "ruby"
	JS     Lang = "js" // node, nodejs, deno, bun
	PHP    Lang = "php"
	Awk    Lang = "awk" // awk, gawk, mawk, nawk, busybox awk
	Lua    Lang = "lua"
	Tcl    Lang = "tcl" // tclsh, wish, expect
)

// Kind is what a Finding is.
type Kind int

// The kinds of Finding.
const (
	// ShellLine: the code hands Text to a shell (os.system, backticks,
	// awk's system() or print | "cmd").
	ShellLine Kind = iota + 1
	// Argv: the code runs a program directly, without a shell
	// (subprocess.run([...]), exec LIST, child_process.spawn).
	Argv
	// Effect: the code itself deletes, writes, renames, chmods or chowns
	// Path (shutil.rmtree, unlink, fs.rmSync, open(p, "w")).
	Effect
	// Power: the code reboots, halts or powers off the machine.
	Power
	// Kill: the code signals Target, a pid or process group as written
	// ("1", "-1", "0"): os.kill(1, 9), process.kill(-1).
	Kill
	// ForkBomb: the code forks without end (fork while 1, os.fork() in an
	// endless loop).
	ForkBomb
	// Dynamic: the code runs something belay cannot read — a command or
	// path computed at run time, eval of computed text, decoded payloads.
	// Call says what; the caller judges it at its worst case.
	Dynamic
)

// Word is a string found in the code: a literal, or a value that could not
// be read statically.
type Word struct {
	Value   string // the literal's value with the language's escapes decoded
	Dynamic bool   // computed at run time (a variable, a concatenation with one, a call)
	Glob    bool   // a pattern the code expands into the paths that match it (perl's glob): Value is the pattern
}

// Finding is one thing the code would do.
type Finding struct {
	Kind Kind
	Pos  int    // byte offset in the code where the call starts
	Call string // the call as the code names it: "os.system", "shutil.rmtree", "system"

	Text    Word   // ShellLine: the command line
	Argv    []Word // Argv: the program and its arguments
	Effect  string // Effect: "delete", "write", "rename", "chmod" or "chown"
	Path    Word   // Effect: the path; for rename, the source
	Dest    Word   // Effect rename: the destination
	Recurse bool   // Effect: the whole tree below Path (rmtree, rm_rf, recursive: true)
	Target  Word   // Kill: the pid or process group
}

// MaxCode is the most code Analyze reads; longer code gets one Dynamic
// finding ("code too long to read") and nothing else.
const MaxCode = 256 << 10

// The Call of a Dynamic finding that says a reader stopped short: at one
// of its bounds, or on an error of its own. What follows in the code was
// not read at all.
const (
	callTooLong     = "code too long to read"
	callInternal    = "internal error reading the code"
	callTooMany     = "more calls than belay reads"
	callTooManyEach = "more calls than belay judges one by one"
)

// Stopped reports whether f says the reader stopped short of the end of
// the code (a bound, or an internal error) rather than that the code
// computes something at run time.
func (f Finding) Stopped() bool {
	if f.Kind != Dynamic {
		return false
	}
	switch f.Call {
	case callTooLong, callInternal, callTooMany, callTooManyEach:
		return true
	}
	return false
}

// reader returns lang's reader, or nil for a language belay cannot read.
// A switch, not a table filled at start-up: belay starts for every line.
func reader(lang Lang) func(code string) []Finding {
	switch lang {
	case Awk:
		return readAwk
	case JS:
		return readJS
	case Lua:
		return readLua
	case Perl:
		return readPerl
	case PHP:
		return readPHP
	case Python:
		return readPython
	case Ruby:
		return readRuby
	case Tcl:
		return readTcl
	}
	return nil
}

// Analyze reads code in lang and returns what it would do, in the order
// found. It never panics: an internal error becomes a Dynamic finding. A
// language it cannot read gives one Dynamic finding.
func Analyze(lang Lang, code string) (out []Finding) {
	read := reader(lang)
	if read == nil {
		return []Finding{{Kind: Dynamic, Call: "code in " + string(lang) + ", which belay cannot read"}}
	}
	if len(code) > MaxCode {
		return []Finding{{Kind: Dynamic, Call: callTooLong}}
	}
	defer func() {
		if r := recover(); r != nil {
			out = append(out, Finding{Kind: Dynamic, Call: callInternal})
		}
	}()
	return read(code)
}
