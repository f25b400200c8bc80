package facts

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets for the parsers of host files the impact probes read.

// FuzzUtmp: /run/utmp, binary records.
func FuzzUtmp(f *testing.F) {
	f.Add([]byte(utmpFile(utmpRec(7, 901, "pts/0", "alice", "10.0.0.5", 1), utmpRec(8, 2, "pts/1", "x", "", 0))))
	long := utmpRec(7, -1, strings.Repeat("L", 40), strings.Repeat("U", 40), strings.Repeat("H", 300), -5)
	f.Add([]byte(utmpFile(long, long)[:500]))
	f.Add([]byte{7, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ls := parseUtmp(data)
		if len(ls) > len(data)/utmpSize || len(ls) > maxUtmpRecords {
			t.Fatalf("%d records from %d bytes", len(ls), len(data))
		}
		for _, l := range ls {
			if l.User == "" || len(l.User) > utLenUser || len(l.Line) > utLenLine || len(l.Host) > utLenHost {
				t.Fatalf("bad login %+v", l)
			}
		}
	})
}

// FuzzLogindSession: /run/systemd/sessions/ID.
func FuzzLogindSession(f *testing.F) {
	f.Add([]byte("USER=carol\nTTY=/dev/pts/2\nREMOTE_HOST=10.0.0.7\nLEADER=12\nCLASS=user\nSTATE=active\nREALTIME=1700000000000000\n"))
	f.Add([]byte("USER=\nCLASS=greeter\n=x\nLEADER=-1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, ok := parseLogindSession(data)
		if ok && l.User == "" {
			t.Fatalf("login without user %+v", l)
		}
	})
}

// FuzzProcStartTicks: the start time field of /proc/PID/stat.
func FuzzProcStartTicks(f *testing.F) {
	f.Add([]byte("600 (apt-get) S 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 353952000 0 0"))
	f.Add([]byte("7 (a) b) c) R 3 7 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 18446744073709551615"))
	f.Add([]byte(")"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, ok := procStartTicks(data)
		if !ok && n != 0 {
			t.Fatalf("%d without ok", n)
		}
	})
}

// FuzzUdevData: /run/udev/data/bMAJ:MIN.
func FuzzUdevData(f *testing.F) {
	f.Add([]byte("S:disk/by-uuid/x\nE:ID_FS_TYPE=ext4\nE:ID_FS_LABEL=a=b\nE:=x\nE:NOEQUALS\nG:systemd\n"))
	f.Add([]byte(strings.Repeat("E:K=v\n", 10)))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := parseUdevData(data)
		if len(p) > maxUdevKeys {
			t.Fatalf("%d keys", len(p))
		}
		if _, ok := p[""]; ok {
			t.Fatal("empty key")
		}
	})
}

// FuzzUnitDeps: the dependency keys of systemd unit files and drop-ins.
func FuzzUnitDeps(f *testing.F) {
	f.Add([]byte("[Unit]\nRequires=a.service b.service\nBindsTo=c\\\n d\nPartOf=\n[Install]\nWantedBy=multi-user.target\nAlias=x.service\n"))
	f.Add([]byte("[Unit\n;c\n#c\nRequires=a \\\n# comment\n b\\"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := parseUnitDeps(data)
		for _, l := range [][]string{d.Requires, d.Requisite, d.BindsTo, d.PartOf, d.WantedBy, d.RequiredBy, d.Also, d.Alias} {
			if len(l) > 1024+64 {
				t.Fatalf("list of %d", len(l))
			}
			for _, u := range l {
				if u == "" || strings.ContainsAny(u, " \t\n") {
					t.Fatalf("bad unit %q", u)
				}
			}
		}
	})
}

// FuzzDpkgDB: dpkg's status file as the removal model reads it, and the
// removal computed on it.
func FuzzDpkgDB(f *testing.F) {
	f.Add([]byte(dpkgDB), "libc6")
	f.Add([]byte("Package: a\nStatus: install ok installed\nDepends: b | c:any (>= 1) [amd64] <!nocheck>,\n d\nProvides: b\n\nPackage: d\nStatus: install ok installed\nDepends: a\n"), "d")
	f.Add([]byte("Package: x\nStatus: install ok installed\nPre-Depends: ,,|,: \n"), "x:amd64")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		pkgs, ok := parseDpkgDB(data, nil)
		if !ok {
			t.Fatal("stopped without a stop")
		}
		for _, p := range pkgs {
			if p.Name == "" {
				t.Fatalf("package without name %+v", p)
			}
			for _, c := range p.Depends {
				if len(c) == 0 {
					t.Fatal("empty clause")
				}
				for _, a := range c {
					if a.Name == "" {
						t.Fatal("empty alternative")
					}
				}
			}
		}
		r := removalSet(pkgs, []string{name}, time.Now().Add(time.Second))
		if len(r.removed) > len(pkgs) || r.nAsked > len(r.removed) {
			t.Fatalf("removed %d of %d, asked %d", len(r.removed), len(pkgs), r.nAsked)
		}
		seen := map[int]bool{}
		for _, i := range r.removed {
			if seen[i] || i < 0 || i >= len(pkgs) {
				t.Fatalf("bad removal %v", r.removed)
			}
			seen[i] = true
		}
		if len(r.asked) > 0 {
			_ = r.text("apt-get")
		}
	})
}

// FuzzSSHTitle: sshd's process titles.
func FuzzSSHTitle(f *testing.F) {
	f.Add("sshd: alice@pts/0")
	f.Add("sshd-session: backup@notty")
	f.Add("sshd: alice [priv]")
	f.Add("sshd: @")
	f.Fuzz(func(t *testing.T, title string) {
		s, ok := parseSSHTitle(strings.Split(title, "\x00"))
		if ok && (s.user == "" || s.tty == "" || strings.ContainsAny(s.user, " [")) {
			t.Fatalf("bad session %+v", s)
		}
	})
}

// FuzzGlobCovers: a glob target's matching of paths, and its expansion's
// component matching: never a panic, and a path always covers itself.
func FuzzGlobCovers(f *testing.F) {
	f.Add("/var/www/*", "/var/www/html/index.php", true)
	f.Add("/a/[!b]?/c*", "/a/xy/cd", false)
	f.Add("/[", "/[", false)
	f.Fuzz(func(t *testing.T, pattern, p string, under bool) {
		if !utf8.ValidString(pattern) || !strings.HasPrefix(pattern, "/") {
			return
		}
		tg := target{ImpactTarget: ImpactTarget{Path: pattern, Glob: true}, canon: pattern, comps: splitPath(pattern)}
		tg.covers(p, under)
		for _, c := range tg.comps {
			matchComponent(c, c)
		}
		lit := target{ImpactTarget: ImpactTarget{Path: pattern}, canon: pattern}
		if !lit.covers(pattern, under) {
			t.Fatalf("%q does not cover itself", pattern)
		}
	})
}
