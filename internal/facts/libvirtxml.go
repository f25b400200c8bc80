package facts

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseLibvirtXML reads a libvirt domain (or domstatus) XML: the domain
// <name>, the pid and state attributes of <domstatus>, and the file or
// device of every <source> inside a <disk>. On malformed XML it returns
// what it read and an error naming the line.
//
// It is a small reader of well-formed XML of its own rather than
// encoding/xml, whose package initialisation (a map of HTML's entities)
// every belay process paid at start; libvirtxml_test.go checks that it
// reads whatever encoding/xml reads exactly as encoding/xml does.
func parseLibvirtXML(data []byte) (libvirtDomain, error) {
	var d libvirtDomain
	x := xmlScan{data: data}
	var stack []string // local names of the open elements
	var open []string  // their names as written, which the end tags must repeat
	inDisk := 0
	for x.i < len(data) {
		if data[x.i] != '<' {
			text, err := x.text()
			if err != nil {
				return d, x.fail(err)
			}
			if len(stack) >= 2 && stack[len(stack)-1] == "name" && stack[len(stack)-2] == "domain" && d.Name == "" {
				d.Name = strings.TrimSpace(text)
			}
			continue
		}
		rest := data[x.i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("--"))
			if end < 0 {
				return d, x.fail(errors.New("unexpected EOF"))
			}
			x.i += 4 + end
			if !bytes.HasPrefix(data[x.i:], []byte("-->")) {
				return d, x.fail(errors.New(`invalid sequence "--" not allowed in comments`))
			}
			x.i += 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest, []byte("]]>"))
			if end < 0 {
				return d, x.fail(errors.New("unexpected EOF in CDATA section"))
			}
			text := string(rest[len("<![CDATA["):end])
			if err := checkChars(text); err != nil {
				return d, x.fail(err)
			}
			x.i += end + 3
			if len(stack) >= 2 && stack[len(stack)-1] == "name" && stack[len(stack)-2] == "domain" && d.Name == "" {
				d.Name = strings.TrimSpace(text) // \r is space to TrimSpace, as the \n encoding/xml makes of it
			}
		case bytes.HasPrefix(rest, []byte("<!-")):
			return d, x.fail(errors.New("invalid sequence <!- not part of <!--"))
		case bytes.HasPrefix(rest, []byte("<![")):
			return d, x.fail(errors.New("invalid <![ sequence"))
		case bytes.HasPrefix(rest, []byte("<!")):
			if err := x.directive(); err != nil {
				return d, x.fail(err)
			}
		case bytes.HasPrefix(rest, []byte("<?")):
			if err := x.procInst(); err != nil {
				return d, x.fail(err)
			}
		case bytes.HasPrefix(rest, []byte("</")):
			x.i += 2
			name, err := x.name()
			if err != nil {
				return d, x.fail(err)
			}
			x.space()
			if x.i >= len(data) {
				return d, x.fail(errors.New("unexpected EOF"))
			}
			if data[x.i] != '>' {
				return d, x.fail(fmt.Errorf("invalid characters between </%s and >", name))
			}
			x.i++
			if len(open) == 0 {
				return d, x.fail(fmt.Errorf("unexpected end element </%s>", name))
			}
			if top := open[len(open)-1]; top != name {
				return d, x.fail(fmt.Errorf("element <%s> closed by </%s>", top, name))
			}
			if stack[len(stack)-1] == "disk" {
				inDisk--
			}
			stack, open = stack[:len(stack)-1], open[:len(open)-1]
		default:
			x.i++
			name, attrs, empty, err := x.startTag()
			if err != nil {
				return d, x.fail(err)
			}
			local := localName(name)
			stack, open = append(stack, local), append(open, name)
			if len(stack) > 256 {
				return d, errors.New("XML nested too deeply")
			}
			switch local {
			case "domstatus":
				for _, a := range attrs {
					switch localName(a[0]) {
					case "pid":
						d.PID, _ = strconv.Atoi(a[1])
					case "state":
						d.State = a[1]
					}
				}
			case "disk":
				inDisk++
			case "source":
				if inDisk > 0 {
					for _, a := range attrs {
						if n := localName(a[0]); (n == "file" || n == "dev") && path.IsAbs(a[1]) {
							d.Disks = append(d.Disks, path.Clean(a[1]))
						}
					}
				}
			}
			if empty {
				if local == "disk" {
					inDisk--
				}
				stack, open = stack[:len(stack)-1], open[:len(open)-1]
			}
		}
	}
	if len(open) > 0 {
		return d, x.fail(errors.New("unexpected EOF"))
	}
	return d, nil
}

