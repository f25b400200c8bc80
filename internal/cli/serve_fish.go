package cli

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// fish can keep no pipe open between two commands, and its read has no
// time limit: a FIFO whose server died would hang the prompt. So the fish
// hook talks to belay serve through files in the private directory. It
// waits for DIR/ready (the server watches the directory from then on),
// writes each request as DIR/r.ID (the fields of requestReader, then the
// exported variables as NAME=VALUE, each ended by NUL), and looks for
// DIR/a.ID, a few hundred times at most while the server lives; the server
// sees r.ID closed (inotify), reads and removes it, and answers in a.ID,
// written whole under another name first.

// loopFiles answers the fish hook's requests until the shell goes away
// (watchParent) or the directory does.
func (s *server) loopFiles(a *app) error {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC)
	if err != nil {
		return &exitError{code: ExitUsage, msg: "inotify: " + err.Error()}
	}
	defer unix.Close(fd)
	if _, err := unix.InotifyAddWatch(fd, s.dir, unix.IN_CLOSE_WRITE|unix.IN_DELETE_SELF|unix.IN_MOVE_SELF|unix.IN_ONLYDIR|unix.IN_DONT_FOLLOW); err != nil {
		return &exitError{code: ExitUsage, msg: "inotify: " + err.Error()}
	}
	if err := writeFileAtomic(s.dir, "ready", fmt.Sprintf("belay-serve %d\n", os.Getpid())); err != nil {
		return &exitError{code: ExitUsage, msg: err.Error()}
	}
	buf := make([]byte, 64<<10)
	for {
		n, err := unix.Read(fd, buf)
		if err != nil {
			if errors.Is(err, unix.EINTR) {
				continue
			}
			return &exitError{code: ExitUsage, msg: "inotify: " + err.Error()}
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			mask := binary.NativeEndian.Uint32(buf[off+4:])
			l := int(binary.NativeEndian.Uint32(buf[off+12:]))
			end := off + unix.SizeofInotifyEvent + l
			if end > n {
				break
			}
			name := strings.TrimRight(string(buf[off+unix.SizeofInotifyEvent:end]), "\x00")
			off = end
			if mask&(unix.IN_DELETE_SELF|unix.IN_MOVE_SELF|unix.IN_IGNORED|unix.IN_Q_OVERFLOW) != 0 {
				return nil // the directory is gone (a tmp cleaner?): the hook starts another server
			}
			id, ok := strings.CutPrefix(name, "r.")
			if !ok || mask&unix.IN_CLOSE_WRITE == 0 {
				continue
			}
			if end := s.serveFile(a, id); end {
				return nil
			}
		}
	}
}

// serveFile answers the request DIR/r.ID, and says whether the server must
// end.
func (s *server) serveFile(a *app, id string) (end bool) {
	if id == "" || len(id) > serveMaxID || strings.ContainsAny(id, " /\t\n") {
		return false
	}
	text, err := readRequestFile(filepath.Join(s.dir, "r."+id))
	os.Remove(filepath.Join(s.dir, "r."+id))
	if err != nil {
		return false // written by something else, or gone: no answer, the hook asks belay hook
	}
	// The answer to the last request has been read by now, or never will be.
	if old, _ := filepath.Glob(filepath.Join(s.dir, "a.*")); len(old) > 0 {
		for _, f := range old {
			os.Remove(f)
		}
	}
	rq, err := parseRequestFile(text)
	if err != nil || rq.id != id {
		s.answer(id, "-")
		return false
	}
	if s.replaced() {
		s.answer(id, "x")
		return true
	}
	verdict := "-"
	if !rq.tooBig {
		verdict = s.judgeInTime(a, rq)
	}
	s.answer(id, verdict)
	return false
}

// readRequestFile reads one request file, a regular file of at most
// serveMaxRequest bytes.
func readRequestFile(path string) (string, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return "", errors.New("not a regular file")
	}
	b, err := io.ReadAll(io.LimitReader(f, serveMaxRequest+1))
	if err != nil {
		return "", err
	}
	if len(b) > serveMaxRequest {
		return "", errors.New("the request is too large")
	}
	return string(b), nil
}

// parseRequestFile reads the fields of a fish request: those of
// requestReader, then the environment, NAME=VALUE entries each ended by
// NUL.
func parseRequestFile(text string) (*serveRequest, error) {
	f := strings.SplitN(text, "\x00", 10)
	if len(f) != 10 || f[0] != serveMagic {
		return nil, errors.New("not a request of this version")
	}
	rq := &serveRequest{id: f[1], pwd: f[2], phys: strings.TrimSuffix(f[3], "\n"), timeout: f[6], state: f[7], line: f[8], env: f[9]}
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

// answerFile writes DIR/a.ID whole: the hook never reads half an answer.
func (s *server) answerFile(id, verdict string) error {
	return writeFileAtomic(s.dir, "a."+id, id+" "+verdict+"\n")
}

func writeFileAtomic(dir, name, text string) error {
	tmp := filepath.Join(dir, "t."+name)
	if err := os.WriteFile(tmp, []byte(text), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, name))
}
