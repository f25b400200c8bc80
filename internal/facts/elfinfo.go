package facts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/belay-sh/belay/internal/facts/elf"
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
	e, err := readELFHeader(r)
	if err != nil {
		return info, err
	}
	info.class = e.class
	info.typ = elf.Type(e.bo.Uint16(e.head[16:]))
	info.machine = elf.Machine(e.bo.Uint16(e.head[18:]))
	progs, err := e.programs()
	if err != nil || len(progs) == 0 {
		return info, err
	}
	var dyn *elfProg
	for i, p := range progs {
		switch p.typ {
		case elf.PT_INTERP:
			if info.interp, err = e.interp(p); err != nil {
				return info, err
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
	d, err := e.dynamic(dyn)
	if err != nil || len(d.ents) == 0 {
		return info, err
	}
	str, err := e.strings(progs, d)
	if err != nil {
		return info, err
	}
	for _, ent := range d.ents {
		s := str[ent.val:]
		i := bytes.IndexByte(s, 0)
		if i < 0 {
			return info, fmt.Errorf("dynamic string at %d not terminated", ent.val)
		}
		switch ent.tag {
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

// elfReader reads an ELF object: its first 4 KiB, which hold the header
// and most often the program headers, and the rest on demand.
type elfReader struct {
	r     io.ReaderAt
	head  []byte
	bo    binary.ByteOrder
	class elf.Class
}

// elfProg is a program header.
type elfProg struct {
	typ                elf.ProgType
	off, vaddr, filesz uint64
}

// readELFHeader reads and checks an ELF object's identification.
func readELFHeader(r io.ReaderAt) (*elfReader, error) {
	head := make([]byte, 4096)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	if len(head) < 16 || !bytes.HasPrefix(head, []byte(elf.ELFMAG)) {
		return nil, errors.New("not an ELF file")
	}
	e := &elfReader{r: r, head: head, class: elf.Class(head[elf.EI_CLASS])}
	switch elf.Data(head[elf.EI_DATA]) {
	case elf.ELFDATA2LSB:
		e.bo = binary.LittleEndian
	case elf.ELFDATA2MSB:
		e.bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("bad ELF data encoding %d", head[elf.EI_DATA])
	}
	if elf.Version(head[elf.EI_VERSION]) != elf.EV_CURRENT {
		return nil, fmt.Errorf("bad ELF version %d", head[elf.EI_VERSION])
	}
	switch {
	case e.class == elf.ELFCLASS64 && len(head) < 64, e.class == elf.ELFCLASS32 && len(head) < 52:
		return nil, errors.New("short ELF header")
	case e.class != elf.ELFCLASS64 && e.class != elf.ELFCLASS32:
		return nil, fmt.Errorf("bad ELF class %d", head[elf.EI_CLASS])
	}
	return e, nil
}

// at returns size bytes at off, from the head when it holds them.
func (e *elfReader) at(off, size uint64) ([]byte, error) {
	if off > 1<<48 || size > 1<<48 {
		return nil, errors.New("offset out of range")
	}
	if off+size <= uint64(len(e.head)) {
		return e.head[off : off+size], nil
	}
	b := make([]byte, size)
	n, err := e.r.ReadAt(b, int64(off))
	if uint64(n) < size {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return b, nil
}

// programs returns the program headers.
func (e *elfReader) programs() ([]elfProg, error) {
	var phoff uint64
	var phentsize, phnum, phdrSize int
	if e.class == elf.ELFCLASS64 {
		phoff = e.bo.Uint64(e.head[32:])
		phentsize, phnum, phdrSize = int(e.bo.Uint16(e.head[54:])), int(e.bo.Uint16(e.head[56:])), 56 // sizeof(Elf64_Phdr)
	} else {
		phoff = uint64(e.bo.Uint32(e.head[28:]))
		phentsize, phnum, phdrSize = int(e.bo.Uint16(e.head[42:])), int(e.bo.Uint16(e.head[44:])), 32 // sizeof(Elf32_Phdr)
	}
	if phnum == 0 {
		return nil, nil
	}
	if phentsize != phdrSize || phnum > 4096 { // the kernel insists on the exact size too
		return nil, fmt.Errorf("bad program headers (%d of %d bytes)", phnum, phentsize)
	}
	ph, err := e.at(phoff, uint64(phnum*phentsize))
	if err != nil {
		return nil, fmt.Errorf("reading program headers: %v", err)
	}
	bo := e.bo
	progs := make([]elfProg, phnum)
	for i := range progs {
		p := ph[i*phentsize:]
		if e.class == elf.ELFCLASS64 {
			progs[i] = elfProg{elf.ProgType(bo.Uint32(p)), bo.Uint64(p[8:]), bo.Uint64(p[16:]), bo.Uint64(p[32:])}
		} else {
			progs[i] = elfProg{elf.ProgType(bo.Uint32(p)), uint64(bo.Uint32(p[4:])), uint64(bo.Uint32(p[8:])), uint64(bo.Uint32(p[16:]))}
		}
	}
	return progs, nil
}

// interp reads the interpreter PT_INTERP names.
func (e *elfReader) interp(p elfProg) (string, error) {
	if p.filesz > maxInterp {
		return "", errors.New("PT_INTERP too long")
	}
	b, err := e.at(p.off, p.filesz)
	if err != nil {
		return "", fmt.Errorf("reading PT_INTERP: %v", err)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	if len(b) == 0 {
		return "", errors.New("empty PT_INTERP")
	}
	return string(b), nil
}

// dynEnt is an entry of PT_DYNAMIC that names a string.
type dynEnt struct {
	tag elf.DynTag
	val uint64
}

// dynSection is what inspectELF needs of PT_DYNAMIC.
type dynSection struct {
	ents       []dynEnt // DT_NEEDED, DT_RPATH and DT_RUNPATH
	strtab     uint64   // DT_STRTAB: the string table's address
	haveStrtab bool
	strsz      uint64 // DT_STRSZ
}

// dynamic reads the entries of PT_DYNAMIC, up to DT_NULL.
func (e *elfReader) dynamic(dyn *elfProg) (dynSection, error) {
	var ds dynSection
	if dyn.filesz > maxDynamic {
		return ds, errors.New("PT_DYNAMIC too large")
	}
	d, err := e.at(dyn.off, dyn.filesz)
	if err != nil {
		return ds, fmt.Errorf("reading PT_DYNAMIC: %v", err)
	}
	entSize := 8
	if e.class == elf.ELFCLASS64 {
		entSize = 16
	}
	for len(d) >= entSize {
		var t elf.DynTag
		var v uint64
		if entSize == 16 {
			t, v = elf.DynTag(e.bo.Uint64(d[0:8])), e.bo.Uint64(d[8:16])
		} else {
			t, v = elf.DynTag(e.bo.Uint32(d[0:4])), uint64(e.bo.Uint32(d[4:8]))
		}
		d = d[entSize:]
		if t == elf.DT_NULL {
			break
		}
		switch t {
		case elf.DT_STRTAB:
			ds.strtab, ds.haveStrtab = v, true
		case elf.DT_STRSZ:
			ds.strsz = v
		case elf.DT_NEEDED, elf.DT_RPATH, elf.DT_RUNPATH:
			ds.ents = append(ds.ents, dynEnt{t, v})
		}
	}
	return ds, nil
}

// strings reads the dynamic string table, found through the PT_LOAD
// segment that maps its address, as far as the entries' strings need.
func (e *elfReader) strings(progs []elfProg, d dynSection) ([]byte, error) {
	if !d.haveStrtab {
		return nil, errors.New("PT_DYNAMIC has no DT_STRTAB")
	}
	if d.strsz == 0 || d.strsz > maxStrtab {
		return nil, fmt.Errorf("bad DT_STRSZ %d", d.strsz)
	}
	off, ok := uint64(0), false
	for _, p := range progs {
		if p.typ == elf.PT_LOAD && d.strtab >= p.vaddr && d.strtab-p.vaddr < p.filesz {
			off, ok = p.off+(d.strtab-p.vaddr), true
			break
		}
	}
	if !ok {
		return nil, errors.New("DT_STRTAB outside any PT_LOAD segment")
	}
	// Read only as far as the last string needed, not the whole table.
	var need uint64
	for _, ent := range d.ents {
		if ent.val >= d.strsz {
			return nil, fmt.Errorf("dynamic string offset %d out of range", ent.val)
		}
		need = max(need, ent.val)
	}
	str, err := e.at(off, min(d.strsz, need+4096))
	if err == nil && uint64(len(str)) < d.strsz && bytes.IndexByte(str[need:], 0) < 0 {
		err = errors.New("long string") // the last string runs on: read the whole table
	}
	if err != nil {
		if str, err = e.at(off, d.strsz); err != nil {
			return nil, fmt.Errorf("reading string table: %v", err)
		}
	}
	return str, nil
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
