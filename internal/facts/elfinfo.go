package facts

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
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
// way the dynamic loader does (section headers are never read, so stripped
// ones do not matter). Most objects need three reads. Malformed input is an
// error, never a panic.
func inspectELF(r io.ReaderAt) (info elfInfo, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed ELF file: %v", p)
		}
	}()
	head := make([]byte, 4096)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return info, err
	}
	head = head[:n]
	if len(head) < 16 || !bytes.HasPrefix(head, []byte(elf.ELFMAG)) {
		return info, errors.New("not an ELF file")
	}
	var bo binary.ByteOrder
	switch elf.Data(head[elf.EI_DATA]) {
	case elf.ELFDATA2LSB:
		bo = binary.LittleEndian
	case elf.ELFDATA2MSB:
		bo = binary.BigEndian
	default:
		return info, fmt.Errorf("bad ELF data encoding %d", head[elf.EI_DATA])
	}
	if elf.Version(head[elf.EI_VERSION]) != elf.EV_CURRENT {
		return info, fmt.Errorf("bad ELF version %d", head[elf.EI_VERSION])
	}
	// at returns size bytes at off, from head when it holds them.
	at := func(off, size uint64) ([]byte, error) {
		if off > 1<<48 || size > 1<<48 {
			return nil, errors.New("offset out of range")
		}
		if off+size <= uint64(len(head)) {
			return head[off : off+size], nil
		}
		b := make([]byte, size)
		n, err := r.ReadAt(b, int64(off))
		if uint64(n) < size {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		return b, nil
	}
	info.class = elf.Class(head[elf.EI_CLASS])
	var phoff uint64
	var phentsize, phnum, phdrSize int
	switch info.class {
	case elf.ELFCLASS64:
		if len(head) < 64 {
			return info, errors.New("short ELF header")
		}
		phoff = bo.Uint64(head[32:])
		phentsize, phnum, phdrSize = int(bo.Uint16(head[54:])), int(bo.Uint16(head[56:])), 56 // sizeof(Elf64_Phdr)
	case elf.ELFCLASS32:
		if len(head) < 52 {
			return info, errors.New("short ELF header")
		}
		phoff = uint64(bo.Uint32(head[28:]))
		phentsize, phnum, phdrSize = int(bo.Uint16(head[42:])), int(bo.Uint16(head[44:])), 32 // sizeof(Elf32_Phdr)
	default:
		return info, fmt.Errorf("bad ELF class %d", head[elf.EI_CLASS])
	}
	info.typ = elf.Type(bo.Uint16(head[16:]))
	info.machine = elf.Machine(bo.Uint16(head[18:]))
	if phnum == 0 {
		return info, nil
	}
	if phentsize != phdrSize || phnum > 4096 { // the kernel insists on the exact size too
		return info, fmt.Errorf("bad program headers (%d of %d bytes)", phnum, phentsize)
	}
	ph, err := at(phoff, uint64(phnum*phentsize))
	if err != nil {
		return info, fmt.Errorf("reading program headers: %v", err)
	}
	type prog struct {
		typ                elf.ProgType
		off, vaddr, filesz uint64
	}
	progs := make([]prog, phnum)
	for i := range progs {
		p := ph[i*phentsize:]
		if info.class == elf.ELFCLASS64 {
			progs[i] = prog{elf.ProgType(bo.Uint32(p)), bo.Uint64(p[8:]), bo.Uint64(p[16:]), bo.Uint64(p[32:])}
		} else {
			progs[i] = prog{elf.ProgType(bo.Uint32(p)), uint64(bo.Uint32(p[4:])), uint64(bo.Uint32(p[8:])), uint64(bo.Uint32(p[16:]))}
		}
	}
	var dyn *prog
	for i, p := range progs {
		switch p.typ {
		case elf.PT_INTERP:
			if p.filesz > maxInterp {
				return info, errors.New("PT_INTERP too long")
			}
			b, err := at(p.off, p.filesz)
			if err != nil {
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
				dyn = &progs[i]
			}
		}
	}
	if dyn == nil {
		return info, nil
	}
	if dyn.filesz > maxDynamic {
		return info, errors.New("PT_DYNAMIC too large")
	}
	d, err := at(dyn.off, dyn.filesz)
	if err != nil {
		return info, fmt.Errorf("reading PT_DYNAMIC: %v", err)
	}
	entSize := 8
	if info.class == elf.ELFCLASS64 {
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
			t = elf.DynTag(bo.Uint64(d[0:8]))
			v = bo.Uint64(d[8:16])
		} else {
			t = elf.DynTag(bo.Uint32(d[0:4]))
			v = uint64(bo.Uint32(d[4:8]))
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
	for _, p := range progs {
		if p.typ == elf.PT_LOAD && strtab >= p.vaddr && strtab-p.vaddr < p.filesz {
			off, ok = p.off+(strtab-p.vaddr), true
			break
		}
	}
	if !ok {
		return info, errors.New("DT_STRTAB outside any PT_LOAD segment")
	}
	// Read only as far as the last string needed, not the whole table.
	var need uint64
	for _, e := range ents {
		if e.val >= strsz {
			return info, fmt.Errorf("dynamic string offset %d out of range", e.val)
		}
		need = max(need, e.val)
	}
	str, err := at(off, min(strsz, need+4096))
	if err == nil && uint64(len(str)) < strsz && bytes.IndexByte(str[need:], 0) < 0 {
		err = errors.New("long string") // the last string runs on: read the whole table
	}
	if err != nil {
		if str, err = at(off, strsz); err != nil {
			return info, fmt.Errorf("reading string table: %v", err)
		}
	}
	for _, e := range ents {
		s := str[e.val:]
		i := bytes.IndexByte(s, 0)
		if i < 0 {
			return info, fmt.Errorf("dynamic string at %d not terminated", e.val)
		}
		switch e.tag {
		case elf.DT_NEEDED:
			info.needed = append(info.needed, string(s[:i]))
		case elf.DT_RPATH:
			info.rpath = append(info.rpath, splitSearchPath(string(s[:i]))...)
		case elf.DT_RUNPATH:
			info.runpath = append(info.runpath, splitSearchPath(string(s[:i]))...)
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
