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
// Parsers of outside input (kernel command line, mountinfo, swaps, crontabs
// through internal/crontab, at jobs, dpkg status, libvirt XML, /proc stat and
// cmdline, ld.so.conf, ELF headers) skip what they cannot understand and never
// panic; what they skipped is reported as a problem naming file:line.
package facts
