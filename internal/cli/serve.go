package cli

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/belay-sh/belay/internal/shell"
	"golang.org/x/sys/unix"
)

// belay serve is the resident half of the shell hooks: one belay per
// interactive shell, started with the hook, so that an ordinary Enter costs
// no process start (issue 17: a process per Enter costs 15-20 ms on a small
// box, most of it fork, exec and the Go runtime starting).
//
// It is only ever a fast way to say yes. For each line it runs exactly
// what `belay hook` would run, in-process, with the shell's current
// environment, directory and session state, and answers:
//
//	ID 0   belay hook would exit 0 and print nothing: run the line
//	ID 4   the line is unfinished, nothing printed: read on
//	ID -   anything else: the hook runs `belay hook` as before
//	ID x   the same, and this server ends (the line took too long)
//
// Every stop, warning, question, error, timeout, crash or doubt goes the
// old way, through a fresh `belay hook` with its watchdog and its
// fail-closed exits; a server that is slow, dead, confused or replaced
// costs time, never a check. What the server records in the audit log is
// held until it knows it answers for the line itself (0 or 4), so that a
// line handed back is not recorded twice.
//
// The shell talks to it over two FIFOs in a private directory (mode 0700,
// made by the hook with mktemp -d): DIR/q carries the requests
// (requestReader: NUL-separated fields, then the exported environment),
// DIR/a the answers, one line each. A file would be simpler, but
// truncating and rewriting one costs a journal flush on ext4 at every
// Enter. The server ends when the shell does (EOF on DIR/q, or the
// parent process gone), when its binary is replaced, or after one line that
// took too long; it removes DIR as it goes.

// serveMagic opens every request; a request of another version is handed back.
const serveMagic = "belay-serve-1"

// Bounds of the server.
const (
	serveMaxRequest = 1 << 20                // bytes of one request
	serveMaxID      = 64                     // bytes of its id
	serveDeadline   = 400 * time.Millisecond // a line judged slower than this is handed back, and the server ends
)

// serveCmd is `belay serve --shell SHELL --dir DIR --parent PID`.
func (a *app) serveCmd(args []string) error {
	var sh, dir string
	var parent int
	fs := flagSet("serve", map[string]any{"shell": &sh, "dir": &dir, "parent": &parent})
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || (sh != "bash" && sh != "zsh" && sh != "fish") || !filepath.IsAbs(dir) || parent <= 1 {
		return usageErr("usage: belay serve --shell bash|zsh|fish --dir DIR --parent PID", "it is started by the shell hooks")
	}
	// Ctrl-C, Ctrl-Z and a hang-up at the shell's terminal are the
	// shell's: the server may be in its process group (fish), and ends
	// with the shell anyway.
	signal.Ignore(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP, syscall.SIGHUP, syscall.SIGTTIN, syscall.SIGTTOU)
	// Out of the directory the shell started in: a server there would
	// keep it busy (umount: target is busy). What it judges is relative
	// to each line's own directory, never its own.
	if err := os.Chdir("/"); err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	closeInherited()
	// No part of the terminal's jobs: the keys at the prompt and a
	// hang-up go to the terminal's foreground process group, which may be
	// the shell's (the bash hook also starts it in a group of its own,
	// before it could ignore anything).
	_ = unix.Setpgid(0, 0)
	s, err := openServer(dir, parent, sh)
	if err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	defer s.close()
	// Named now, while the shell's standard streams are its terminal: at
	// an Enter they are the request's FIFO and /dev/null while the hook
	// writes, and zle's stdin is not the terminal.
	s.tty = s.shellTTY()
	go s.watchParent()
	// Ended by the hook (kill): its directory goes with it.
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	go func() {
		<-term
		os.RemoveAll(s.dir)
		os.Exit(0)
	}()
	if sh == "fish" {
		return s.loopFiles(a)
	}
	return s.loop(a)
}

// closeInherited closes the descriptors the server inherited from the
// shell beyond its standard streams: the shell's own ends of the FIFOs
// (bash and zsh cannot open them close-on-exec), with which the server
// would never see the end of DIR/q, those of a server before it, and
// whatever else the shell held open at that Enter (a file on a disk to
// be unmounted, a pipe someone waits on to end). Everything the Go
// runtime opens is close-on-exec; anything that is not came from the
// shell.
func closeInherited() {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range ents {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || fd <= 2 {
			continue
		}
		if flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == nil && flags&unix.FD_CLOEXEC == 0 {
			unix.Close(fd)
		}
	}
}

