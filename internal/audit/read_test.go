package audit

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func rec(outcome, line string) string {
	r := &Record{Time: time.Date(2025, 11, 30, 3, 0, 0, 0, time.UTC), Host: "h", Outcome: outcome, Decision: "block"}
	r.SetLine(line)
	b, err := r.Marshal()
	if err != nil {
		panic(err)
	}
	return string(b)
}

// forward is the reference reader: split the file on newlines, going
// forwards, and say what ReadNewest must give, newest first.
func forward(data []byte, maxLine int) (lines []string, skipped int) {
	parts := strings.Split(string(data), "\n")
	last := parts[len(parts)-1]
	parts = parts[:len(parts)-1]
	if last != "" {
		skipped++ // torn: no newline
	}
	for _, p := range parts {
		switch {
		case p == "":
		case len(p) > maxLine:
			skipped++
		default:
			if _, err := Parse([]byte(p)); err != nil {
				skipped++
				continue
			}
			lines = append([]string{p}, lines...)
		}
	}
	return lines, skipped
}

func readAll(t *testing.T, data []byte, block, maxLine int) ([]string, int) {
	t.Helper()
	var got []string
	skipped, err := readNewest(bytes.NewReader(data), int64(len(data)), block, maxLine, func(r *Record, line []byte) bool {
		got = append(got, string(line))
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, skipped
}

func TestReadNewest(t *testing.T) {
	a, b, c := rec("blocked", "rm -rf /"), rec("confirmed", "reboot"), rec("declined", strings.Repeat("x", 300))
	for _, tt := range []struct {
		name string
		data string
	}{
		{"empty", ""},
		{"one", a},
		{"three", a + b + c},
		{"torn tail", a + b + c[:40]},
		{"torn middle", a + b[:30] + c},
		{"garbage", "garbage\n" + a + "{\"time\":1}\n\x00\x00\x00\n" + b},
		{"blank lines", "\n\n" + a + "\n\n" + b + "\n"},
		{"overlong", a + strings.Repeat("y", 1000) + "\n" + b},
		{"overlong first", strings.Repeat("y", 1000) + "\n" + b},
		{"overlong torn", a + strings.Repeat("y", 1000)},
		{"only newline", "\n"},
		{"no newline at all", "abc"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, block := range []int{1, 7, 64, 1 << 16} {
				want, wantSkipped := forward([]byte(tt.data), 400)
				got, skipped := readAll(t, []byte(tt.data), block, 400)
				if fmt.Sprint(got) != fmt.Sprint(want) || skipped != wantSkipped {
					t.Errorf("block %d: got %d lines, %d skipped; want %d lines, %d skipped", block, len(got), skipped, len(want), wantSkipped)
				}
			}
		})
	}
}

func TestReadNewestStops(t *testing.T) {
	data := rec("blocked", "1") + rec("blocked", "2") + rec("blocked", "3")
	var got []string
	ReadNewest(strings.NewReader(data), int64(len(data)), func(r *Record, _ []byte) bool {
		got = append(got, r.Line)
		return len(got) < 2
	})
	if fmt.Sprint(got) != "[3 2]" {
		t.Errorf("got %v", got)
	}
}

// FuzzReadNewest: reading backwards, in any block size, gives exactly
// the records a forward reading finds, in reverse, and counts the rest.
func FuzzReadNewest(f *testing.F) {
	a, b := rec("blocked", "rm -rf /"), rec("confirmed", "reboot\x1b[2J")
	f.Add([]byte(a+b), uint8(7))
	f.Add([]byte(a+b[:20]), uint8(1))
	f.Add([]byte("x\n\n"+a+strings.Repeat("z", 500)+"\n"+b), uint8(64))
	f.Add([]byte("{\"time\":\"2025-01-01T00:00:00Z\",\"outcome\":\"x\"}\n"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, block uint8) {
		bs := int(block) + 1
		if len(data) > 4096 {
			bs = max(bs, len(data)/64) // tiny blocks over a large file only slow the fuzzer
		}
		want, wantSkipped := forward(data, 400)
		got, skipped := readAll(t, data, bs, 400)
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) || skipped != wantSkipped {
			t.Fatalf("block %d: got %q, %d skipped; want %q, %d skipped", bs, got, skipped, want, wantSkipped)
		}
	})
}

// FuzzParse: any line either is a record or is not; a record survives
// being written and read again.
func FuzzParse(f *testing.F) {
	f.Add([]byte(strings.TrimSpace(rec("blocked", "rm -rf /"))))
	f.Add([]byte(`{"time":"2025-11-30T03:00:00+01:00","outcome":"x","user":{"uid":-1},"rules":[1]}`))
	f.Add([]byte(`{"time":"0001-01-01T00:00:00Z","outcome":"x"}`))
	f.Add([]byte(`{"time":"2025-11-30T03:00:00Z","outcome":"o","line":"\u001b[2J","line_base64":"/w=="}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, line []byte) {
		r, err := Parse(line)
		if err != nil {
			if r != nil {
				t.Fatal("record and error")
			}
			return
		}
		_ = r.RawLine()
		b, err := r.Marshal()
		if err != nil {
			// A time outside years 0-9999 cannot be written back.
			return
		}
		r2, err := Parse(bytes.TrimSuffix(b, []byte("\n")))
		if err != nil {
			t.Fatalf("a parsed record does not read back: %v\n%s", err, b)
		}
		if !r2.Time.Equal(r.Time) || r2.Outcome != r.Outcome || r2.Line != r.Line || r2.LineBase64 != r.LineBase64 ||
			fmt.Sprint(r2.Rules) != fmt.Sprint(r.Rules) || r2.User != r.User {
			t.Fatalf("round trip changed the record:\n%+v\n%+v", r, r2)
		}
		if bytes.Count(b, []byte("\n")) != 1 {
			t.Fatalf("a record is not one line: %q", b)
		}
	})
}
