package facts

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// Package is a dpkg package left in a state that is not fully installed.
type Package struct {
	Name   string `json:"name"`
	Arch   string `json:"arch,omitempty"`
	Status string `json:"status"` // "half-configured", "unpacked", "reinst-required"...
	Line   int    `json:"line"`   // its paragraph's first line in the status file
}

// dpkgState is the dpkg probe's result.
type dpkgState struct {
	present     bool // a status file exists
	bad         []Package
	interrupted bool // /var/lib/dpkg/updates holds an unfinished journal
	err         error
}

// badDpkgStatus are the package states dpkg --audit complains about.
var badDpkgStatus = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"half-installed": true, "half-configured": true, "unpacked": true,
		"triggers-awaited": true, "triggers-pending": true}
}}

const (
	dpkgStatusFile = "/var/lib/dpkg/status"
	dpkgUpdatesDir = "/var/lib/dpkg/updates"
)

// parseDpkgStatus reads dpkg's status file (RFC 822-style paragraphs) and
// returns the packages whose Status "WANT FLAG STATE" has a bad state or
// the reinstreq flag. A malformed paragraph is skipped and reported.
func parseDpkgStatus(data []byte) ([]Package, []lineError) {
	var out []Package
	var errs []lineError
	var pkg, arch, status string
	start, statusLine := 0, 0
	end := func() {
		if start == 0 {
			return
		}
		switch {
		case pkg == "":
			errs = append(errs, lineError{start, "paragraph without Package field"})
		case status == "":
			// not installed or a broken paragraph; dpkg itself tolerates it
		default:
			w := strings.Fields(status)
			if len(w) != 3 {
				errs = append(errs, lineError{statusLine, "bad Status " + quoteShort(status)})
				break
			}
			switch {
			case w[1] == "reinstreq" || w[1] == "reinst-required":
				out = append(out, Package{Name: pkg, Arch: arch, Status: "reinst-required", Line: start})
			case badDpkgStatus.Get()[w[2]]:
				out = append(out, Package{Name: pkg, Arch: arch, Status: w[2], Line: start})
			}
		}
		pkg, arch, status, start, statusLine = "", "", "", 0, 0
	}
	n := 0
	for rest := data; len(rest) > 0; {
		var line []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, nil
		}
		n++
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			end()
			continue
		}
		if start == 0 {
			start = n
		}
		if line[0] == ' ' || line[0] == '\t' || line[0] == '#' {
			continue // continuation line, or a comment
		}
		i := bytes.IndexByte(line, ':')
		if i < 0 {
			errs = append(errs, lineError{n, "not a field"})
			continue
		}
		// only three fields matter: compare before making strings
		switch k := line[:i]; {
		case bytes.EqualFold(k, []byte("Package")):
			pkg = string(bytes.TrimSpace(line[i+1:]))
		case bytes.EqualFold(k, []byte("Architecture")):
			arch = string(bytes.TrimSpace(line[i+1:]))
		case bytes.EqualFold(k, []byte("Status")):
			status, statusLine = string(bytes.TrimSpace(line[i+1:])), n
		}
	}
	end()
	return out, errs
}

// dpkgProbe reads the dpkg status and journal once.
func (h *Host) dpkgProbe() *dpkgState {
	if h.dpkg != nil {
		return h.dpkg
	}
	st := &dpkgState{}
	h.dpkg = st
	data, err := h.readFile(dpkgStatusFile)
	if err != nil {
		if !notExist(err) {
			st.err = fmt.Errorf("%s: %s", dpkgStatusFile, errText(err))
		}
		return st
	}
	st.present = true
	var errs []lineError
	st.bad, errs = parseDpkgStatus(data)
	for _, e := range errs {
		h.problem("%s:%d: %s", dpkgStatusFile, e.Line, e.Msg)
	}
	for _, n := range h.listDir(dpkgUpdatesDir) {
		if n != "" && strings.Trim(n, "0123456789") == "" { // a numbered update in flight
			st.interrupted = true
			break
		}
	}
	return st
}

func (h *Host) dpkgAnswer() (Answer, error) {
	st := h.dpkgProbe()
	if st.err != nil {
		return Answer{}, st.err
	}
	if !st.present {
		return Answer{Detail: "no dpkg status file"}, nil
	}
	var parts []string
	for _, p := range st.bad {
		parts = append(parts, fmt.Sprintf("%s (%s)", p.Name, p.Status))
	}
	d := strings.Join(parts, ", ")
	if st.interrupted {
		if d != "" {
			d += "; "
		}
		d += "dpkg was interrupted (" + dpkgUpdatesDir + " not empty): run dpkg --configure -a"
	}
	if d == "" {
		return Answer{Detail: "all packages fully installed"}, nil
	}
	return Answer{Holds: true, Detail: d}, nil
}
