// Package facts answers questions about the live host that belay's rules ask
// before a dangerous command runs: can init start, is a reboot scheduled, is
// this disk image used by a running VM, is this block device busy, are dpkg
// packages half-installed, which guests are running, is this an SSH session.
//
// Every probe reads the host under a root directory ("/" by default, a fake
// tree in tests), so nothing here ever needs the real machine to be in a given
// state. A Host is lazy: New reads nothing, each fact is probed the first time
// a rule asks for it, and every probe is cached for the Host's life. Probes only
// read: they never execute a program and never write.
//
// Impact measures what a stopped command puts at stake (files and bytes
// under a path, who has them open, mounts, git work trees; who is logged
// in, guests and long jobs a reboot cuts; what a package removal takes;
// what is on a block device; which units stop with a service). The CLI asks
// for it only on the confirm and block path. Each probe runs on its own
// goroutine and its own Host, within one budget (50 ms by default); a probe
// that has not answered in time is reported as unknown, and a count cut
// short says "at least". Directory trees are walked with fstatat, never
// following a symlink and never opening anything but directories.
//
// Parsers of outside input (kernel command line, mountinfo, swaps, crontabs
// through internal/crontab, at jobs, dpkg status, libvirt XML, /proc stat and
// cmdline, ld.so.conf, ELF headers, utmp, logind sessions, udev records, unit
// files) skip what they cannot understand and never panic; what the facts'
// parsers skipped is reported as a problem naming file:line.
package facts
