// Command mkdeb builds belay's Debian package (make deb). It is in the
// packaging module, beside nfpm.yaml, which describes the package:
//
//	go -C packaging run ./mkdeb -bin ../dist/belay [-plugin ../sudoplugin/belay_approval.so] \
//	    -version 0.1.0 [-arch amd64] [-o ../dist]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/belay-sh/belay/packaging"
)

func main() {
	var o packaging.Options
	flag.StringVar(&o.Dir, "dir", ".", "the directory with nfpm.yaml")
	flag.StringVar(&o.Bin, "bin", "bin/belay", "the belay binary to ship")
	flag.StringVar(&o.Plugin, "plugin", "", "the sudo approval plugin to ship, if any")
	flag.StringVar(&o.Version, "version", "", "the package's version (required)")
	flag.StringVar(&o.Arch, "arch", runtime.GOARCH, "GOARCH to package for")
	flag.StringVar(&o.Out, "o", ".", "the .deb to write, or a directory to write belay_VERSION_ARCH.deb in")
	flag.Parse()
	if o.Version == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "mkdeb: usage: mkdeb -bin FILE [-plugin FILE] -version VERSION [-arch GOARCH] [-o FILE.deb|DIR]")
		os.Exit(2)
	}
	if fi, err := os.Stat(o.Out); err == nil && fi.IsDir() {
		o.Out = filepath.Join(o.Out, fmt.Sprintf("belay_%s_%s.deb", o.Version, packaging.DebArch(o.Arch)))
	}
	if err := packaging.Build(o); err != nil {
		fmt.Fprintf(os.Stderr, "mkdeb: error: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(o.Out)
}
