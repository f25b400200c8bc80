package cli

import (
	"encoding/json"

	"github.com/belay-sh/belay/internal/shell"
)

func (a *app) facts(args []string) error {
	var root string
	var asJSON bool
	fs := flagSet("facts", map[string]any{"root": &root, "json": &asJSON})
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("facts takes no operands", "belay facts [--root DIR] [--json]")
	}
	rep := a.newHost(root, shell.Bash).Report()
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.WriteText(a.stdout)
	return nil
}
