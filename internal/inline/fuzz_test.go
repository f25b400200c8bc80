package inline

import (
	"testing"
)

// fuzzRead calls a reader directly, not through Analyze, so that a panic
// fails the fuzz run instead of becoming a Dynamic finding, and checks what
// every finding must hold.
func fuzzRead(t *testing.T, lang Lang, code string) {
	if len(code) > MaxCode {
		return
	}
	fs := reader(lang)(code)
	if len(fs) > maxFindings+2 {
		t.Fatalf("%d findings, more than the bound %d", len(fs), maxFindings)
	}
	for _, f := range fs {
		if f.Pos < 0 || f.Pos >= max(len(code), 1) {
			t.Fatalf("%q: position %d outside the code: %+v", code, f.Pos, f)
		}
		if f.Call == "" || f.Kind < ShellLine || f.Kind > Dynamic {
			t.Fatalf("%q: malformed finding %+v", code, f)
		}
		if f.Kind == Effect && f.Effect == "" {
			t.Fatalf("%q: effect without a name %+v", code, f)
		}
	}
}

func addSeeds(f *testing.F, tables ...[]readCase) {
	for _, tb := range tables {
		for _, c := range tb {
			f.Add(c.code)
		}
	}
}

func FuzzPython(f *testing.F) {
	addSeeds(f, pyDanger, pyOrdinary)
	f.Fuzz(func(t *testing.T, code string) { fuzzRead(t, Python, code) })
}

func FuzzPerl(f *testing.F) {
	addSeeds(f, plDanger, plOrdinary)
	f.Fuzz(func(t *testing.T, code string) {
		fuzzRead(t, Perl, code)
		if w := Written(Perl, code); len(w) > maxWritten {
			t.Fatalf("%d texts written, more than the bound %d", len(w), maxWritten)
		}
	})
}

func FuzzRuby(f *testing.F) {
	addSeeds(f, rbDanger, rbOrdinary)
	f.Fuzz(func(t *testing.T, code string) { fuzzRead(t, Ruby, code) })
}

func FuzzAwk(f *testing.F) {
	addSeeds(f, awkDanger, awkOrdinary)
	f.Fuzz(func(t *testing.T, code string) { fuzzRead(t, Awk, code) })
}
