package main

import (
	"os"

	"github.com/belay-sh/belay/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args))
}
