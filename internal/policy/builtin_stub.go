//go:build belaygen

package policy

// Built with the tag belaygen, as go generate runs gen (see builtin.go),
// policy has no built-in packs: gen writes builtin_gen.go from
// rules/*.toml, and must build whatever that file holds now.
var (
	builtinPacks []*Pack
	builtinIndex *RuleIndex
)

func builtinTests() map[string][]Test { return nil }
