// Package packs finds, trusts, reads and caches what belay judges with: the
// rule packs of each layer (built-in, the fleet's /etc/belay/rules.d, the
// user's ~/.config/belay/rules.d and any BELAY_RULES or --rules directory)
// and the belay.toml files that choose among them (/etc/belay/belay.toml,
// then the user's, which may only tighten). It also owns the environment
// rule test cases run in, for self-tests, belay rules test and lint.
//
// Load never fails and never stops belay judging. A pack or config file
// that cannot be used (not a regular file, too large, writable by others,
// in /etc not owned by root, not TOML, an unknown key, a failing self-test,
// an override of a rule no loaded pack has) is left out alone and named in
// Loaded.Refused or Loaded.Ignored, which belay shows on every check; the
// line is judged with everything else. Leaving something out never
// loosens what remains: a refused pack's overrides go with it, and a user's
// setting is honoured only where it tightens.
//
// Parsed packs are cached (see cache.go) so that a check does not decode
// TOML. The cache is only a cache: every entry is re-validated against its
// source file (layer, owner, mode, size, times and a checksum of its
// content) and against a checksum of the entry itself, and a cache file
// that is not the expected owner's or is writable by others is not read.
package packs
