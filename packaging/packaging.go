// Package packaging builds belay's Debian package with nfpm (used as a
// library, so that no packaging tool needs installing): the package is
// described in nfpm.yaml beside this file, next to the files it ships
// (belay.toml, the hook loaders, postrm). The man page and the completion
// scripts are rendered from internal/cli as the package is built, so they
// always match the binary's help. cmd mkdeb is its command line.
package packaging

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
	"github.com/goreleaser/nfpm/v2/files"

	"github.com/belay-sh/belay/internal/cli"
)

// PluginPath is where the package puts the sudo approval plugin.
const PluginPath = "/usr/lib/belay/belay_approval.so"

// Options say what to package and where.
type Options struct {
	Dir     string    // this directory, with nfpm.yaml
	Bin     string    // the belay binary to ship
	Plugin  string    // the sudo approval plugin; "" for none
	Version string    // the package's version, e.g. 0.1.0 (Debian rules: starts with a digit)
	Arch    string    // GOARCH to package for; runtime.GOARCH when empty
	MTime   time.Time // the time stamp of every file; zero: $SOURCE_DATE_EPOCH, else now
	Out     string    // the .deb to write
}

// Build writes the Debian package that o describes.
func Build(o Options) (err error) {
	if o.Bin == "" || o.Out == "" || o.Version == "" {
		return errors.New("packaging: Bin, Version and Out are required")
	}
	if o.Arch == "" {
		o.Arch = runtime.GOARCH
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return err
	}
	bin, err := filepath.Abs(o.Bin)
	if err != nil {
		return err
	}
	stage, err := os.MkdirTemp("", "belay-deb-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if err := writeGenerated(stage, o.Version); err != nil {
		return err
	}

	vars := map[string]string{"BIN": bin, "STAGE": stage, "SRC": dir, "TOP": filepath.Dir(dir), "VERSION": o.Version, "ARCH": o.Arch}
	config, err := nfpm.ParseFileWithEnvMapping(filepath.Join(dir, "nfpm.yaml"), func(k string) string {
		return vars[k] // nothing from the environment: the package is the same wherever it is built
	})
	if err != nil {
		return fmt.Errorf("packaging: nfpm.yaml: %v", err)
	}
	info, err := config.Get("deb")
	if err != nil {
		return err
	}
	if !o.MTime.IsZero() {
		info.MTime = o.MTime
	}
	for _, s := range []*string{&info.Scripts.PreInstall, &info.Scripts.PostInstall, &info.Scripts.PreRemove, &info.Scripts.PostRemove} {
		if *s != "" && !filepath.IsAbs(*s) {
			*s = filepath.Join(dir, *s)
		}
	}
	if o.Plugin != "" {
		if _, err := os.Stat(o.Plugin); err != nil {
			return fmt.Errorf("packaging: the sudo plugin: %v (run make plugin)", err)
		}
		info.Contents = append(info.Contents, &files.Content{
			Source: o.Plugin, Destination: PluginPath,
			FileInfo: &files.ContentFileInfo{Mode: 0o644},
		})
		// The plugin is C, linked against the C library.
		info.Depends = append(info.Depends, "libc6")
	}
	if err := nfpm.Validate(info); err != nil {
		return fmt.Errorf("packaging: %v", err)
	}

	f, err := os.Create(o.Out)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(o.Out)
		}
	}()
	return deb.Default.Package(info, f)
}

// writeGenerated renders into dir what the package ships from
// internal/cli: belay.1.gz and completion.bash, .zsh and .fish.
func writeGenerated(dir, version string) error {
	if err := writeGzip(filepath.Join(dir, "belay.1.gz"), []byte(cli.ManPage(version))); err != nil {
		return err
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		script, ok := cli.Completion(sh)
		if !ok {
			return fmt.Errorf("packaging: no completion for %s", sh)
		}
		if err := os.WriteFile(filepath.Join(dir, "completion."+sh), []byte(script), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeGzip writes data compressed as gzip -9n would: no name, no time
// stamp, so that the same page gives the same bytes.
func writeGzip(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fs.FileMode(0o644))
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	if _, err := zw.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// DebArch returns Debian's name for a GOARCH, for file names.
func DebArch(goarch string) string {
	switch goarch {
	case "386":
		return "i386"
	case "arm":
		return "armhf"
	case "ppc64le":
		return "ppc64el"
	case "mipsle":
		return "mipsel"
	case "mips64le":
		return "mips64el"
	}
	return goarch
}