// server is one belay serve.
type server struct {
	dir, shell string
	parent     int
	parentT    string // the parent's start time and image (procStart): a reused pid, or an exec, is another shell
	q          *os.File
	ans        *os.File
	exe        string // the binary's path at start
	root       string // --root for belay hook: tests only; the hooks never set it
	tty        string // the shell's terminal, as at the server's start

	envText string // the last environment received, and what it parsed to
	env     map[string]string
	envErr  error
}

func openServer(dir string, parent int, sh string) (*server, error) {
	// The directory is opened once and checked as opened: the FIFOs are
	// opened in it, not by a path that could lead elsewhere by then.
	dfd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(dfd)
	euid := uint32(os.Geteuid())
	var st unix.Stat_t
	if err := unix.Fstat(dfd, &st); err != nil || st.Mode&0o077 != 0 || st.Uid != euid {
		return nil, fmt.Errorf("%s: not a private directory of this user", dir)
	}
	// Nor in a directory where another user may rename it and put one of
	// theirs in its place (su keeps the user's XDG_RUNTIME_DIR in root's
	// shell): one of this user's or root's, which only they may write to
	// or which is sticky (/tmp).
	var up unix.Stat_t
	if err := unix.Stat(filepath.Dir(dir), &up); err != nil || (up.Uid != euid && up.Uid != 0) ||
		(up.Mode&0o022 != 0 && up.Mode&unix.S_ISVTX == 0) {
		return nil, fmt.Errorf("%s: in a directory others may change", dir)
	}
	s := &server{dir: dir, shell: sh, parent: parent, parentT: procStart(parent)}
	if s.parentT == "" {
		return nil, fmt.Errorf("process %d: not running", parent)
	}
	s.exe, _ = os.Readlink("/proc/self/exe")
	if sh == "fish" {
		return s, nil // files, not FIFOs (serve_fish.go)
	}
	// The shell holds both FIFOs open read-write, so neither open blocks;
	// when the shell ends, nothing writes DIR/q any more, and reading it
	// ends.
	if s.q, err = openFIFO(dfd, dir, "q", unix.O_RDONLY); err != nil {
		return nil, err
	}
	if s.ans, err = openFIFO(dfd, dir, "a", unix.O_WRONLY); err != nil {
		s.q.Close()
		return nil, err
	}
	return s, nil
}

// openFIFO opens the FIFO name in the directory dfd (dir).
func openFIFO(dfd int, dir, name string, mode int) (*os.File, error) {
	path := filepath.Join(dir, name)
	fd, err := unix.Openat(dfd, name, mode|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFIFO {
		unix.Close(fd)
		return nil, fmt.Errorf("%s: not a FIFO", path)
	}
	// Blocking from here on: only the open had to not wait.
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

// close removes the directory: the hook starts another server, in another
// directory, when it needs one.
func (s *server) close() {
	if s.q != nil {
		s.q.Close()
		s.ans.Close()
	}
	os.RemoveAll(s.dir)
}

// procStart identifies the image a process runs: field 22 of
// /proc/PID/stat, its start time (a reused pid is another process), and
// fields 48 and 50, where its arguments and environment begin, which the
// kernel sets at each exec (exec bash, exec fish keep the pid and the
// start time: the shell the server served is gone all the same). ""
// when there is no such process.
func procStart(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	// The command name (field 2) is in parentheses and may hold anything.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return ""
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return ""
	}
	if len(f) < 48 {
		return f[19]
	}
	return f[19] + " " + f[45] + " " + f[47]
}

// watchParent ends the server when the shell is gone, even if a command it
// started still holds the FIFOs open.
func (s *server) watchParent() {
	for {
		time.Sleep(2 * time.Second)
		if procStart(s.parent) != s.parentT {
			os.RemoveAll(s.dir)
			os.Exit(0)
		}
	}
}

// replaced says whether the binary was replaced since the server started
// (an upgrade): its answers would be the old belay's.
func (s *server) replaced() bool {
	exe, err := os.Readlink("/proc/self/exe")
	return err != nil || exe != s.exe || strings.HasSuffix(exe, " (deleted)")
}

// loop answers requests until the shell goes away.
func (s *server) loop(a *app) error {
	// The hook learns the server's pid from its first answer.
	if _, err := fmt.Fprintf(s.ans, "belay-serve %d\n", os.Getpid()); err != nil {
		return &exitError{code: ExitUsage, msg: "answering: " + err.Error()}
	}
	r := &requestReader{r: bufio.NewReaderSize(s.q, 64<<10)}
	for {
		rq, err := r.next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			// Out of step with the hook: it starts another server.
			return &exitError{code: ExitUsage, msg: "reading requests: " + err.Error()}
		}
		if s.replaced() {
			s.answer(rq.id, "x")
			return nil
		}
		verdict := "-"
		if !rq.tooBig {
			verdict = s.judgeInTime(a, rq)
		}
		if err := s.answer(rq.id, verdict); err != nil {
			return &exitError{code: ExitUsage, msg: "answering: " + err.Error()}
		}
	}
}

