package facts

import (
	"fmt"
	"strings"
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
var badDpkgStatus = map[string]bool{"half-installed": true, "half-configured": true, "unpacked": true,
	"triggers-awaited": true, "triggers-pending": true}

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
			case badDpkgStatus[w[2]]:
				out = append(out, Package{Name: pkg, Arch: arch, Status: w[2], Line: start})
			}
		}
		pkg, arch, status, start, statusLine = "", "", "", 0, 0
	}
	for i, l := range strings.Split(string(data), "\n") {
		n := i + 1
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			end()
			continue
		}
		if start == 0 {
			start = n
		}
		if l[0] == ' ' || l[0] == '\t' || l[0] == '#' {
			continue // continuation line, or a comment
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			errs = append(errs, lineError{n, "not a field"})
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(k) {
		case "package":
			pkg = v
		case "architecture":
			arch = v
		case "status":
			status, statusLine = v, n
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
		if isDigits(n) {
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
