package inline

import (
	"strings"
	"testing"
)

// The fuzz targets call the readers without Analyze's recover, so a panic
// is found, and check what every reading must hold: positions inside the
// input, the bound on findings, the same answer twice. Seeds are the
// tables' cases and testdata/fuzz.

func checkReadFindings(t *testing.T, code string, fs []Finding) {
	t.Helper()
	if len(fs) > findingsCap+2 {
		t.Fatalf("%d findings", len(fs))
	}
	for _, f := range fs {
		if f.Pos < 0 || f.Pos > len(code) {
			t.Fatalf("position %d outside %d bytes", f.Pos, len(code))
		}
		if f.Kind < ShellLine || f.Kind > Dynamic {
			t.Fatalf("kind %d", f.Kind)
		}
	}
}

func checkStatements(t *testing.T, n int, ss []Statement) {
	t.Helper()
	for _, s := range ss {
		if s.Pos < 0 || s.Pos > n {
			t.Fatalf("statement at %d outside %d", s.Pos, n)
		}
		if s.Verb == "" {
			t.Fatalf("statement without a verb: %+v", s)
		}
	}
}

func fuzzReader(f *testing.F, read func(string) []Finding, seeds []codeCase) {
	for _, c := range seeds {
		f.Add(c.code)
	}
	f.Fuzz(func(t *testing.T, code string) {
		if len(code) > MaxCode {
			return
		}
		fs := read(code)
		checkReadFindings(t, code, fs)
		if again := findingSummary(read(code)); again != findingSummary(fs) {
			t.Fatalf("two readings differ:\n%s\n%s", findingSummary(fs), again)
		}
	})
}

func FuzzJS(f *testing.F)  { fuzzReader(f, readJS, append(jsDangerous, jsOrdinary...)) }
func FuzzPHP(f *testing.F) { fuzzReader(f, readPHP, append(phpDangerous, phpOrdinary...)) }
func FuzzLua(f *testing.F) { fuzzReader(f, readLua, append(luaDangerous, luaOrdinary...)) }
func FuzzTcl(f *testing.F) { fuzzReader(f, readTcl, append(tclDangerous, tclOrdinary...)) }

func FuzzSQL(f *testing.F) {
	for _, c := range append(sqlDangerous, sqlOrdinary...) {
		f.Add(c.code, uint8(c.d))
	}
	f.Fuzz(func(t *testing.T, code string, d uint8) {
		if len(code) > MaxCode {
			return
		}
		ss, fs := sqlRead(code, Dialect(d%8))
		checkStatements(t, len(code), ss)
		checkReadFindings(t, code, fs)
		ss2, fs2 := sqlRead(code, Dialect(d%8))
		if dbSummary(ss, fs) != dbSummary(ss2, fs2) {
			t.Fatalf("two readings differ")
		}
	})
}

func FuzzRedis(f *testing.F) {
	for _, c := range append(redisDangerous, redisOrdinary...) {
		f.Add(c.args, c.script)
	}
	f.Fuzz(func(t *testing.T, args, script string) {
		if len(script) > MaxCode {
			return
		}
		argv := strings.Fields(args)
		checkStatements(t, max(len(argv), len(script)), redis(argv, script))
	})
}

func FuzzMongo(f *testing.F) {
	for _, c := range append(mongoDangerous, mongoOrdinary...) {
		f.Add(c.code)
	}
	f.Fuzz(func(t *testing.T, code string) {
		if len(code) > MaxCode {
			return
		}
		ss, fs := mongo(code, "db")
		checkStatements(t, len(code), ss)
		checkReadFindings(t, code, fs)
	})
}
