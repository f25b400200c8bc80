package facts

import (
	"debug/elf"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostLibDirs are searched on the real host for the libraries /bin/true needs.
var hostLibDirs = []string{"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
	"/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"}

// installTrue copies the real /bin/true into the fake root at p, with its
// ELF interpreter (at its PT_INTERP path) and every shared library it needs,
// transitively (each at its real path on this host). It returns the
// interpreter's path and the libraries' root paths by name.
func installTrue(t *testing.T, r *fakeRoot, p string) (string, map[string]string) {
	t.Helper()
	data, err := os.ReadFile("/bin/true")
	if err != nil {
		t.Skip("no /bin/true:", err)
	}
	f, err := elf.Open("/bin/true")
	if err != nil {
		t.Skip("/bin/true is not ELF:", err)
	}
	defer f.Close()
	interp := ""
	for _, pr := range f.Progs {
		if pr.Type == elf.PT_INTERP {
			b := make([]byte, pr.Filesz)
			pr.ReadAt(b, 0)
			interp = strings.TrimRight(string(b), "\x00")
		}
	}
	if interp == "" {
		t.Skip("/bin/true is static")
	}
	r.fileMode(p, string(data), 0o755)
	copyHost := func(hostPath, rootPath string) {
		real, err := filepath.EvalSymlinks(hostPath)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(real)
		if err != nil {
			t.Fatal(err)
		}
		r.fileMode(rootPath, string(b), 0o755)
	}
	copyHost(interp, interp)
	libs := map[string]string{}
	queue, _ := f.ImportedLibraries()
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if _, ok := libs[n]; ok {
			continue
		}
		found := ""
		for _, d := range hostLibDirs {
			if _, err := os.Stat(filepath.Join(d, n)); err == nil {
				found = filepath.Join(d, n)
				break
			}
		}
		if found == "" {
			t.Skipf("cannot find %s on this host", n)
		}
		real, _ := filepath.EvalSymlinks(found)
		libs[n] = real
		copyHost(found, real)
		lf, err := elf.Open(real)
		if err != nil {
			t.Fatal(err)
		}
		more, _ := lf.ImportedLibraries()
		lf.Close()
		queue = append(queue, more...)
	}
	return interp, libs
}

func TestInitAbsoluteSymlinkResolvedInsideRoot(t *testing.T) {
	r := newRoot(t)
	r.link("/sbin/init", "/lib/systemd/systemd")
	// This host may well have /lib/systemd/systemd: the root does not.
	wantHolds(t, r.ask(InitCannotStart, ""), "/sbin/init -> /lib/systemd/systemd: no such file")

	interp, libs := installTrue(t, r, "/lib/systemd/systemd")
	a := r.ask(InitCannotStart, "")
	wantNot(t, a)
	if a.Detail != "/sbin/init -> /lib/systemd/systemd" {
		t.Errorf("detail %q", a.Detail)
	}
	st := r.host().initStatus()
	if st.Libs != len(libs) || st.Resolved != "/lib/systemd/systemd" || st.Source != "default" {
		t.Errorf("status %+v, libs %v", st, libs)
	}

	r.rm(interp)
	wantHolds(t, r.ask(InitCannotStart, ""), "/sbin/init -> /lib/systemd/systemd: interpreter "+interp+" missing")
}

