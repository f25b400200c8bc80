package facts

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/belay-sh/belay/internal/lazy"
)

// Answer is what a fact says about the host.
type Answer struct {
	Holds  bool   // the fact is true (e.g. init cannot start)
	Detail string // human text naming what was found, e.g. "/sbin/init -> /lib/systemd/systemd: no such file"
}

// Asker answers named facts; target is a path for per-target facts, "" otherwise.
type Asker interface {
	Ask(name, target string) (Answer, error)
}

// The names of the facts a Host answers.
const (
	// InitCannotStart holds when the init the kernel would run cannot start.
	InitCannotStart = "init.cannot-start"
	// RebootScheduled holds when cron, at or a pending shutdown will reboot or power off the host.
	RebootScheduled = "reboot.scheduled"
	// ImageInUse holds when the target file is used by a running VM, process, loop device or swap.
	ImageInUse = "image.in-use"
	// DeviceBusy holds when the target block device is mounted, swap, held by md/LVM/dm, or used by a VM.
	DeviceBusy = "device.busy"
	// DpkgHalfInstalled holds when dpkg has packages left half-installed or half-configured.
	DpkgHalfInstalled = "dpkg.half-installed"
	// GuestsRunning holds when qemu/kvm, libvirt or xen guests are running on the host.
	GuestsRunning = "guests.running"
	// SessionSSH holds when the command comes from an SSH (or mosh) session.
	SessionSSH = "session.ssh"
	// SessionRoot holds when the effective user is root.
	SessionRoot = "session.root"
	// HostName holds when the host name is known; Detail is the name.
	HostName = "host.name"
	// HostUptime holds when the uptime is known; Detail is the uptime.
	HostUptime = "host.uptime"
	// SessionUser holds when the user is known; Detail is the name of the
	// person behind the command (SUDO_USER under sudo).
	SessionUser = "session.user"
	// SessionGroups holds when the user's groups are known; Detail lists
	// them, separated by spaces.
	SessionGroups = "session.groups"
	// SessionTTY holds when belay runs with a terminal (standard input or
	// error): someone can be asked.
	SessionTTY = "session.tty"
	// SessionAgent holds when belay judges for an AI agent's hook (belay
	// agent-hook) rather than for a person; Detail names the agent and
	// its session.
	SessionAgent = "session.agent"
	// GuardsAgent holds when the target is one of the files that switch
	// belay or an agent's hooks off (Options.Guarded), below one, or a
	// directory holding one.
	GuardsAgent = "path.guards-agent"
	// AccountOwn holds when the target, an account name, is the account
	// the command is typed from: the user behind it (SessionUser), or the
	// one the environment names (USER, LOGNAME), which is what $USER in
	// the line was read as.
	AccountOwn = "account.own"
	// PathExists holds when the target path exists on the host (under
	// the root): a file, directory, device or link, followed or not.
	PathExists = "path.exists"
)

// factInfo describes one fact: whether it takes a target, and what it means.
type factInfo struct {
	target bool
	desc   string
}

