package shell

import "path"

// FileOp is what a program's own tool does to one file, without a shell:
// an AI agent's Write, Edit or apply_patch writing, creating or deleting
// Path.
type FileOp struct {
	Kind EffectKind // Write, Delete, Rename…
	Path string     // as the tool names it; relative to the working directory when not absolute
}

// AnalyzeTool returns the analysis of a file tool named tool doing ops:
// one invocation per operation, named after the tool (argv is the tool
// and the path, as given), with the one effect, so that every rule on
// effects judges it as it would judge a command doing the same. Paths are
// made absolute against opt.Cwd and cleaned as a command's operands are;
// a relative path with no working directory, or an empty one, is not
// known, and judged as rules judge an unknown path.
func AnalyzeTool(tool string, ops []FileOp, opt Options) (res *Analysis) {
	a := newAnalyzer()
	defer a.recover(&res)
	sc := rootScope(opt)
	sc.pos = Pos{Line: 1, Col: 1}
	for _, op := range ops {
		argv := []Arg{{Value: tool}, {Value: op.Path}}
		inv := &Invocation{Argv: argv, Name: tool, Operands: []string{op.Path}, Text: quoteArgv(argv)}
		// A file tool names the file it writes: a relative path with no
		// working directory is any file (a command's relative operand is
		// judged by its shape instead, for histories and scripts).
		unknown := op.Path == "" || !path.IsAbs(op.Path) && sc.cwd == ""
		e := a.effect(op.Kind, Arg{Value: op.Path, Dynamic: unknown}, sc, false)
		e.Dynamic = e.Dynamic || unknown
		if unknown {
			e.Path = ""
		}
		inv.Effects = []Effect{e}
		a.emit(inv, sc)
	}
	return a.out
}