// judgeInTime judges rq on this goroutine (no hand-over between threads at
// every Enter); should that take longer than serveDeadline, a timer
// answers x for it, and the server ends: the line may go on being judged
// for a while, and the hook asks belay hook meanwhile.
func (s *server) judgeInTime(parent *app, rq *serveRequest) string {
	var mu sync.Mutex
	answered := false
	t := time.AfterFunc(serveDeadline, func() {
		mu.Lock()
		if answered {
			mu.Unlock()
			return
		}
		answered = true
		s.answer(rq.id, "x")
		s.close()
		os.Exit(0)
	})
	start := time.Now()
	v, a := s.judge(parent, rq)
	t.Stop()
	if limit := hookTimeout(rq.timeout); v != "-" && limit > 0 && time.Since(start) >= limit {
		// belay hook's watchdog would have fired and asked: so must it.
		v = "-"
	}
	if v != "-" && a.heldRelative() {
		// A log named by a relative path (belay.toml's [audit] file) is
		// in the shell's directory for belay hook, in / for the server.
		v = "-"
	}
	mu.Lock()
	if answered {
		mu.Unlock()
		select {} // the timer answered, and ends the process
	}
	answered = true
	mu.Unlock()
	if v != "-" {
		// It answers for the line itself: what it records is the record.
		a.releaseAudit()
	}
	return v
}

func (s *server) answer(id, verdict string) error {
	if s.ans == nil {
		return s.answerFile(id, verdict)
	}
	_, err := s.ans.Write([]byte(id + " " + verdict + "\n"))
	return err
}

// serveRequest is one line to judge, as the hook wrote it on DIR/q.
type serveRequest struct {
	id, pwd, phys string
	tty, dropped  bool
	timeout       string
	state, line   string
	env           string // what bash's declare -px or zsh's typeset -x printed
	tooBig        bool   // more than serveMaxRequest bytes: read to its end, and handed back
}

// requestReader reads requests from DIR/q: the magic, id, $PWD, `pwd -P`,
// tty, state-dropped, BELAY_HOOK_TIMEOUT, state, line and the exported
// environment (bash's `declare -px`, zsh's `typeset -x`), each ended by
// NUL.
type requestReader struct {
	r    *bufio.Reader
	size int // bytes of the request so far
}

// field reads up to the next NUL; past serveMaxRequest bytes in the
// request it keeps reading but keeps nothing.
func (q *requestReader) field() (string, error) {
	var b []byte
	for {
		chunk, err := q.r.ReadSlice(0)
		q.size += len(chunk)
		if q.size <= serveMaxRequest {
			b = append(b, chunk...)
		}
		switch {
		case err == nil:
			if len(b) > 0 {
				b = b[:len(b)-1]
			}
			return string(b), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && q.size > len(chunk):
			return "", io.ErrUnexpectedEOF
		default:
			return "", err
		}
	}
}

func (q *requestReader) next() (*serveRequest, error) {
	q.size = 0
	var f [9]string
	for i := range f {
		v, err := q.field()
		if err != nil {
			return nil, err
		}
		f[i] = v
	}
	if f[0] != serveMagic {
		return nil, errors.New("not a request of this version")
	}
	if f[1] == "" || len(f[1]) > serveMaxID || strings.ContainsAny(f[1], " \t\r\n") {
		return nil, errors.New("a request id that is not one")
	}
	rq := &serveRequest{id: f[1], pwd: f[2], phys: strings.TrimSuffix(f[3], "\n"), timeout: f[6], state: f[7], line: f[8]}
	v, err := q.field()
	if err != nil {
		return nil, err
	}
	rq.env = v
	rq.tooBig = q.size > serveMaxRequest
	for i, p := range []*bool{&rq.tty, &rq.dropped} {
		switch f[4+i] {
		case "1":
			*p = true
		case "0":
		default:
			return nil, errors.New("a request that is not one")
		}
	}
	return rq, nil
}

