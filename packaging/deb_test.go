package packaging

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"github.com/belay-sh/belay/internal/testtool"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
)

// shipped is every file and directory the package must hold that is not
// only a parent, with its mode and owner as dpkg-deb -c lists them.
var shipped = map[string]string{
	"./usr/bin/belay":                                  "-rwxr-xr-x root/root",
	"./usr/lib/belay/belay_approval.so":                "-rw-r--r-- root/root",
	"./etc/belay/belay.toml":                           "-rw-r--r-- root/root",
	"./etc/belay/rules.d/":                             "drwxr-xr-x root/root",
	"./etc/profile.d/belay.sh":                         "-rw-r--r-- root/root",
	"./usr/share/belay/hook.zsh":                       "-rw-r--r-- root/root",
	"./usr/share/fish/vendor_conf.d/belay.fish":        "-rw-r--r-- root/root",
	"./var/log/belay/":                                 "drwxr-x--- root/root",
	"./usr/share/man/man1/belay.1.gz":                  "-rw-r--r-- root/root",
	"./usr/share/bash-completion/completions/belay":    "-rw-r--r-- root/root",
	"./usr/share/zsh/vendor-completions/_belay":        "-rw-r--r-- root/root",
	"./usr/share/fish/vendor_completions.d/belay.fish": "-rw-r--r-- root/root",
	"./usr/share/doc/belay/README.md":                  "-rw-r--r-- root/root",
	"./usr/share/doc/belay/SECURITY.md":                "-rw-r--r-- root/root",
	"./usr/share/doc/belay/rules.md":                   "-rw-r--r-- root/root",
	"./usr/share/doc/belay/copyright":                  "-rw-r--r-- root/root",
}

// conffiles are the files dpkg keeps an admin's changes to.
var conffiles = []string{"/etc/belay/belay.toml", "/etc/profile.d/belay.sh"}

