package cli

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// mainHelp is belay's manual in brief, what `belay help` prints: every
// subcommand that is not hidden, with its synopsis and summary, then
// exit statuses, configuration and environment. The man page is
// generated from the same values.
func mainHelp() string {
	var b strings.Builder
	b.WriteString(usageIntro + "\n\nusage:\n")
	var items []helpItem
	for _, c := range commands {
		if c.hidden {
			continue
		}
		b.WriteString("  " + strings.TrimRight("belay "+c.name+" "+c.synopsis, " ") + "\n")
		items = append(items, helpItem{c.name, c.summary})
	}
	b.WriteString("\ncommands:\n")
	writeItems(&b, items)
	b.WriteString("\n" + usageTail)
	return b.String()
}

// help is the subcommand's own help, what `belay NAME --help` prints.
func (c *command) help() string {
	var b strings.Builder
	b.WriteString("usage: " + c.usageLine() + "\n")
	for _, block := range []string{c.about, itemsText(c.subs), flagsText(c.flags), c.more} {
		if block != "" {
			b.WriteString("\n" + strings.TrimRight(block, "\n") + "\n")
		}
	}
	return b.String()
}

// usageLine is "belay NAME USAGE".
func (c *command) usageLine() string {
	u := c.usage
	if u == "" {
		u = c.synopsis
	}
	return strings.TrimRight("belay "+c.name+" "+u, " ")
}

// flagsText is the "flags:" block of a help; "" for none.
func flagsText(flags []flagSpec) string {
	if len(flags) == 0 {
		return ""
	}
	return "flags:\n" + itemsText(flagItems(flags))
}

// flagItems are flags as the items of a help: "--root DIR", its help.
func flagItems(flags []flagSpec) []helpItem {
	items := make([]helpItem, len(flags))
	for i, f := range flags {
		items[i] = helpItem{f.term(), f.help}
	}
	return items
}

// term is the flag as help writes it: "--root DIR", "--json".
func (f *flagSpec) term() string {
	return strings.TrimRight("--"+f.name+" "+f.arg, " ")
}

// itemsText writes items as a help block; "" for none.
func itemsText(items []helpItem) string {
	var b strings.Builder
	writeItems(&b, items)
	return b.String()
}

// Help lines are wrapped at helpWidth, unless the whole item fits in
// helpMaxWidth: a word or two on a line of their own read worse than a
// line a little long.
const (
	helpWidth    = 80
	helpMaxWidth = 92
)

// writeItems writes items indented two spaces, each description two
// spaces after the longest term and wrapped under itself, in the shape
// parseHelp reads back.
func writeItems(b *strings.Builder, items []helpItem) {
	width := 0
	for _, it := range items {
		width = max(width, len(it.term))
	}
	col := 2 + width + 2
	for _, it := range items {
		fmt.Fprintf(b, "  %-*s  ", width, it.term)
		limit := helpWidth
		if col+len(it.desc) <= helpMaxWidth {
			limit = helpMaxWidth
		}
		n := col
		for i, w := range strings.Fields(it.desc) {
			if i > 0 && n+1+len(w) > limit {
				b.WriteString("\n" + strings.Repeat(" ", col))
				n = col
			} else if i > 0 {
				b.WriteByte(' ')
				n++
			}
			b.WriteString(w)
			n += len(w)
		}
		b.WriteByte('\n')
	}
}

// newFlags returns an empty flag set for a subcommand that reports errors
// as usage errors rather than exiting.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("belay "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagSet returns the flag set of a subcommand ("rules list": of rules),
// built from its flags: each bound to the variable vars gives for it, a
// *bool for a flag without a value, a *string, *int, *float64 or a
// flag.Value for one with. A flag without a variable of its kind is a mistake in belay, which
// the tests find (every subcommand's flags are built there): it panics.
// vars may hold more than the subcommand has (check's, for explain).
func flagSet(name string, vars map[string]any) *flag.FlagSet {
	fs := newFlags(name)
	c := lookup(strings.Fields(name)[0])
	if c == nil {
		panic("no subcommand " + name)
	}
	for i := range c.flags {
		f := &c.flags[i]
		switch p := vars[f.name].(type) {
		case *bool:
			if f.arg == "" {
				fs.BoolVar(p, f.name, f.def == "true", f.help)
				continue
			}
		case *string:
			if f.arg != "" {
				fs.StringVar(p, f.name, f.def, f.help)
				continue
			}
		case *int:
			if n, err := strconv.Atoi(cmp.Or(f.def, "0")); err == nil && f.arg != "" {
				fs.IntVar(p, f.name, n, f.help)
				continue
			}
		case *float64:
			if x, err := strconv.ParseFloat(cmp.Or(f.def, "0"), 64); err == nil && f.arg != "" {
				fs.Float64Var(p, f.name, x, f.help)
				continue
			}
		case flag.Value:
			if f.arg != "" {
				fs.Var(p, f.name, f.help)
				continue
			}
		}
		panic(fmt.Sprintf("belay %s --%s: no variable of its kind", name, f.name))
	}
	return fs
}

// exactOperands parses the arguments of a subcommand without flags, which
// takes n operands: else a usage error, msg with its usage line as hint.
func (a *app) exactOperands(name string, args []string, n int, msg string) ([]string, error) {
	fs := flagSet(name, nil)
	if err := a.parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() != n {
		return nil, usageErr(msg, lookup(name).usageLine())
	}
	return fs.Args(), nil
}

// parseFlags parses a subcommand's flags; flags may come before the
// operands only, so that a command line after them is never misread.
// --help prints the subcommand's help.
func (a *app) parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			name, _, _ := strings.Cut(strings.TrimPrefix(fs.Name(), "belay "), " ")
			fmt.Fprint(a.stdout, lookup(name).help())
			return flag.ErrHelp
		}
		msg := err.Error()
		// The flag package names a flag with one dash whatever was typed;
		// belay's flags are written with two.
		if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
			msg = "unknown flag --" + strings.TrimPrefix(name, "-")
		}
		return usageErr(msg, "run '"+fs.Name()+" --help' for its flags")
	}
	return nil
}