// judge runs belay hook for one request, in-process, and answers "0",
// "4" or "-"; a is the run, whose audit records are held.
func (s *server) judge(parent *app, rq *serveRequest) (v string, a *app) {
	v = "-"
	env, err := s.environment(rq.env)
	if err != nil {
		return v, nil
	}
	env = maps.Clone(env)
	if rq.timeout != "" {
		env["BELAY_HOOK_TIMEOUT"] = rq.timeout
	}
	cwd := workdir(rq.pwd, rq.phys)
	if cwd == "" || !s.shellIn(cwd) || relativeSettings(env) {
		return v, nil
	}
	var out bytes.Buffer
	a = &app{stdin: strings.NewReader(""), stdout: &out, stderr: &out,
		getenv: func(k string) string { return env[k] }, environ: func() []string { return environList(env) },
		cwd: cwd, serving: true, holdAudit: true, now: parent.now, parentPID: s.parent}
	tty := rq.tty
	a.ttyFact = func() bool { return tty }
	a.auditTTY = s.terminal
	defer func() {
		if recover() != nil {
			v = "-"
		}
	}()
	args := []string{"hook", "--no-prompt", "--shell", cmp.Or(s.shell, "bash")}
	if s.root != "" {
		args = append(args, "--root", s.root)
	}
	if rq.state != "" {
		args = append(args, "--state="+rq.state)
	}
	if rq.dropped {
		args = append(args, "--state-dropped")
	}
	args = append(args, "--", rq.line)
	code := a.run("belay", args)
	switch {
	case out.Len() > 0:
	case code == ExitAllow:
		v = "0"
	case code == exitIncomplete:
		v = "4"
	}
	return v, a
}

func environList(env map[string]string) []string {
	l := make([]string, 0, len(env))
	for k, v := range env {
		l = append(l, k+"="+v)
	}
	sort.Strings(l)
	return l
}

// relativeSettings says whether a variable that names belay's files holds a
// relative path: belay hook reads it from the shell's directory, the
// server from its own.
func relativeSettings(env map[string]string) bool {
	for _, k := range []string{"BELAY_CONFIG", "BELAY_ETC", "BELAY_AUDIT_FILE", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "HOME"} {
		if v := env[k]; v != "" && !filepath.IsAbs(v) {
			return true
		}
	}
	for _, d := range filepath.SplitList(env["BELAY_RULES"]) {
		if d != "" && !filepath.IsAbs(d) {
			return true
		}
	}
	return false
}

// workdir is the directory os.Getwd would give a process started there:
// $PWD when it names the same directory as the physical path, else that.
func workdir(pwd, phys string) string {
	if !filepath.IsAbs(phys) {
		return ""
	}
	if filepath.IsAbs(pwd) {
		a, err1 := os.Stat(pwd)
		b, err2 := os.Stat(phys)
		if err1 == nil && err2 == nil && os.SameFile(a, b) {
			return pwd
		}
	}
	return phys
}

// shellIn says whether the shell's working directory is dir. The hook's
// $PWD and pwd -P may name a directory the shell is no longer in: one
// deleted under it (and perhaps made again at the same path), where
// belay hook finds no working directory at all and judges relative paths
// as unknown. The kernel knows the shell's: /proc/PID/cwd.
func (s *server) shellIn(dir string) bool {
	if s.parent <= 0 {
		return true // tests without a shell
	}
	a, err1 := os.Stat("/proc/" + strconv.Itoa(s.parent) + "/cwd")
	b, err2 := os.Stat(dir)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// terminal is the shell's terminal for audit records: the one named at the
// server's start, else the one its streams show now.
func (s *server) terminal() string {
	if s.tty != "" {
		return s.tty
	}
	return s.shellTTY()
}

// shellTTY is the terminal belay hook would name in its records: the one
// on the shell's standard input, error or output, which a process started
// there has (the server's are /dev/null).
func (s *server) shellTTY() string {
	if s.parent <= 0 {
		return ""
	}
	for _, fd := range []string{"0", "2", "1"} {
		l, err := os.Readlink("/proc/" + strconv.Itoa(s.parent) + "/fd/" + fd)
		if err == nil && (strings.HasPrefix(l, "/dev/pts/") || strings.HasPrefix(l, "/dev/tty") || l == "/dev/console") {
			return l
		}
	}
	return ""
}

// environment parses the exported environment the hook sent, once for each
// text that differs from the last.
func (s *server) environment(text string) (map[string]string, error) {
	if s.env != nil && text == s.envText {
		return s.env, s.envErr
	}
	var env map[string]string
	var err error
	if s.shell == "fish" {
		env, err = shell.ParseExportsNUL(text)
	} else {
		env, err = shell.ParseExports(text)
	}
	s.envText, s.env, s.envErr = text, env, err
	if env == nil {
		s.env = map[string]string{}
	}
	return env, err
}
