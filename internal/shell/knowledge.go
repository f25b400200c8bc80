package shell

import (
	"slices"
	"strings"
)

// The command table: everything belay knows about commands, as data. Each
// family of commands has its file (commands_*.go), a list sorted by name;
// docs/knowledge.md says how to add one. Rules never need to know which
// operand of mv is the source, what dd of= means or which option of
// kubectl takes a value: they ask for operands and effects, and this table
// supplies them.
//
// The lists are composite literals of constants, laid out by the linker:
// looking a command up costs a binary search per family and nothing is
// built at start-up.

// role says which operands of a command an effect applies to.
type role uint8

const (
	roleNone     role = iota
	roleAll           // every operand
	roleSrcDst        // last operand is the destination, the others sources (-t DIR: all sources)
	roleAfterOne      // every operand after the first (chmod MODE FILE…)
	roleAfterTwo      // every operand after the second (rename FROM TO FILE…)
	roleKeyValue      // dd-style key=value operands: of= is written, if= read
	roleFirst         // only the first operand (qemu-img create FILE)
	roleLast          // only the last operand (qemu-img convert SRC… DST)
	roleSelf          // the command itself, on no path: reboot's power
)

// command is what belay knows about one command, or one subcommand of it:
// how to tell its options from its operands, what it does to the paths it
// is given, and what other command it runs.
type command struct {
	name string // base name of the command, or the subcommand's word; "*" is any word (aws SERVICE)

	// Grammar (see grammar.go).
	short    string    // short options, getopt notation: "rf", "t:", "h::"
	long     string    // long options: "recursive target-directory: backup::"
	abbrev   bool      // long options may be shortened to a unique prefix (getopt_long)
	dashLong bool      // -name is a long option too (ip -netns, find -name)
	plus     bool      // +o is an option too (sh +o errexit)
	modeWord string    // letters that make a word after "-" an operand: chmod -x is a mode, not an option
	numeric  bool      // -NUM is an option (nice -10)
	subs     []command // subcommands: the first operand names one (docker volume rm)
	alias    []string  // other words naming this subcommand (ip l s: link set); operands show its name
	inherit  bool      // these options are also read after a subcommand (kubectl -n, aws --profile)

	// Effects on the operands after the subcommand path.
	role       role
	effect     EffectKind // on the operands (roleAll, roleAfterOne…) or the destination (roleSrcDst)
	srcKind    EffectKind // roleSrcDst: what happens to the sources
	targetOpt  []string   // roleSrcDst: options naming the destination directory (-t, --target-directory)
	refOpt     []string   // roleAfterOne: options that replace the first operand (chmod --reference=FILE MODE-less)
	recursive  []string   // options that make the effect apply to a whole tree
	readOnly   []string   // options that make the command only look (fdisk -l), here or in any outer command
	needs      []string   // the effect happens only with one of these options (wipefs -a)
	alsoDel    []string   // options that also delete what the effect is on (shred -u, rsync --delete)
	appendOpt  []string   // options that make a write an append (tee -a)
	writeOpt   []string   // options whose value is a file the command writes (curl -o FILE, wget -O FILE); "-" is standard output
	alsoTree   bool       // alsoDel deletes the whole tree below (rsync --delete on the destination)
	remoteDst  bool       // a destination HOST:PATH is on another host: no effect here (rsync)
	when       []string   // the effect happens only when an operand it is not on is one of these (systemctl start reboot.target)
	whenAbsent bool       // …or when there is no such operand (parted DEV is interactive)
	whenPrefix int        // …or a prefix of one at least this long: the command takes abbreviations (parted mkla = mklabel)
	dryRun     []string   // options that make it a dry run, here or in any outer command; "!OPT" cancels one given before
	dry        bool       // naming this subcommand makes the whole command a dry run (aws ec2 terminate-instances help)

	run *wrap // how it runs another command, when it does
}

// subcommand returns the subcommand named by word, or nil.
func (c *command) subcommand(word string) *command {
	if c == nil {
		return nil
	}
	var any *command
	for i := range c.subs {
		switch c.subs[i].name {
		case word:
			return &c.subs[i]
		case "*":
			any = &c.subs[i]
		}
		if slices.Contains(c.subs[i].alias, word) {
			return &c.subs[i]
		}
	}
	return any
}

// families are the lists of the command table, each sorted by name.
var families = [...][]command{
	fileCommands,
	packageCommands,
	diskCommands,
	systemCommands,
	toolCommands,
	k8sCommands,
	containerCommands,
	cloudCommands,
	backupCommands,
	vmCommands,
	wrapperCommands,
	interpreterCommands,
	databaseCommands,
	runnerCommands,
	launcherCommands,
	serviceCommands,
	ecoCommands,
}

// lookup returns the knowledge for a command name. A name with a dot
// (mkfs.ext4, python3.12) not in the table falls back to "mkfs.*".
func lookup(name string) *command {
	if name == "" {
		return nil
	}
	if c := find(name); c != nil {
		return c
	}
	if dot := strings.IndexByte(name, '.'); dot > 0 {
		return find(name[:dot+1] + "*")
	}
	return nil
}

func find(name string) *command {
	for f := range families {
		list := families[f]
		lo, hi := 0, len(list)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if list[m].name < name {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < len(list) && list[lo].name == name {
			return &list[lo]
		}
	}
	return nil
}
