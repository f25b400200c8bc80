package elf

import (
	"debug/elf"
	"testing"
)

// TestSameAsDebugELF: every constant has debug/elf's value, and the object
// types print as debug/elf prints them.
func TestSameAsDebugELF(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want uint64
	}{
		{"EI_CLASS", EI_CLASS, elf.EI_CLASS}, {"EI_DATA", EI_DATA, elf.EI_DATA}, {"EI_VERSION", EI_VERSION, elf.EI_VERSION},
		{"ELFCLASS32", uint64(ELFCLASS32), uint64(elf.ELFCLASS32)}, {"ELFCLASS64", uint64(ELFCLASS64), uint64(elf.ELFCLASS64)},
		{"ELFDATA2LSB", uint64(ELFDATA2LSB), uint64(elf.ELFDATA2LSB)}, {"ELFDATA2MSB", uint64(ELFDATA2MSB), uint64(elf.ELFDATA2MSB)},
		{"EV_CURRENT", uint64(EV_CURRENT), uint64(elf.EV_CURRENT)},
		{"EM_386", uint64(EM_386), uint64(elf.EM_386)}, {"EM_MIPS", uint64(EM_MIPS), uint64(elf.EM_MIPS)},
		{"EM_PPC64", uint64(EM_PPC64), uint64(elf.EM_PPC64)}, {"EM_S390", uint64(EM_S390), uint64(elf.EM_S390)},
		{"EM_ARM", uint64(EM_ARM), uint64(elf.EM_ARM)}, {"EM_X86_64", uint64(EM_X86_64), uint64(elf.EM_X86_64)},
		{"EM_AARCH64", uint64(EM_AARCH64), uint64(elf.EM_AARCH64)}, {"EM_RISCV", uint64(EM_RISCV), uint64(elf.EM_RISCV)},
		{"PT_LOAD", uint64(PT_LOAD), uint64(elf.PT_LOAD)}, {"PT_DYNAMIC", uint64(PT_DYNAMIC), uint64(elf.PT_DYNAMIC)},
		{"PT_INTERP", uint64(PT_INTERP), uint64(elf.PT_INTERP)},
		{"DT_NULL", uint64(DT_NULL), uint64(elf.DT_NULL)}, {"DT_NEEDED", uint64(DT_NEEDED), uint64(elf.DT_NEEDED)},
		{"DT_STRTAB", uint64(DT_STRTAB), uint64(elf.DT_STRTAB)}, {"DT_STRSZ", uint64(DT_STRSZ), uint64(elf.DT_STRSZ)},
		{"DT_RPATH", uint64(DT_RPATH), uint64(elf.DT_RPATH)}, {"DT_RUNPATH", uint64(DT_RUNPATH), uint64(elf.DT_RUNPATH)},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, debug/elf says %d", c.name, c.got, c.want)
		}
	}
	if ELFMAG != elf.ELFMAG {
		t.Errorf("ELFMAG %q", ELFMAG)
	}
	for ty := range 5 {
		if got, want := Type(ty).String(), elf.Type(ty).String(); got != want {
			t.Errorf("Type(%d) %q, debug/elf %q", ty, got, want)
		}
	}
}