// xmlScan is a position in an XML text.
type xmlScan struct {
	data []byte
	i    int
}

// fail is err at the line of the position reached.
func (x *xmlScan) fail(err error) error {
	return fmt.Errorf("line %d: %v", 1+bytes.Count(x.data[:min(x.i, len(x.data))], []byte("\n")), err)
}

func (x *xmlScan) space() {
	for x.i < len(x.data) && isXMLSpace(x.data[x.i]) {
		x.i++
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// name reads a name as encoding/xml does: the ASCII letters, digits,
// _ : . - and every byte past ASCII, then checks it: valid UTF-8, not
// beginning with a digit, . or -, at most one colon. (encoding/xml also
// checks the letters past ASCII against Unicode's tables; this reader
// takes any.)
func (x *xmlScan) name() (string, error) {
	start := x.i
	for x.i < len(x.data) {
		c := x.data[x.i]
		if c < utf8.RuneSelf && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_:.-", c) >= 0) {
			break
		}
		x.i++
	}
	name := string(x.data[start:x.i])
	if name == "" || !utf8.ValidString(name) || strings.IndexByte("0123456789.-", name[0]) >= 0 || strings.Count(name, ":") > 1 {
		return "", errors.New("expected a name")
	}
	return name, nil
}

// localName is name without its namespace prefix (a:b is b).
func localName(name string) string {
	if space, local, ok := strings.Cut(name, ":"); ok && space != "" && local != "" {
		return local
	}
	return name
}

// startTag reads the rest of a start tag after its <: the element's name,
// its attributes (name and value, value decoded) and whether it ends in />.
func (x *xmlScan) startTag() (name string, attrs [][2]string, empty bool, err error) {
	if name, err = x.name(); err != nil {
		return "", nil, false, errors.New("expected element name after <")
	}
	for {
		x.space()
		if x.i >= len(x.data) {
			return "", nil, false, errors.New("unexpected EOF")
		}
		switch x.data[x.i] {
		case '>':
			x.i++
			return name, attrs, false, nil
		case '/':
			x.i++
			if x.i >= len(x.data) || x.data[x.i] != '>' {
				return "", nil, false, errors.New("expected /> in element")
			}
			x.i++
			return name, attrs, true, nil
		}
		attr, err := x.name()
		if err != nil {
			return "", nil, false, errors.New("expected attribute name in element")
		}
		x.space()
		if x.i >= len(x.data) || x.data[x.i] != '=' {
			return "", nil, false, errors.New("attribute name without = in element")
		}
		x.i++
		x.space()
		if x.i >= len(x.data) || x.data[x.i] != '\'' && x.data[x.i] != '"' {
			return "", nil, false, errors.New("unquoted or missing attribute value in element")
		}
		quote := x.data[x.i]
		x.i++
		end := bytes.IndexByte(x.data[x.i:], quote)
		if end < 0 {
			return "", nil, false, errors.New("unexpected EOF")
		}
		raw := x.data[x.i : x.i+end]
		if bytes.IndexByte(raw, '<') >= 0 {
			return "", nil, false, errors.New("unescaped < inside quoted string")
		}
		value, err := decodeText(raw)
		if err != nil {
			return "", nil, false, err
		}
		x.i += end + 1
		attrs = append(attrs, [2]string{attr, value})
	}
}

// text reads character data up to the next < or the end, decoded.
func (x *xmlScan) text() (string, error) {
	end := bytes.IndexByte(x.data[x.i:], '<')
	if end < 0 {
		end = len(x.data) - x.i
	}
	raw := x.data[x.i : x.i+end]
	if bytes.Contains(raw, []byte("]]>")) {
		return "", errors.New("unescaped ]]> not in CDATA section")
	}
	s, err := decodeText(raw)
	if err != nil {
		return "", err
	}
	x.i += end
	return s, nil
}

// directive skips <!…>, such as a DOCTYPE with its internal subset, as
// encoding/xml reads one: the byte after <! is taken as it is, then the
// directive ends at the first > outside quotes and brackets; a comment
// inside it is skipped.
func (x *xmlScan) directive() error {
	x.i += 3 // <! and the byte after it
	if x.i > len(x.data) {
		return errors.New("unexpected EOF")
	}
	var quote byte
	depth := 0
	for ; x.i < len(x.data); x.i++ {
		c := x.data[x.i]
		switch {
		case quote == 0 && c == '>' && depth == 0:
			x.i++
			return nil
		case c == quote:
			quote = 0
		case quote != 0:
		case c == '\'' || c == '"':
			quote = c
		case c == '>':
			depth--
		case c == '<':
			if !bytes.HasPrefix(x.data[x.i:], []byte("<!--")) {
				depth++
				continue
			}
			end := bytes.Index(x.data[x.i+4:], []byte("-->"))
			if end < 0 {
				return errors.New("unexpected EOF")
			}
			x.i += 4 + end + 2
		}
	}
	return errors.New("unexpected EOF")
}

// procInst skips <?target …?>; an XML declaration must be of version 1.0
// and UTF-8, which is all belay reads.
func (x *xmlScan) procInst() error {
	x.i += 2
	target, err := x.name()
	if err != nil {
		return errors.New("expected target name after <?")
	}
	end := bytes.Index(x.data[x.i:], []byte("?>"))
	if end < 0 {
		return errors.New("unexpected EOF")
	}
	body := string(x.data[x.i : x.i+end])
	x.i += end + 2
	if target != "xml" {
		return nil
	}
	if v := procInstParam("version", body); v != "" && v != "1.0" {
		return fmt.Errorf("unsupported version %q; only version 1.0 is supported", v)
	}
	if enc := procInstParam("encoding", body); enc != "" && !strings.EqualFold(enc, "utf-8") {
		return fmt.Errorf("encoding %q declared, only UTF-8 is read", enc)
	}
	return nil
}

// procInstParam is the value of param='value' or param="value" in an
// XML declaration, found as encoding/xml finds it: no space around the =.
func procInstParam(param, s string) string {
	param += "="
	for {
		k := strings.Index(s, param)
		if k < 0 || k+len(param) >= len(s) {
			return ""
		}
		q := s[k+len(param)]
		s = s[k+len(param)+1:]
		if q == '\'' || q == '"' {
			if end := strings.IndexByte(s, q); end >= 0 {
				return s[:end]
			}
			return ""
		}
	}
}

// decodeText decodes the entities of character data or an attribute
// value (the five of XML and &#N; &#xN;) and writes \r\n and \r as \n.
func decodeText(raw []byte) (string, error) {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		s := string(raw)
		return s, checkChars(s)
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\r':
			b.WriteByte('\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		case '&':
		default:
			b.WriteByte(c)
			continue
		}
		end := bytes.IndexByte(raw[i:], ';')
		if end < 0 {
			return "", errors.New("invalid character entity (no semicolon)")
		}
		ent := string(raw[i+1 : i+end])
		switch ent {
		case "lt":
			b.WriteByte('<')
		case "gt":
			b.WriteByte('>')
		case "amp":
			b.WriteByte('&')
		case "apos":
			b.WriteByte('\'')
		case "quot":
			b.WriteByte('"')
		default:
			r, ok := charRef(ent)
			if !ok {
				return "", fmt.Errorf("invalid character entity &%s;", ent)
			}
			b.WriteRune(r)
		}
		i += end
	}
	s := b.String()
	return s, checkChars(s)
}

// charRef is the character of #N or #xN, a character XML allows.
func charRef(ent string) (rune, bool) {
	var n uint64
	var err error
	switch {
	case strings.HasPrefix(ent, "#x"):
		n, err = strconv.ParseUint(ent[2:], 16, 32)
	case strings.HasPrefix(ent, "#"):
		n, err = strconv.ParseUint(ent[1:], 10, 32)
	default:
		return 0, false
	}
	if err != nil || len(ent) < 2 || ent[1] == '+' || !xmlChar(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// checkChars refuses invalid UTF-8 and a character XML does not allow in
// a document.
func checkChars(s string) error {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return errors.New("invalid UTF-8")
		}
		if !xmlChar(r) {
			return fmt.Errorf("illegal character code %U", r)
		}
		i += n
	}
	return nil
}

// xmlChar reports whether r is a character XML 1.0 allows.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
