package agent

import (
	"errors"
	"fmt"
	"strings"

	"github.com/belay-sh/belay/internal/shell"
)

// MaxPatchFiles bounds the files one patch may name.
const MaxPatchFiles = 10000

// ErrNotPatch is an apply_patch input that is not Codex's patch format.
var ErrNotPatch = errors.New("apply_patch's input is not a patch (*** Begin Patch … *** End Patch)")

// PatchFiles reads the files a Codex apply_patch patch changes:
//
//	*** Begin Patch
//	*** Add File: PATH       PATH is written
//	*** Update File: PATH    PATH is written…
//	*** Move to: NEW         …and moved: PATH renamed, NEW written
//	*** Delete File: PATH    PATH is deleted
//	*** End Patch
//
// Paths are as written, relative to the session's directory when not
// absolute. Everything else (the hunks) is skipped.
func PatchFiles(patch string) ([]shell.FileOp, error) {
	var ops []shell.FileOp
	begun := false
	update := -1 // the op of the last Update File, which a Move to renames
	for line := range strings.Lines(patch) {
		line = strings.TrimRight(line, "\r\n")
		if !strings.HasPrefix(line, "*** ") {
			continue
		}
		if strings.TrimSpace(line) == "*** Begin Patch" {
			begun = true
			continue
		}
		if !begun {
			continue
		}
		head, p, ok := strings.Cut(line[4:], ":")
		p = strings.TrimSpace(p)
		if !ok {
			continue
		}
		if p == "" {
			return nil, fmt.Errorf("%w: %q names no file", ErrBadInput, line)
		}
		switch head {
		case "Add File":
			ops = append(ops, shell.FileOp{Kind: shell.Write, Path: p})
			update = -1
		case "Update File":
			ops = append(ops, shell.FileOp{Kind: shell.Write, Path: p})
			update = len(ops) - 1
		case "Delete File":
			ops = append(ops, shell.FileOp{Kind: shell.Delete, Path: p})
			update = -1
		case "Move to":
			if update < 0 {
				return nil, fmt.Errorf("%w: %q follows no Update File", ErrBadInput, line)
			}
			ops[update].Kind = shell.Rename
			ops = append(ops, shell.FileOp{Kind: shell.Write, Path: p})
			update = -1
		default:
			continue
		}
		if len(ops) > MaxPatchFiles {
			return nil, fmt.Errorf("%w: more than %d files in one patch", ErrBadInput, MaxPatchFiles)
		}
	}
	if !begun {
		return nil, ErrNotPatch
	}
	return ops, nil
}
