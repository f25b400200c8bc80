package cli

import (
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// The prose of the help texts (a command's about and more, and usageTail)
// is written for the terminal in a small fixed shape, which help.go writes
// too and the man page reads back into paragraphs and lists:
//
//	a paragraph of prose, lines at column 0
//
//	heading:             a titled block: "usage:", "flags:", "environment:"
//	  TERM   description   items: indented, two or more spaces between
//	                       a continuation line, indented to the description
//	  an indented line     without such a gap: a line of prose
//
//	usage: belay check   a heading with its one line on the same line
//
// Blocks are separated by blank lines.

// helpBlock is one block of a help text.
type helpBlock struct {
	heading  string     // "usage", "flags", "exit status of check and exec"; "" for none
	inline   string     // what follows "usage:" on the same line
	prose    []string   // lines of prose (the block has no items)
	items    []helpItem // the block's items
	synopsis []string   // indented lines of a "usage" block, as they are
}

// helpItem is one "TERM   description" line of a help text.
type helpItem struct {
	term string // "--root DIR", "check", "BELAY_ACK", "0"
	desc string // the description, continuation lines joined
}

// headingRE matches a block's heading: lower-case words, maybe commas.
var headingRE = lazy.Regexp{Expr: `^[a-z][a-z ,]*$`} // compiled on first use, not at init

// parseHelp reads a help text into blocks.
func parseHelp(text string) []helpBlock {
	var blocks []helpBlock
	var cur *helpBlock
	itemIndent := 0 // where the block's terms start; deeper lines continue an item
	for line := range strings.SplitSeq(strings.TrimRight(text, "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			cur = nil
			continue
		}
		if cur == nil {
			blocks = append(blocks, helpBlock{})
			cur = &blocks[len(blocks)-1]
			if h, rest, ok := strings.Cut(line, ":"); ok && headingRE.Get().MatchString(h) &&
				(rest == "" || h == "usage") {
				cur.heading = h
				cur.inline = strings.TrimSpace(rest)
				continue
			}
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		body := strings.TrimSpace(line)
		switch {
		case indent == 0:
			cur.prose = append(cur.prose, body)
		case cur.heading == "usage":
			cur.synopsis = append(cur.synopsis, body)
		case len(cur.items) > 0 && indent > itemIndent:
			it := &cur.items[len(cur.items)-1]
			it.desc += " " + body
		default:
			term, desc, ok := splitItem(body)
			if !ok {
				cur.prose = append(cur.prose, body)
				continue
			}
			itemIndent = indent
			cur.items = append(cur.items, helpItem{term: term, desc: desc})
		}
	}
	return blocks
}

// splitItem splits "TERM   description". The gap is two spaces or more,
// but a flag and its placeholder ("--fail-on ACTION exit 1 when …") may be
// followed by one.
func splitItem(body string) (term, desc string, ok bool) {
	if term, desc, ok = strings.Cut(body, "  "); ok {
		return term, strings.TrimSpace(desc), true
	}
	if m := flagItemRE.Get().FindStringSubmatch(body); m != nil {
		return m[1], m[2], true
	}
	return "", "", false
}

// flagItemRE matches a flag item with a one-space gap.
var flagItemRE = lazy.Regexp{Expr: `^(--?[a-z][a-z-]*(?: [A-Z][A-Z_-]*)?) (.+)$`}

// findBlock returns the block with the given heading, or nil.
func findBlock(blocks []helpBlock, heading string) *helpBlock {
	for i := range blocks {
		if blocks[i].heading == heading {
			return &blocks[i]
		}
	}
	return nil
}
