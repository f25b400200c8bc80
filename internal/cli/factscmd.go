package cli

import (
	"encoding/json"

	"github.com/belay-sh/belay/internal/shell"
)

func (a *app) facts(args []string) error {
	fs := a.newFlags("facts")
	root := fs.String("root", "/", "host root")
	asJSON := fs.Bool("json", false, "print JSON on stdout")
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("facts takes no operands", "belay facts [--root DIR] [--json]")
	}
	rep := a.newHost(*root, shell.Bash).Report()
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.WriteText(a.stdout)
	return nil
}
