package policy

//go:generate go run -tags belaygen ./gen

// Builtin returns the built-in packs (rules/*.toml), in file name order,
// without their rules' test cases, which a check does not need. The packs
// are compiled into belay as Go values by go generate (builtin_gen.go):
// decoding TOML costs about 4 ms per 200 rules, and belay runs on every
// command line. Callers must not modify the packs or rules; Compile copies
// what it changes.
func Builtin() ([]*Pack, error) {
	out := make([]*Pack, len(builtinPacks))
	for i, p := range builtinPacks {
		c := *p
		out[i] = &c
	}
	return out, nil
}

// BuiltinWithTests returns the built-in packs with their test cases, for
// belay rules test, show and lint. Each call returns fresh values.
func BuiltinWithTests() ([]*Pack, error) {
	tests := builtinTests()
	out := make([]*Pack, len(builtinPacks))
	for i, p := range builtinPacks {
		c := *p
		c.Rules = make([]*Rule, len(p.Rules))
		for j, r := range p.Rules {
			rc := *r
			rc.Tests = tests[r.ID]
			c.Rules[j] = &rc
		}
		out[i] = &c
	}
	return out, nil
}
