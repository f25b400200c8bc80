package sarif

import "strings"

// belay links no net/url: it would bring net/netip and unique, whose
// package initialisation every belay process pays at start, for the two
// things a SARIF log needs: whether a rule's reference is a web link, and
// a file's path written as a URI. uri_test.go checks both against net/url.

// webLink reports whether ref is an absolute http or https URL with a host
// that net/url would parse: a scheme, "://", a host of letters, digits and
// . - : [ ] (with a numeric port, if any), then a path, query or fragment
// of characters a URI may hold, with well-formed %XX escapes. It may refuse
// a link net/url would take (the link then goes in the rule's help text);
// it never takes one net/url would refuse.
func webLink(ref string) bool {
	var rest string
	switch {
	case hasPrefixFold(ref, "https://"):
		rest = ref[len("https://"):]
	case hasPrefixFold(ref, "http://"):
		rest = ref[len("http://"):]
	default:
		return false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	host, tail := rest[:end], rest[end:]
	if !validHost(host) {
		return false
	}
	for i := 0; i < len(tail); i++ {
		c := tail[i]
		switch {
		case c == '%':
			if i+2 >= len(tail) || !isHex(tail[i+1]) || !isHex(tail[i+2]) {
				return false
			}
			i += 2
		case !uriChar(c):
			return false
		}
	}
	return true
}

// validHost reports whether host is a non-empty host name or IPv4
// address, with an optional numeric port. An IPv6 literal ([…]) is
// refused: net/url checks its address, and a rule's reference has no
// business with one.
func validHost(host string) bool {
	name, port, _ := strings.Cut(host, ":")
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) && c != '.' && c != '-' {
			return false
		}
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
	}
	return true
}

// pathURI is p, a path with forward slashes, as net/url's
// URL{Path: p}.String() writes it: escaped, and with "./" in front when
// its first segment holds a colon, so that it is not read as a scheme.
func pathURI(p string) string {
	first, _, _ := strings.Cut(p, "/")
	if strings.Contains(first, ":") {
		return "./" + escapePath(p)
	}
	return escapePath(p)
}

// escapePath escapes p as net/url does a URL's path: every byte that is
// not unreserved or one of $&+,/:;=@ as %XX ("*" alone stays as it is).
func escapePath(p string) string {
	if p == "*" {
		return p
	}
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isAlnum(c) || strings.IndexByte("-_.~$&+,/:;=@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// fileURI is the file: URI of an absolute path with forward slashes, as
// net/url's URL{Scheme: "file", Path: p}.String() writes it.
func fileURI(p string) string {
	if p == "" {
		return "file:"
	}
	return "file://" + escapePath(p)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// uriChar reports whether c may appear unescaped in a URI's path, query
// or fragment (RFC 3986: unreserved, sub-delims, : @ / ? #).
func uriChar(c byte) bool {
	return isAlnum(c) || strings.IndexByte("-._~!$&'()*+,;=:@/?#", c) >= 0
}
