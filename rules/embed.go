// Package rules holds belay's built-in rule packs, embedded in the binary.
package rules

import "embed"

// FS holds the built-in packs, one TOML file each.
//
//go:embed *.toml
var FS embed.FS