// TestDeb builds the package as make deb does, from a belay built here
// and a stand-in for the sudo plugin (its build needs a C compiler and
// sudo's header; only its place in the package is checked). It checks the
// file list, the control fields, the conffiles and the maintainer
// scripts, then unpacks it and runs the packaged belay.
func TestDeb(t *testing.T) {
	dpkgDeb := testtool.Need(t, "dpkg-deb")
	dpkg := testtool.Need(t, "dpkg")
	dir := t.TempDir()
	bin := filepath.Join(dir, "belay")
	build := exec.Command("go", "-C", "..", "build", "-trimpath", "-o", bin, "./cmd/belay")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as make deb builds it
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	plugin := filepath.Join(dir, "belay_approval.so")
	if err := os.WriteFile(plugin, []byte("a stand-in for the sudo plugin\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(dir, "belay.deb")
	if err := Build(Options{Dir: ".", Bin: bin, Plugin: plugin, Version: "1.2.3~test", Out: pkg}); err != nil {
		t.Fatal(err)
	}

	t.Run("contents", func(t *testing.T) {
		out := run(t, dpkgDeb, "-c", pkg)
		listed := map[string]string{}
		for line := range strings.Lines(out) {
			f := strings.Fields(line)
			if len(f) < 6 {
				t.Fatalf("dpkg-deb -c: cannot read %q", line)
			}
			listed[f[5]] = f[0] + " " + f[1]
		}
		for path, want := range shipped {
			if got, ok := listed[path]; !ok {
				t.Errorf("%s is not in the package", path)
			} else if got != want {
				t.Errorf("%s: %s, want %s", path, got, want)
			}
		}
		for path, mode := range listed {
			if _, ok := shipped[path]; !ok && !strings.HasPrefix(mode, "d") {
				t.Errorf("%s is in the package but not in the list of what it ships", path)
			}
		}
	})

	t.Run("control", func(t *testing.T) {
		got := run(t, dpkgDeb, "-f", pkg, "Package", "Version", "Architecture", "Section", "Depends", "Suggests")
		for _, want := range []string{"Package: belay", "Version: 1.2.3~test",
			"Architecture: " + DebArch(runtime.GOARCH), "Section: admin", "Depends: libc6", "Suggests: sudo"} {
			if !strings.Contains(got, want+"\n") {
				t.Errorf("control lacks %q:\n%s", want, got)
			}
		}
	})

	t.Run("conffiles and scripts", func(t *testing.T) {
		ctrl := controlFiles(t, dpkgDeb, pkg)
		got := strings.Fields(ctrl["conffiles"])
		slices.Sort(got)
		if !slices.Equal(got, conffiles) {
			t.Errorf("conffiles = %q, want %q", got, conffiles)
		}
		// The package never edits sudo's or the login shells' settings: no
		// maintainer script names them except in a comment.
		for _, name := range []string{"preinst", "postinst", "prerm", "postrm"} {
			for line := range strings.Lines(ctrl[name]) {
				line = strings.TrimSpace(line)
				if !strings.HasPrefix(line, "#") && (strings.Contains(line, "sudo.conf") || strings.Contains(line, "/etc/shells")) {
					t.Errorf("%s touches sudo's or the shells' settings: %s", name, line)
				}
			}
		}
		if ctrl["postrm"] == "" {
			t.Error("no postrm: nothing cleans up on purge")
		}
	})

	t.Run("install, remove, purge", func(t *testing.T) {
		testDpkgRoot(t, dpkg, dpkgDeb, pkg)
	})

	root := filepath.Join(dir, "root")
	run(t, dpkg, "-x", pkg, root)
	env := hermetic(dir, root)

	t.Run("belay runs", func(t *testing.T) {
		belay := filepath.Join(root, "usr/bin/belay")
		for _, c := range []struct {
			args []string
			code int
		}{
			{[]string{"check", "--no-prompt", "--", "rm -rf /"}, 1},
			{[]string{"check", "--", "ls"}, 0},
			{[]string{"rules", "list"}, 0},
		} {
			cmd := exec.Command(belay, c.args...)
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if code := exitCode(err); code != c.code {
				t.Errorf("belay %q: exit %d, want %d\n%s", c.args, code, c.code, out)
			}
		}
	})

	t.Run("belay.toml examples", func(t *testing.T) {
		// Every commented-out setting, switched on, is a valid config.
		data, err := os.ReadFile(filepath.Join(root, "etc/belay/belay.toml"))
		if err != nil {
			t.Fatal(err)
		}
		setting := regexp.MustCompile(`^#([a-z_"\[].*)$`)
		var all []string
		for line := range strings.Lines(string(data)) {
			if m := setting.FindStringSubmatch(strings.TrimRight(line, "\n")); m != nil {
				all = append(all, m[1])
			}
		}
		if len(all) < 10 {
			t.Fatalf("only %d commented-out settings in belay.toml", len(all))
		}
		// Keep the test's records out of the host's log.
		cfg := strings.ReplaceAll(strings.Join(all, "\n")+"\n", "/var/log/belay/", dir+"/log/")
		cfg = strings.ReplaceAll(cfg, "syslog = true", "syslog = false")
		f := filepath.Join(dir, "all.toml")
		if err := os.WriteFile(f, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(filepath.Join(root, "usr/bin/belay"), "check", "--config", f, "--", "ls")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("belay.toml with every setting on: %v\n%s\n%s", err, out, cfg)
		}
	})

	t.Run("man page", func(t *testing.T) {
		man := testtool.Need(t, "man")
		cmd := exec.Command(man, "--warnings", "-l", filepath.Join(root, "usr/share/man/man1/belay.1.gz"))
		cmd.Env = append(os.Environ(), "MANWIDTH=80", "LC_ALL=C.UTF-8")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 || !strings.Contains(stdout.String(), "belay 1.2.3~test") {
			t.Errorf("man -l belay.1.gz: %v\n%s\n%.200s", err, stderr.String(), stdout.String())
		}
	})

	t.Run("hook loaders", func(t *testing.T) {
		testLoaders(t, dir, root)
	})
}

// hostPath matches an absolute path in a maintainer script that is not
// under $DPKG_ROOT.
var hostPath = regexp.MustCompile(`(^|[^}A-Za-z0-9_])/(etc|var|usr|lib|bin|sbin|opt|root|home|srv|tmp)\b`)

// testDpkgRoot installs the package with dpkg into a throwaway root that
// has a sudo.conf and a shells file, removes it and purges it, checking
// what each step leaves, and that sudo.conf and shells are never touched.
// Maintainer scripts run outside the root there (dpkg has no shell in it
// to chroot to), so first every path in them must be under $DPKG_ROOT.
func testDpkgRoot(t *testing.T, dpkg, dpkgDeb, pkg string) {
	if os.Geteuid() != 0 {
		t.Skip("dpkg --root needs root to give files their owners")
	}
	for name, text := range controlFiles(t, dpkgDeb, pkg) {
		if name == "control" || name == "md5sums" || name == "conffiles" {
			continue
		}
		for line := range strings.Lines(text) {
			code, _, _ := strings.Cut(line, "#")
			if m := hostPath.FindString(code); m != "" {
				t.Fatalf("%s names a path outside $DPKG_ROOT (%s): %s", name, m, line)
			}
		}
	}
	root := t.TempDir()
	for _, d := range []string{"var/lib/dpkg/info", "var/lib/dpkg/updates", "etc"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	kept := map[string]string{
		"etc/sudo.conf": "Plugin sudoers_policy sudoers.so\n",
		"etc/shells":    "/bin/sh\n/bin/bash\n",
	}
	for name, data := range kept {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"var/lib/dpkg/status", "var/lib/dpkg/available"} {
		if err := os.WriteFile(filepath.Join(root, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dpkgIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command(dpkg, append([]string{"--root=" + root, "--force-script-chrootless", "--force-depends"}, args...)...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("dpkg %q: %v\n%s", args, err, out)
		}
	}
	exists := func(name string) bool {
		_, err := os.Lstat(filepath.Join(root, name))
		return err == nil
	}
	checkKept := func(step string) {
		t.Helper()
		for name, want := range kept {
			if got, err := os.ReadFile(filepath.Join(root, name)); err != nil || string(got) != want {
				t.Errorf("after %s, %s is %q (%v), was %q", step, name, got, err, want)
			}
		}
	}

	dpkgIn("-i", pkg)
	checkKept("install")
	for path := range shipped {
		if !exists(path) {
			t.Errorf("installed, %s is missing", path)
		}
	}
	if exists("etc/belay/hooks-enabled") {
		t.Error("installing switched the shell hooks on")
	}
	// What the admin and belay add: the switch, an edit, a log.
	if err := os.WriteFile(filepath.Join(root, "etc/belay/hooks-enabled"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "var/log/belay/audit.jsonl"), []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	dpkgIn("-r", "belay")
	checkKept("remove")
	for _, path := range []string{"etc/belay/belay.toml", "etc/profile.d/belay.sh", "etc/belay/hooks-enabled", "var/log/belay/audit.jsonl"} {
		if !exists(path) {
			t.Errorf("removing (not purging) deleted %s", path)
		}
	}
	if exists("usr/bin/belay") {
		t.Error("removed, usr/bin/belay is still there")
	}

	dpkgIn("-P", "belay")
	checkKept("purge")
	for _, path := range []string{"etc/belay", "etc/profile.d/belay.sh", "var/log/belay"} {
		if exists(path) {
			t.Errorf("purged, %s is still there", path)
		}
	}
}

// testLoaders checks that the hook loaders do nothing until the switch
// file exists, and load the hook once it does. They name
// /etc/belay/hooks-enabled and /usr/bin/belay; copies that name the
// unpacked ones are what is run.
func testLoaders(t *testing.T, dir, root string) {
	enabled := filepath.Join(dir, "hooks-enabled")
	belay := filepath.Join(root, "usr/bin/belay")
	loaders := []struct {
		shell, file string
		argv        []string // runs the loader given after it, interactively; says whether it ran and a hook is there
	}{
		{"bash", "etc/profile.d/belay.sh", []string{"--norc", "--noprofile", "-i", "-c",
			`. "$0"; h=no; [[ -n $(compgen -A function __belay_) ]] && h=yes; echo "loaded=${__belay_profile_loaded-no} hook=$h"`}},
		{"zsh", "usr/share/belay/hook.zsh", []string{"-f", "-i", "-c",
			`source "$0"; h=no; (( ${#${(k)functions[(I)__belay_*]}} )) && h=yes; echo "loaded=${__belay_profile_loaded-no} hook=$h"`}},
		{"fish", "usr/share/fish/vendor_conf.d/belay.fish", []string{"--no-config", "-i", "-c",
			`source $argv[1]; set -l h no; functions -a | string match -q '__belay_*'; and set h yes; set -q __belay_profile_loaded; or set -l __belay_profile_loaded no; echo loaded=$__belay_profile_loaded hook=$h`}},
	}
	// Whether this belay has a hook to load (belay init lands separately).
	hasInit := exec.Command(belay, "init", "bash").Run() == nil
	for _, l := range loaders {
		t.Run(l.shell, func(t *testing.T) {
			sh := testtool.Need(t, l.shell)
			data, err := os.ReadFile(filepath.Join(root, l.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"/etc/belay/hooks-enabled", "/usr/bin/belay"} {
				if !strings.Contains(string(data), s) {
					t.Fatalf("%s does not name %s", l.file, s)
				}
			}
			text := strings.NewReplacer("/etc/belay/hooks-enabled", enabled, "/usr/bin/belay", belay).Replace(string(data))
			loader := filepath.Join(dir, "loader."+l.shell)
			if err := os.WriteFile(loader, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			loaded := func() string {
				cmd := exec.Command(sh, append(slices.Clone(l.argv), loader)...)
				cmd.Env = hermetic(dir, root)
				cmd.Stdin = strings.NewReader("")
				out, _ := cmd.Output()
				return strings.TrimSpace(string(out))
			}
			os.Remove(enabled)
			if got := loaded(); !strings.HasSuffix(got, "loaded=no hook=no") {
				t.Errorf("without the switch: %q, want loaded=no hook=no", got)
			}
			if !hasInit {
				t.Skip("this belay has no init command yet")
			}
			if err := os.WriteFile(enabled, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(enabled)
			if got := loaded(); !strings.HasSuffix(got, "loaded=1 hook=yes") {
				t.Errorf("with the switch: %q, want loaded=1 hook=yes", got)
			}
		})
	}
}

// hermetic is an environment that keeps the packaged belay to the
// unpacked /etc/belay and away from the user's files and the host's log.
func hermetic(dir, root string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "BELAY_") && !strings.HasPrefix(k, "XDG_") && k != "HOME" {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+dir+"/home", "XDG_CONFIG_HOME="+dir+"/config",
		"XDG_CACHE_HOME="+dir+"/cache", "XDG_STATE_HOME="+dir+"/state",
		"BELAY_ETC="+filepath.Join(root, "etc/belay"), "NO_COLOR=1",
		// Run as root, belay would make and write the host's /var/log/belay.
		"BELAY_AUDIT_FILE="+dir+"/audit.jsonl", "BELAY_AUDIT_SYSLOG=off")
}

// controlFiles returns the files of the package's control archive.
func controlFiles(t *testing.T, dpkgDeb, pkg string) map[string]string {
	t.Helper()
	out, err := exec.Command(dpkgDeb, "--ctrl-tarfile", pkg).Output()
	if err != nil {
		t.Fatalf("dpkg-deb --ctrl-tarfile: %v", err)
	}
	files := map[string]string{}
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[strings.TrimPrefix(h.Name, "./")] = string(data)
	}
	return files
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("%s %q: %v\n%s", name, args, err, ee.Stderr)
		}
		t.Fatalf("%s %q: %v", name, args, err)
	}
	return string(out)
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestManPageGzip: the page is stored as gzip -9n would: no name and no
// time stamp, so the same page gives the same bytes.
func TestManPageGzip(t *testing.T) {
	dir := t.TempDir()
	if err := writeGenerated(dir, "1.0"); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "belay.1.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header has name %q, time %v", zr.Name, zr.ModTime)
	}
	page, err := io.ReadAll(zr)
	if err != nil || !bytes.HasPrefix(page, []byte(`.\" belay(1)`)) {
		t.Errorf("belay.1.gz: %v, starts %.40q", err, page)
	}
}

// TestDebArch: file names use Debian's architecture names, as nfpm does
// in the control file.
func TestDebArch(t *testing.T) {
	for goarch, want := range map[string]string{"amd64": "amd64", "arm64": "arm64", "386": "i386"} {
		if got := DebArch(goarch); got != want {
			t.Errorf("DebArch(%s) = %s, want %s", goarch, got, want)
		}
		if got := deb.Default.ConventionalFileName(&nfpm.Info{Name: "belay", Version: "1", Arch: goarch}); got != "belay_1_"+want+".deb" {
			t.Errorf("nfpm names the %s package %s, not belay_1_%s.deb", goarch, got, want)
		}
	}
}

// TestHostPath: the guard before maintainer scripts run outside the root
// catches a path that is not under $DPKG_ROOT.
func TestHostPath(t *testing.T) {
	for line, host := range map[string]bool{
		`rm -rf /var/log/belay`:                    true,
		`rm -f "/etc/belay/hooks-enabled"`:         true,
		`x=/usr/share/belay`:                       true,
		`rm -rf "$DPKG_ROOT/var/log/belay"`:        false,
		`rmdir "${DPKG_ROOT}/etc/belay" || true`:   false,
		`rm -f "$DPKG_ROOT/etc/belay/x" /tmp/junk`: true,
		`exit 0`: false,
	} {
		if got := hostPath.MatchString(line); got != host {
			t.Errorf("hostPath on %q = %v, want %v", line, got, host)
		}
	}
}