var factTable = lazy.Value[map[string]factInfo]{Build: func() map[string]factInfo {
	return map[string]factInfo{
		InitCannotStart:   {false, "the init the kernel would run (init= or /sbin/init...) is missing, not executable, or lacks its ELF interpreter or libraries"},
		RebootScheduled:   {false, "a cron entry, an at job or a pending shutdown will reboot or power off the host"},
		ImageInUse:        {true, "the target file is open by a running process, backs a loop device, is swap, or is a disk of a running qemu/kvm/libvirt guest"},
		DeviceBusy:        {true, "the target block device (or a partition of it) is mounted, is swap, is held by md/LVM/dm, or is a disk of a running guest"},
		DpkgHalfInstalled: {false, "dpkg reports packages half-installed, half-configured, unpacked, awaiting triggers, or needing reinstallation"},
		GuestsRunning:     {false, "qemu/kvm processes, libvirt domains or xen domains are running on this host"},
		SessionSSH:        {false, "the command comes from an SSH or mosh session (SSH_CONNECTION, SSH_TTY, or an sshd ancestor)"},
		SessionRoot:       {false, "the effective user is root"},
		HostName:          {false, "the host name (Detail), from /etc/hostname"},
		HostUptime:        {false, "the time since boot (Detail), from /proc/uptime"},
		SessionUser:       {false, "the user behind the command is known (Detail): SUDO_USER under sudo, else the real user"},
		SessionGroups:     {false, "the groups of that user are known (Detail, separated by spaces)"},
		SessionTTY:        {false, "belay runs with a terminal on standard input or error: a person can be asked"},
		SessionAgent:      {false, "belay judges for an AI agent's hook (belay agent-hook), not a person; Detail names the agent and its session"},
		AccountOwn:        {true, "the target names the account the command is typed from: the user behind it (SUDO_USER under sudo, else the real user) or USER/LOGNAME"},
		PathExists:        {true, "the target path exists (a file, a directory, a device or a link, even a dangling one); a pattern or a path that cannot be looked at is unknown"},
		GuardsAgent:       {true, "the target is, is below, or holds a file that switches belay or an AI agent's hooks off: belay's config, packs, caches, log and binary, the agents' hook settings"},
	}
}}

