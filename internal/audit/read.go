package audit

import (
	"bytes"
	"io"
)

// MaxRecord is the longest line read as a record; longer lines are
// skipped. A record holds at most MaxLine bytes of command line, which
// JSON escaping can make six times longer.
const MaxRecord = 1 << 20

// readBlock is how much of the file is read at a time, backwards.
const readBlock = 64 << 10

// ReadNewest calls fn with each record in r (a log of size bytes), newest
// (last) first, with its line as written, without the newline. Lines that
// are not records are skipped and counted: torn lines (a last line
// without its newline, a write cut short), garbage, and lines longer than
// MaxRecord. Empty lines are ignored. fn returns false to stop reading.
func ReadNewest(r io.ReaderAt, size int64, fn func(rec *Record, line []byte) bool) (skipped int, err error) {
	return readNewest(r, size, readBlock, MaxRecord, fn)
}

func readNewest(r io.ReaderAt, size int64, block, maxLine int, fn func(*Record, []byte) bool) (skipped int, err error) {
	pos := size
	var buf []byte    // the file's bytes from pos up to the end of the next line to give
	torn := false     // the next line given is the file's last, and has no newline
	skipping := false // dropping the start of a line longer than maxLine
	for {
		// Give every complete line in buf, last first.
		for len(buf) > 0 {
			body := buf
			if body[len(body)-1] == '\n' {
				body = body[:len(body)-1]
			}
			j := bytes.LastIndexByte(body, '\n')
			if j < 0 && pos > 0 {
				break // its start is further back
			}
			line := body[j+1:]
			buf = buf[:j+1]
			switch {
			case torn:
				torn = false
				skipped++
			case len(line) == 0:
			case len(line) > maxLine:
				skipped++
			default:
				rec, err := Parse(line)
				if err != nil {
					skipped++
					continue
				}
				if !fn(rec, line) {
					return skipped, nil
				}
			}
		}
		if len(buf) > maxLine+1 {
			// The start of a line longer than any record: skip it whole.
			skipped++
			buf, skipping, torn = nil, true, false
		}
		if pos == 0 {
			return skipped, nil
		}
		n := min(int64(block), pos)
		chunk := make([]byte, n, int(n)+len(buf))
		if _, err := r.ReadAt(chunk, pos-n); err != nil && err != io.EOF {
			return skipped, err
		}
		if pos == size {
			torn = chunk[n-1] != '\n'
		}
		pos -= n
		if skipping {
			i := bytes.LastIndexByte(chunk, '\n')
			if i < 0 {
				continue
			}
			chunk, skipping = chunk[:i+1], false
		}
		buf = append(chunk, buf...)
	}
}
