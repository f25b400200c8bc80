// Command floor does nothing but link the three libraries belay requires
// (mvdan.cc/sh/v3 to parse, BurntSushi/toml to read packs and config,
// fatih/color to print), so that scripts/startup-bench can show what their
// initialisation alone adds to a Go program's start, before belay does
// anything: the floor an ordinary check cannot go below.
package main

import (
	_ "github.com/BurntSushi/toml"
	_ "github.com/fatih/color"
	_ "mvdan.cc/sh/v3/expand"
	_ "mvdan.cc/sh/v3/syntax"
)

func main() {}
