package facts

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"io"
)

// elfInfo is what loading an ELF object needs from the host: its
// interpreter and the shared libraries it names, with their search paths.
type elfInfo struct {
	class   elf.Class
	machine elf.Machine
	typ     elf.Type
	interp  string   // PT_INTERP, "" for a static binary
	needed  []string // DT_NEEDED
	rpath   []string // DT_RPATH, split on ':'
	runpath []string // DT_RUNPATH, split on ':'
}

// Bounds on what inspectELF reads from a (possibly hostile) file.
const (
	maxInterp  = 4096
	maxDynamic = 1 << 20
	maxStrtab  = 8 << 20
)

// inspectELF reads the program headers of an ELF object: PT_INTERP and the
// PT_DYNAMIC entries, whose strings it finds through the PT_LOAD segments the
// way the dynamic loader does (so stripped section headers do not matter).
// Malformed input is an error, never a panic.
func inspectELF(r io.ReaderAt) (info elfInfo, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed ELF file: %v", p)
		}
	}()
	f, err := elf.NewFile(r)
	if err != nil {
		return info, err
	}
	info.class, info.machine, info.typ = f.Class, f.Machine, f.Type
	var dyn *elf.Prog
	for _, p := range f.Progs {
		switch p.Type {
		case elf.PT_INTERP:
			n := p.Filesz
			if n > maxInterp {
				return info, errors.New("PT_INTERP too long")
			}
			b := make([]byte, n)
			if _, err := p.ReadAt(b, 0); err != nil && err != io.EOF {
				return info, fmt.Errorf("reading PT_INTERP: %v", err)
			}
			if i := bytes.IndexByte(b, 0); i >= 0 {
				b = b[:i]
			}
			info.interp = string(b)
			if info.interp == "" {
				return info, errors.New("empty PT_INTERP")
			}
		case elf.PT_DYNAMIC:
			if dyn == nil {
				dyn = p
			}
		}
	}
	if dyn == nil {
		return info, nil
	}
	if dyn.Filesz > maxDynamic {
		return info, errors.New("PT_DYNAMIC too large")
	}
	d := make([]byte, dyn.Filesz)
	if _, err := dyn.ReadAt(d, 0); err != nil && err != io.EOF {
		return info, fmt.Errorf("reading PT_DYNAMIC: %v", err)
	}
	entSize := 8
	if f.Class == elf.ELFCLASS64 {
		entSize = 16
	}
	type ent struct {
		tag elf.DynTag
		val uint64
	}
	var ents []ent
	var strtab, strsz uint64
	haveStrtab := false
	for len(d) >= entSize {
		var t elf.DynTag
		var v uint64
		if entSize == 16 {
			t = elf.DynTag(f.ByteOrder.Uint64(d[0:8]))
			v = f.ByteOrder.Uint64(d[8:16])
		} else {
			t = elf.DynTag(f.ByteOrder.Uint32(d[0:4]))
			v = uint64(f.ByteOrder.Uint32(d[4:8]))
		}
		d = d[entSize:]
		if t == elf.DT_NULL {
			break
		}
		switch t {
		case elf.DT_STRTAB:
			strtab, haveStrtab = v, true
		case elf.DT_STRSZ:
			strsz = v
		case elf.DT_NEEDED, elf.DT_RPATH, elf.DT_RUNPATH:
			ents = append(ents, ent{t, v})
		}
	}
	if len(ents) == 0 {
		return info, nil
	}
	if !haveStrtab {
		return info, errors.New("PT_DYNAMIC has no DT_STRTAB")
	}
	if strsz == 0 || strsz > maxStrtab {
		return info, fmt.Errorf("bad DT_STRSZ %d", strsz)
	}
	// Map the string table's address to a file offset through PT_LOAD.
	off, ok := uint64(0), false
	for _, p := range f.Progs {
		if p.Type == elf.PT_LOAD && strtab >= p.Vaddr && strtab-p.Vaddr < p.Filesz {
			off, ok = p.Off+(strtab-p.Vaddr), true
			break
		}
	}
	if !ok {
		return info, errors.New("DT_STRTAB outside any PT_LOAD segment")
	}
	if int64(off) < 0 {
		return info, errors.New("string table offset out of range")
	}
	str := make([]byte, strsz)
	n, err := r.ReadAt(str, int64(off))
	if err != nil && err != io.EOF {
		return info, fmt.Errorf("reading string table: %v", err)
	}
	str = str[:n]
	get := func(v uint64) (string, bool) {
		if v >= uint64(len(str)) {
			return "", false
		}
		s := str[v:]
		if i := bytes.IndexByte(s, 0); i >= 0 {
			return string(s[:i]), true
		}
		return "", false
	}
	for _, e := range ents {
		s, ok := get(e.val)
		if !ok {
			return info, fmt.Errorf("dynamic string offset %d out of range", e.val)
		}
		switch e.tag {
		case elf.DT_NEEDED:
			info.needed = append(info.needed, s)
		case elf.DT_RPATH:
			info.rpath = append(info.rpath, splitSearchPath(s)...)
		case elf.DT_RUNPATH:
			info.runpath = append(info.runpath, splitSearchPath(s)...)
		}
	}
	return info, nil
}

func splitSearchPath(s string) []string {
	var out []string
	for _, d := range bytes.Split([]byte(s), []byte(":")) {
		if len(d) > 0 {
			out = append(out, string(d))
		}
	}
	return out
}
