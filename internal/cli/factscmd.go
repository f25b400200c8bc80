package cli

import (
	"encoding/json"
	"os"

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
	if root != "" {
		// A root that is not there would read as a host whose init
		// cannot start: a usage error, not a report.
		if st, err := os.Stat(root); err != nil || !st.IsDir() {
			return usageErr("--root "+quote(root)+": not a directory", "give the directory of the host tree to read, or leave --root out for this host")
		}
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