// Names returns the names of all facts, sorted. Describe gives each one's
// one-line description and TakesTarget says whether it needs a target.
func Names() []string {
	names := make([]string, 0, len(factTable.Get()))
	for n := range factTable.Get() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Describe returns the one-line description of a fact, or "" for an unknown name.
func Describe(name string) string { return factTable.Get()[name].desc }

// TakesTarget reports whether the fact is asked about a target path.
func TakesTarget(name string) bool { return factTable.Get()[name].target }

// TakesPattern says whether a fact can be asked as NAME=GLOB: those whose
// detail is a name to match (host.name, session.user, session.groups).
func TakesPattern(name string) bool {
	return name == HostName || name == SessionUser || name == SessionGroups
}

// Options configures a Host.
type Options struct {
	Root     string                // host root, "/" by default; /proc, /sys, /run, /etc, /var are read under it
	Now      func() time.Time      // for next cron run times; time.Now if nil
	IsReboot func(cmd string) bool // judges whether a cron/at/shell command line reboots or powers off; internal/shell's analyzer if nil
	Env      func(string) string   // environment lookup (SSH_CONNECTION etc); os.Getenv if nil
	// Statfs gives the size of the filesystem mounted at a host path, for
	// impact messages. It is a seam because statfs(2) on a fake root would
	// measure the real filesystem holding it: nil means the real call on
	// the live host ("/") and "size unknown" on any other root.
	Statfs func(mountPoint string) (bytes uint64, err error)
	// TTY says whether a person can be asked (session.tty); nil looks at
	// belay's standard input and error.
	TTY func() bool
	// Agent names the AI agent whose hook belay judges for, and its
	// session ("claude, session 3f2a"); "" when belay judges for a
	// person. It answers session.agent.
	Agent string
	// Guarded are the files that switch belay or an agent's hooks off,
	// for path.guards-agent.
	Guarded []Guarded
	// Parent is the process belay judges for, whose ancestors say whether
	// this is an SSH session: the shell (belay serve judges for a shell
	// that is not its parent). os.Getppid() if 0.
	Parent int
}

// Host answers facts about the host under a root directory. It is lazy and
// caches every probe; it is safe for concurrent use.
type Host struct {
	root     string // absolute, cleaned host root
	real     bool   // root is "/": the live host, so os.Getppid, os.Hostname and inode checks apply
	now      func() time.Time
	isReboot func(string) bool
	env      func(string) string
	opt      Options // as given, for fork

	treeLimit int // entries an impact's tree walk counts; maxTreeEntries if 0 (tests lower it)

	reads *atomic.Int64 // shared with forks

	mu       sync.Mutex
	answers  map[[2]string]cached
	problems []string
	seenProb map[string]bool

	initSt   *InitStatus
	reboots  *[]ScheduledReboot
	procs    *procTable
	loops    *[]loopDev
	swaps    *[]swapEntry
	mounts   *[]mountEntry
	domains  *[]libvirtDomain
	dpkg     *dpkgState
	guests   *[]Guest
	session  *Session
	dirCache map[string]dirRes
	ldDirs   *[]string
}

type cached struct {
	a   Answer
	err error
}

// New returns a Host reading the host under opt.Root. It reads nothing.
func New(opt Options) *Host {
	root := opt.Root
	if root == "" {
		root = "/"
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	root = filepath.Clean(root)
	h := &Host{
		root:     root,
		real:     root == "/",
		now:      opt.Now,
		isReboot: opt.IsReboot,
		env:      opt.Env,
		opt:      opt,
		reads:    new(atomic.Int64),
		answers:  map[[2]string]cached{},
		seenProb: map[string]bool{},
		dirCache: map[string]dirRes{},
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.isReboot == nil {
		h.isReboot = rebootLine
	}
	if h.env == nil {
		h.env = os.Getenv
	}
	return h
}

// Reads returns the number of file, directory and link reads done so far.
func (h *Host) Reads() int { return int(h.reads.Load()) }

// Ask answers the named fact; target is a path for image.in-use and
// device.busy, an account's name for account.own, and is ignored
// otherwise. Answers are cached.
func (h *Host) Ask(name, target string) (Answer, error) {
	if base, pattern, ok := strings.Cut(name, "="); ok {
		return h.askGlob(base, pattern, target)
	}
	info, ok := factTable.Get()[name]
	if !ok {
		return Answer{}, fmt.Errorf("unknown fact %s", name)
	}
	if name == GuardsAgent && target == "" {
		// A path not known at all is no file of belay's that can be
		// named; rules judge unknown paths on their own.
		return Answer{Detail: "the path is not known"}, nil
	}
	switch {
	case name == AccountOwn:
		// Its target is an account's name, not a path.
	case info.target:
		if target == "" {
			return Answer{}, fmt.Errorf("fact %s needs a target path", name)
		}
		if !path.IsAbs(target) {
			return Answer{}, fmt.Errorf("fact %s: target %q is not an absolute path", name, target)
		}
		target = path.Clean(target)
	default:
		target = ""
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	key := [2]string{name, target}
	if c, ok := h.answers[key]; ok {
		return c.a, c.err
	}
	a, err := h.ask(name, target)
	h.answers[key] = cached{a, err}
	return a, err
}

// askGlob answers NAME=GLOB: the fact NAME holds and its detail (for
// session.groups, one of its words) matches GLOB ("host.name=db-*",
// "session.user=deploy", "session.groups=ops").
func (h *Host) askGlob(base, pattern, target string) (Answer, error) {
	if _, err := path.Match(pattern, ""); err != nil {
		return Answer{}, fmt.Errorf("fact %s=%s: bad pattern: %v", base, pattern, err)
	}
	if !TakesPattern(base) {
		return Answer{}, fmt.Errorf("fact %s takes no pattern (only %s, %s and %s do)", base, HostName, SessionUser, SessionGroups)
	}
	a, err := h.Ask(base, target)
	if err != nil || !a.Holds {
		return Answer{Detail: a.Detail}, err
	}
	words := []string{a.Detail}
	if base == SessionGroups {
		words = strings.Fields(a.Detail)
	}
	for _, w := range words {
		if ok, _ := path.Match(pattern, w); ok {
			return Answer{Holds: true, Detail: w}, nil
		}
	}
	return Answer{Detail: a.Detail}, nil
}

// ask dispatches to the probe; h.mu is held.
func (h *Host) ask(name, target string) (Answer, error) {
	switch name {
	case InitCannotStart:
		st := h.initStatus()
		return Answer{Holds: !st.CanStart, Detail: st.Detail}, nil
	case RebootScheduled:
		return h.rebootAnswer(), nil
	case ImageInUse:
		return h.imageAnswer(target), nil
	case DeviceBusy:
		return h.deviceAnswer(target), nil
	case DpkgHalfInstalled:
		return h.dpkgAnswer()
	case GuestsRunning:
		return h.guestsAnswer(), nil
	case SessionSSH:
		ok, d := h.sshSession()
		return Answer{Holds: ok, Detail: d}, nil
	case SessionRoot:
		uid := os.Geteuid()
		return Answer{Holds: uid == 0, Detail: fmt.Sprintf("uid %d", uid)}, nil
	case HostName:
		n := h.hostname()
		return Answer{Holds: n != "", Detail: n}, nil
	case SessionUser:
		n := h.sessionUser()
		return Answer{Holds: n != "", Detail: n}, nil
	case SessionGroups:
		g := h.sessionGroups()
		return Answer{Holds: g != "", Detail: g}, nil
	case SessionTTY:
		ok := h.hasTTY()
		return Answer{Holds: ok, Detail: map[bool]string{true: "a terminal", false: "no terminal"}[ok]}, nil
	case SessionAgent:
		return Answer{Holds: h.opt.Agent != "", Detail: h.opt.Agent}, nil
	case GuardsAgent:
		return h.guardsAgent(target), nil
	case AccountOwn:
		return h.ownAccount(target), nil
	case PathExists:
		return h.pathExists(target)
	case HostUptime:
		u := h.uptime()
		if u < 0 {
			return Answer{Detail: "uptime unknown"}, nil
		}
		return Answer{Holds: true, Detail: formatUptime(u)}, nil
	}
	return Answer{}, fmt.Errorf("unknown fact %s", name)
}

// problem records something a probe could not read or parse, once.
// memo returns *p, computing it with f and keeping it on first use.
func memo[T any](p **T, f func() T) T {
	if *p == nil {
		v := f()
		*p = &v
	}
	return **p
}

// uniq collects values, each once, in the order first seen.
type uniq[T comparable] struct {
	list []T
	seen map[T]bool
}

func (u *uniq[T]) add(v T) {
	if u.seen[v] {
		return
	}
	if u.seen == nil {
		u.seen = map[T]bool{}
	}
	u.seen[v] = true
	u.list = append(u.list, v)
}

// fieldLines yields the blank-separated fields of each line of data that
// has any, with its 1-based line number.
func fieldLines(data []byte) iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		for i, l := range strings.Split(string(data), "\n") {
			if f := strings.Fields(l); len(f) > 0 && !yield(i+1, f) {
				return
			}
		}
	}
}

// listAnswer is the answer of a fact that holds when there are items:
// what each is, joined by sep; none when there are none.
func listAnswer[T any](items []T, none, sep string, text func(T) string) Answer {
	if len(items) == 0 {
		return Answer{Detail: none}
	}
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = text(it)
	}
	return Answer{Holds: true, Detail: strings.Join(parts, sep)}
}

func (h *Host) problem(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if h.seenProb[msg] {
		return
	}
	h.seenProb[msg] = true
	h.problems = append(h.problems, msg)
}

// pathExists answers path.exists for a cleaned absolute target: an error
// (unknown) for a pattern, or when the path cannot be looked at.
func (h *Host) pathExists(target string) (Answer, error) {
	if strings.ContainsAny(target, "*?[") {
		return Answer{}, fmt.Errorf("fact %s: %s is a pattern", PathExists, target)
	}
	_, err := h.lstat(target)
	switch {
	case err == nil:
		return Answer{Holds: true, Detail: target + " exists"}, nil
	case errors.Is(err, fs.ErrNotExist):
		return Answer{Detail: target + " does not exist"}, nil
	}
	return Answer{}, fmt.Errorf("fact %s: %v", PathExists, err)
}
