package sarif

import (
	"net/url"
	"testing"
)

// netWebLink is what sarif asked net/url before: an http or https URL
// with a host.
func netWebLink(ref string) bool {
	u, err := url.Parse(ref)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

var refs = []string{
	"https://example.com/reboot", "http://example.com", "HTTPS://Example.COM/a?b=c#d",
	"https://example.com:8443/x", "https://example.com:/x", "https://a-b.example/%41%2f",
	"https://example.com/a b", "https://example.com/%zz", "https://example.com/%4", "https:/example.com",
	"https://", "https:///path", "http://:80/", "https://[::1]/", "https://[fe80::1%25en0]/",
	"https://user@example.com/", "https://exa mple.com/", "https://example.com:8x/", "ftp://example.com/",
	"man:reboot(8)", "see the manual", "", "https://example.com/\x7f", "https://example.com/\n",
	"https://example.com#frag%", "https://example.com?q=%", "https://ex%41mple.com/", "https://é.example/",
	"https://example.com/é", "http://a:1:2/", "javascript:alert(1)", "https://example.com/a'b(c)*!",
}

func TestWebLink(t *testing.T) {
	for _, ref := range refs {
		got, want := webLink(ref), netWebLink(ref)
		if got && !want {
			t.Errorf("webLink(%q) = true, net/url refuses it", ref)
		}
		// Refusing what net/url takes is allowed, but not for ordinary links.
		if !got && want && ordinary(ref) {
			t.Errorf("webLink(%q) = false, net/url takes it", ref)
		}
	}
}

// ordinary links are those built of plain characters, which webLink must take.
func ordinary(ref string) bool {
	for _, r := range []string{"https://example.com/reboot", "http://example.com", "HTTPS://Example.COM/a?b=c#d",
		"https://example.com:8443/x", "https://a-b.example/%41%2f", "https://example.com/a'b(c)*!"} {
		if ref == r {
			return true
		}
	}
	return false
}

var paths = []string{
	"a.sh", "dir/a b.sh", "x:y/z", "dir/x:y", "/abs/p?q#r", "*", "a*", "100%.sh", "é.sh",
	"", ".", "./a", "a/../b", "$&+,;=@~-_.", "tab\there", "quote\"'`<>[]{}|\\^",
}

func TestPathURI(t *testing.T) {
	for _, p := range paths {
		if got, want := pathURI(p), (&url.URL{Path: p}).String(); got != want {
			t.Errorf("pathURI(%q) = %q, net/url writes %q", p, got, want)
		}
		abs := "/" + p
		if got, want := fileURI(abs), (&url.URL{Scheme: "file", Path: abs}).String(); got != want {
			t.Errorf("fileURI(%q) = %q, net/url writes %q", abs, got, want)
		}
		if got, want := fileURI(p), (&url.URL{Scheme: "file", Path: p}).String(); got != want {
			t.Errorf("fileURI(%q) = %q, net/url writes %q", p, got, want)
		}
	}
}

// FuzzURI checks webLink, pathURI and fileURI against net/url on any
// input: webLink never takes a link net/url refuses, the paths are
// written byte for byte as net/url writes them.
func FuzzURI(f *testing.F) {
	for _, s := range append(refs, paths...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if webLink(s) && !netWebLink(s) {
			t.Errorf("webLink(%q) = true, net/url refuses it", s)
		}
		if got, want := pathURI(s), (&url.URL{Path: s}).String(); got != want {
			t.Errorf("pathURI(%q) = %q, net/url writes %q", s, got, want)
		}
		if got, want := fileURI(s), (&url.URL{Scheme: "file", Path: s}).String(); got != want {
			t.Errorf("fileURI(%q) = %q, net/url writes %q", s, got, want)
		}
	})
}
