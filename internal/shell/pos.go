package shell

import (
	"errors"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// toPos turns a parser position into a Pos.
func toPos(p syntax.Pos) Pos {
	if !p.IsValid() {
		return Pos{}
	}
	return Pos{Line: int(p.Line()), Col: int(p.Col())}
}

// parseError turns the parser's error into a *ParseError with the same
// text, so that no caller needs the parser's types.
func parseError(err error) error {
	var pos Pos
	var pe syntax.ParseError
	var le syntax.LangError
	switch {
	case errors.As(err, &pe):
		return &ParseError{Pos: toPos(pe.Pos), Msg: pe.Text}
	case errors.As(err, &le):
		pos = toPos(le.Pos)
	}
	msg := err.Error()
	if pos.IsValid() {
		msg = strings.TrimPrefix(msg, pos.String()+": ")
	}
	return &ParseError{Pos: pos, Msg: msg}
}
