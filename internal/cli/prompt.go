package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// errNoTerminal means there is no terminal to ask on: scripts, cron, CI.
var errNoTerminal = errors.New("no terminal")

// ttyPath is the terminal the prompt opens; tests point it elsewhere.
var ttyPath = "/dev/tty"

// promptTTY asks question on the terminal and returns the line typed.
// The terminal is put in line mode with echo for the answer, whatever
// state the shell left it in (readline and fish keep it raw), and put
// back afterwards. Ctrl-C, end of input or the timeout decline. Input
// typed ahead of the question (the rest of a paste) is thrown away
// first, so it cannot answer for the person.
func promptTTY(question string, timeout time.Duration) (string, error) {
	startAsking()
	tty, err := os.OpenFile(ttyPath, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return "", errNoTerminal
	}
	defer tty.Close()
	fd := int(tty.Fd())
	saved, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return "", errNoTerminal
	}
	tellAsking(timeout)
	mode := *saved
	mode.Lflag |= unix.ICANON | unix.ECHO | unix.ISIG | unix.ECHOE | unix.ECHOK
	mode.Iflag |= unix.ICRNL
	mode.Iflag &^= unix.INLCR | unix.IGNCR
	mode.Oflag |= unix.OPOST | unix.ONLCR
	mode.Cc[unix.VMIN], mode.Cc[unix.VTIME] = 1, 0
	_ = unix.IoctlSetTermios(fd, unix.TCSETS, &mode)
	defer unix.IoctlSetTermios(fd, unix.TCSETS, saved)
	_ = unix.IoctlSetInt(fd, unix.TCFLSH, unix.TCIFLUSH)

	// Ctrl-C at the prompt declines; it must not kill belay, or a hook
	// would take the crash for a broken guard and run the line.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGQUIT, syscall.SIGTSTP)
	defer signal.Stop(sig)

	fmt.Fprint(tty, question)
	deadline := time.Now().Add(timeout)
	var line []byte
	buf := make([]byte, 256)
	for {
		select {
		case <-sig:
			fmt.Fprintln(tty)
			return "", errors.New("interrupted: not run")
		default:
		}
		left := time.Until(deadline)
		if left <= 0 {
			fmt.Fprintln(tty)
			return "", fmt.Errorf("no answer in %s: not run", timeout)
		}
		wait := min(left, 200*time.Millisecond)
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(wait/time.Millisecond)+1)
		if err != nil && err != unix.EINTR {
			return "", err
		}
		if n == 0 || err == unix.EINTR {
			continue
		}
		if fds[0].Revents&(unix.POLLHUP|unix.POLLERR) != 0 && fds[0].Revents&unix.POLLIN == 0 {
			return "", errors.New("terminal closed: not run")
		}
		k, err := tty.Read(buf)
		if k == 0 || err != nil {
			fmt.Fprintln(tty)
			return "", errors.New("end of input: not run")
		}
		line = append(line, buf[:k]...)
		if i := strings.IndexByte(string(line), '\n'); i >= 0 {
			return string(line[:i]), nil
		}
		if len(line) > 4096 {
			return "", errors.New("answer too long: not run")
		}
	}
}

// flushTerminal throws away input typed ahead, so that after a block or a
// decline the rest of a paste does not run.
func flushTerminal() {
	tty, err := os.OpenFile(ttyPath, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return
	}
	defer tty.Close()
	_ = unix.IoctlSetInt(int(tty.Fd()), unix.TCFLSH, unix.TCIFLUSH)
}

// hookPrompt is set when belay runs under a shell hook (belay hook).
var hookPrompt bool

// startAsking marks the start of a question. Under a hook, timeout(1)
// around belay (BELAY_HOOK_HARD_TIMEOUT) may send SIGTERM while the
// person thinks: the time limit is for belay, not for them.
func startAsking() {
	if hookPrompt {
		signal.Ignore(syscall.SIGTERM)
	}
}
