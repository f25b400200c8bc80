package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
)

// output writes belay's messages to stderr, coloured when stderr is a
// terminal (fatih/color decides from stdout, which is not where we write).
type output struct {
	w                            io.Writer
	red, yellow, cyan, bold, dim *color.Color
}

// newOutput decides colour from mode ("auto", "always", "never"),
// NO_COLOR, TERM=dumb and whether w is a terminal.
func newOutput(w io.Writer, getenv func(string) string, mode string) *output {
	on := false
	switch mode {
	case "always":
		on = true
	case "never":
		on = false
	default:
		if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			on = getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
		}
	}
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return &output{
		w:      w,
		red:    mk(color.FgRed, color.Bold),
		yellow: mk(color.FgYellow, color.Bold),
		cyan:   mk(color.FgCyan),
		bold:   mk(color.Bold),
		dim:    mk(color.Faint),
	}
}

func (o *output) line(label *color.Color, kind, msg string) {
	fmt.Fprintf(o.w, "belay: %s %s\n", label.Sprint(kind+":"), msg)
}

func (o *output) errorf(format string, args ...any) {
	o.line(o.red, "error", safe(fmt.Sprintf(format, args...)))
}

func (o *output) warnf(format string, args ...any) {
	o.line(o.yellow, "warning", safe(fmt.Sprintf(format, args...)))
}

func (o *output) hint(msg string) {
	o.line(o.cyan, "hint", safe(msg))
}

// hintLines prints a hint whose first line is the hint and whose further
// lines are a command to type as shown: each printed as is (made safe),
// unprefixed, so that it can be copied whole.
func (o *output) hintLines(msg string) {
	first, rest, _ := strings.Cut(msg, "\n")
	o.hint(first)
	if rest == "" {
		return
	}
	for _, l := range strings.Split(rest, "\n") {
		fmt.Fprintln(o.w, safe(l))
	}
}

// safe makes a string harmless for a terminal: control characters and
// invalid UTF-8 are shown as escapes, so a command line cannot smuggle
// escape sequences into belay's output.
func safe(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f || s[i] >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsControl(r) || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Bidi_Control, r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// quote is safe with single quotes around it, for naming a user's word.
func quote(s string) string { return "'" + safe(s) + "'" }
