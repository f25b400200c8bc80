// Command gen parses the built-in rule packs (rules/*.toml) and writes them
// to internal/policy/builtin.gob, which the policy package embeds. It runs
// from go generate in internal/policy:
//
//	go generate ./internal/policy
//
// An empty rules directory gives an empty list of packs. The file is left
// alone when its content would not change.
package main

import (
	"fmt"
	"os"
	"reflect"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/rules"
)

const out = "builtin.gob"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	packs, err := policy.ParseDir(rules.FS, "rules")
	if err != nil {
		return err
	}
	if _, err := policy.Compile(packs, policy.Options{}); err != nil {
		return err
	}
	if old, err := os.ReadFile(out); err == nil {
		if prev, err := policy.UnmarshalPacks(old); err == nil && reflect.DeepEqual(prev, packs) {
			return nil
		}
	}
	data, err := policy.MarshalPacks(packs)
	if err != nil {
		return err
	}
	n := 0
	for _, p := range packs {
		n += len(p.Rules)
	}
	fmt.Fprintf(os.Stderr, "gen: %d packs, %d rules, %d bytes in %s\n", len(packs), n, len(data), out)
	return os.WriteFile(out, data, 0o644)
}
