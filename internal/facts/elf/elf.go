// Package elf holds the few ELF constants facts reads objects by, with the
// names and values debug/elf gives them. facts reads ELF headers itself
// (elfinfo.go) and needs nothing else of debug/elf, which links DWARF,
// zlib and zstd decoders into belay and builds their tables at every
// start.
package elf

import "strconv"

// Class is EI_CLASS.
type Class byte

// Data is EI_DATA.
type Data byte

// Version is EI_VERSION.
type Version byte

// Type is e_type.
type Type uint16

// Machine is e_machine.
type Machine uint16

// ProgType is p_type.
type ProgType int

// DynTag is d_tag.
type DynTag int

// The identification.
const (
	ELFMAG = "\177ELF"

	EI_CLASS   = 4
	EI_DATA    = 5
	EI_VERSION = 6

	ELFCLASS32 Class = 1
	ELFCLASS64 Class = 2

	ELFDATA2LSB Data = 1
	ELFDATA2MSB Data = 2

	EV_CURRENT Version = 1
)

// Object types.
const (
	ET_NONE Type = 0
	ET_REL  Type = 1
	ET_EXEC Type = 2
	ET_DYN  Type = 3
	ET_CORE Type = 4
)

// String names the object type as debug/elf does, for the types that have
// a name; others are their number.
func (t Type) String() string {
	switch t {
	case ET_NONE:
		return "ET_NONE"
	case ET_REL:
		return "ET_REL"
	case ET_EXEC:
		return "ET_EXEC"
	case ET_DYN:
		return "ET_DYN"
	case ET_CORE:
		return "ET_CORE"
	}
	return strconv.Itoa(int(t))
}

// Machines.
const (
	EM_386     Machine = 3
	EM_MIPS    Machine = 8
	EM_PPC64   Machine = 21
	EM_S390    Machine = 22
	EM_ARM     Machine = 40
	EM_X86_64  Machine = 62
	EM_AARCH64 Machine = 183
	EM_RISCV   Machine = 243
)

// Program header types.
const (
	PT_LOAD    ProgType = 1
	PT_DYNAMIC ProgType = 2
	PT_INTERP  ProgType = 3
)

// Dynamic tags.
const (
	DT_NULL    DynTag = 0
	DT_NEEDED  DynTag = 1
	DT_STRTAB  DynTag = 5
	DT_STRSZ   DynTag = 10
	DT_RPATH   DynTag = 15
	DT_RUNPATH DynTag = 29
)
