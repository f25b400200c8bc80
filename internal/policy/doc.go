// Package policy is belay's rule engine: it loads rule packs (TOML files, see
// docs/rules.md), compiles them into a Set, and decides what to do about the
// invocations that internal/shell found in a command line.
//
// The flow is ParsePack (or Builtin, or ParseDir) for each pack, Compile for
// the ordered list of packs, then Set.Decide for every line. Decide asks host
// facts through an Asker, and only for rules whose every other condition
// already matched, so an ordinary command asks nothing.
package policy
