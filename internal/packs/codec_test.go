package packs

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/policy"
)

// notCached are the fields the cache leaves out on purpose (see codec.go).
var notCached = map[string]bool{"Pack.Layer": true, "Pack.Checked": true, "Rule.Tests": true}

// fill sets every field reachable from v to a value that is not zero and
// not the default, so that a field the codec forgets is noticed.
func fill(v reflect.Value, path string, n *int) {
	*n++
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), path, n)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name := v.Type().Name() + "." + f.Name
			if notCached[name] || !f.IsExported() {
				continue
			}
			fill(v.Field(i), name, n)
		}
	case reflect.String:
		v.SetString(fmt.Sprintf("%s-%d", path, *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8:
		// Actions and Tris: the largest valid value of each.
		max := int64(policy.Block)
		if v.Type() == reflect.TypeOf(policy.Tri(0)) {
			max = int64(policy.True)
		}
		v.SetInt(1 + int64(*n)%max)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), path, n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, path, n)
			fill(e, path, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		panic("fill: no value for " + path + " of kind " + v.Kind().String())
	}
}

// TestCodecCoversEveryField: a pack with every field set comes back from
// the cache's form equal, but for what the cache leaves out on purpose.
func TestCodecCoversEveryField(t *testing.T) {
	var p policy.Pack
	n := 0
	fill(reflect.ValueOf(&p).Elem(), "Pack", &n)
	got, err := decodePack(string(encodePack(nil, &p)))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Checked {
		t.Error("a decoded pack is not Checked")
	}
	got.Checked = p.Checked
	if !reflect.DeepEqual(got, &p) {
		for i := range p.Rules {
			w, g := reflect.ValueOf(p.Rules[i]).Elem(), reflect.ValueOf(got.Rules[i]).Elem()
			for j := range w.NumField() {
				if !reflect.DeepEqual(w.Field(j).Interface(), g.Field(j).Interface()) {
					t.Errorf("Rule.%s is lost in the cache: add it to codec.go", w.Type().Field(j).Name)
				}
			}
		}
		t.Fatalf("round trip differs:\n got %+v\nwant %+v", got, &p)
	}
}

// TestCodecRefusesGarbage: every prefix of a good encoding, and each
// byte of it changed, decodes to an error or to some pack, never a
// panic; out-of-range actions are refused.
func TestCodecRefusesGarbage(t *testing.T) {
	var p policy.Pack
	n := 0
	fill(reflect.ValueOf(&p).Elem(), "Pack", &n)
	good := encodePack(nil, &p)
	for i := range good {
		if _, err := decodePack(string(good[:i])); err == nil {
			t.Fatalf("a prefix of %d bytes decodes", i)
		}
		bad := []byte(string(good))
		bad[i] ^= 0xff
		decodePack(string(bad))
	}
	if _, err := decodePack(string(good) + "x"); err == nil {
		t.Error("trailing bytes decode")
	}
	act := policy.Action(7)
	q := &policy.Pack{Name: "x", Overrides: []policy.Override{{ID: "a.b", Action: &act}}}
	if _, err := decodePack(string(encodePack(nil, q))); err == nil {
		t.Error("action 7 decodes")
	}
}

func FuzzDecodePack(f *testing.F) {
	var p policy.Pack
	n := 0
	fill(reflect.ValueOf(&p).Elem(), "Pack", &n)
	f.Add(string(encodePack(nil, &p)))
	f.Add(string(encodePack(nil, &policy.Pack{Name: "a"})))
	f.Add(strings.Repeat("\xff", 20))
	f.Fuzz(func(t *testing.T, s string) {
		p, err := decodePack(s)
		if err != nil {
			return
		}
		// What decodes encodes back to the same bytes.
		if got := string(encodePack(nil, p)); got != s {
			t.Fatalf("re-encoded differently")
		}
	})
}