func TestInitMissingLibrary(t *testing.T) {
	r := newRoot(t)
	_, libs := installTrue(t, r, "/sbin/init")
	wantNot(t, r.ask(InitCannotStart, ""))
	libc, ok := libs["libc.so.6"]
	if !ok {
		t.Skip("/bin/true does not use libc.so.6")
	}
	r.rm(libc)
	wantHolds(t, r.ask(InitCannotStart, ""), "libc.so.6 needed by /sbin/init not found")

	// a library found only through ld.so.conf and its include
	r.fileMode("/opt/mylibs/libc.so.6", string(mustRead(t, libc)), 0o755)
	wantHolds(t, r.ask(InitCannotStart, ""), "libc.so.6 needed by /sbin/init not found")
	r.file("/etc/ld.so.conf", "# comment\ninclude /etc/ld.so.conf.d/*.conf\n")
	r.file("/etc/ld.so.conf.d/my.conf", "/opt/mylibs\n")
	wantNot(t, r.ask(InitCannotStart, ""))

	// a library that is not an ELF file is not taken
	r.file("/opt/mylibs/libc.so.6", "not a library")
	wantHolds(t, r.ask(InitCannotStart, ""), "libc.so.6 needed by /sbin/init not found (/opt/mylibs/libc.so.6:")
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInitMergedUsrRelativeLinks(t *testing.T) {
	r := newRoot(t)
	r.link("/sbin", "usr/sbin")
	r.link("/usr/sbin/init", "../lib/systemd/systemd")
	installTrue(t, r, "/usr/lib/systemd/systemd")
	a := r.ask(InitCannotStart, "")
	wantNot(t, a)
	if a.Detail != "/sbin/init -> /usr/lib/systemd/systemd" {
		t.Errorf("detail %q", a.Detail)
	}
	// the rename of the incident: /usr/sbin moved away, init gone
	if err := os.Rename(r.path("/usr/sbin"), r.path("/usr/sbin.backup")); err != nil {
		t.Fatal(err)
	}
	r.link("/usr/sbin", "/usr/bin")
	r.mkdir("/usr/bin")
	wantHolds(t, r.ask(InitCannotStart, ""), "/sbin/init -> /usr/bin/init: no such file")
}

func TestInitDotDotStaysInsideRoot(t *testing.T) {
	r := newRoot(t)
	r.link("/sbin/init", "../../../../../../../../lib/systemd/systemd")
	wantHolds(t, r.ask(InitCannotStart, ""), "-> /lib/systemd/systemd: no such file")
	installTrue(t, r, "/lib/systemd/systemd")
	wantNot(t, r.ask(InitCannotStart, ""))
}

func TestInitBadStates(t *testing.T) {
	tests := []struct {
		name  string
		setup func(r *fakeRoot)
		want  string
	}{
		{"nothing at all", func(r *fakeRoot) {}, "/sbin/init: no such file (no /etc/init or /bin/init either; the kernel would fall back to /bin/sh)"},
		{"symlink loop", func(r *fakeRoot) { r.link("/sbin/init", "/sbin/init2").link("/sbin/init2", "init") },
			"too many levels of symbolic links"},
		{"not executable", func(r *fakeRoot) { r.fileMode("/sbin/init", "#!/bin/sh\n", 0o644) }, "/sbin/init: not executable"},
		{"a directory", func(r *fakeRoot) { r.mkdir("/sbin/init") }, "/sbin/init: not a regular file"},
		{"script without its interpreter", func(r *fakeRoot) { r.fileMode("/sbin/init", "#!/bin/sh -e\nexec foo\n", 0o755) },
			"/sbin/init: interpreter /bin/sh missing"},
		{"empty #!", func(r *fakeRoot) { r.fileMode("/sbin/init", "#!\n", 0o755) }, "/sbin/init: empty #! line"},
		{"not a program", func(r *fakeRoot) { r.fileMode("/sbin/init", "hello", 0o755) }, "neither an ELF binary nor a #! script"},
		{"truncated ELF", func(r *fakeRoot) {
			b, err := os.ReadFile("/bin/true")
			if err != nil {
				r.t.Skip(err)
			}
			r.fileMode("/sbin/init", string(b[:100]), 0o755)
		}, "/sbin/init: bad ELF file"},
		{"component is a file", func(r *fakeRoot) { r.file("/sbin", "x") }, "/sbin/init: not a directory"},
		{"init= missing", func(r *fakeRoot) {
			installTrue(r.t, r, "/sbin/init")
			r.file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz ro quiet init=/bin/bash\n")
		}, "/bin/bash: no such file"},
		{"init= relative", func(r *fakeRoot) { r.file("/proc/cmdline", "init=bash") }, "not an absolute path"},
		{"script interpreter loop", func(r *fakeRoot) { r.fileMode("/sbin/init", "#!/sbin/init\n", 0o755) },
			"too many levels of #! interpreters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRoot(t)
			tt.setup(r)
			wantHolds(t, r.ask(InitCannotStart, ""), tt.want)
		})
	}
}

func TestInitGoodStates(t *testing.T) {
	tests := []struct {
		name  string
		setup func(r *fakeRoot)
		want  string
	}{
		{"script with interpreter", func(r *fakeRoot) {
			installTrue(r.t, r, "/bin/sh")
			r.fileMode("/sbin/init", "#!/bin/sh\nexec /lib/systemd/systemd\n", 0o755)
		}, "/sbin/init"},
		{"init= after -- belongs to init", func(r *fakeRoot) {
			installTrue(r.t, r, "/sbin/init")
			r.file("/proc/cmdline", "ro quiet -- init=/bin/bash")
		}, "/sbin/init"},
		{"init= quoted", func(r *fakeRoot) {
			installTrue(r.t, r, "/opt/my init")
			r.file("/proc/cmdline", `ro init="/opt/my init" quiet`)
		}, "/opt/my init"},
		{"kernel falls back to /bin/init", func(r *fakeRoot) {
			r.link("/sbin/init", "/lib/systemd/systemd")
			installTrue(r.t, r, "/bin/init")
		}, "/bin/init"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRoot(t)
			tt.setup(r)
			a := r.ask(InitCannotStart, "")
			wantNot(t, a)
			if a.Detail != tt.want {
				t.Errorf("detail %q, want %q", a.Detail, tt.want)
			}
		})
	}
}
