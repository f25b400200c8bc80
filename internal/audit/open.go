package audit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// maxLinks bounds the symbolic links followed on the way to a log, as
// the kernel does (MAXSYMLINKS).
const maxLinks = 40

// openAppend opens the log c.Path for appending, creating the file (mode
// 0600) and, when c.Mkdir says so, the directories missing on the way
// (c.DirMode, 0700 when zero; made root:root when root makes them).
//
// The path is walked one component at a time, with openat and
// O_NOFOLLOW, so that nobody but root and the user belay runs as can
// steer the record elsewhere: every directory on the way, and every
// symbolic link followed, must belong to root or to the effective user.
// The log itself must be a regular file of root or the effective user,
// never a link (hard or symbolic), a FIFO, a socket or a device.
func openAppend(c File) (*os.File, error) {
	name := filepath.Clean(c.Path)
	dir, base := filepath.Split(name)
	if base == "" || base == "." || base == ".." || base == "/" {
		return nil, fmt.Errorf("%s: not a file name", c.Path)
	}
	dfd, err := openDir(dir, c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Path, err)
	}
	defer unix.Close(dfd)
	const flags = unix.O_APPEND | unix.O_CREAT | unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_CLOEXEC | unix.O_NOCTTY
	// Read access as well, when there is any, to see whether the last
	// record was torn (appendLine); a shared log may be write-only.
	fd, err := openatRetry(dfd, base, unix.O_RDWR|flags, 0o600)
	if err == unix.EACCES {
		fd, err = openatRetry(dfd, base, unix.O_WRONLY|flags, 0o600)
	}
	if err == unix.ELOOP {
		return nil, fmt.Errorf("%s: a symbolic link: refused", c.Path)
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: c.Path, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "stat", Path: c.Path, Err: err}
	}
	if why := refuseFile(&st); why != "" {
		unix.Close(fd)
		return nil, fmt.Errorf("%s: %s: refused", c.Path, why)
	}
	return os.NewFile(uintptr(fd), c.Path), nil
}

// refuseFile says why an opened log must not be written, or "".
func refuseFile(st *unix.Stat_t) string {
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return "not a regular file"
	case !ownerOK(st.Uid):
		return fmt.Sprintf("owned by uid %d, neither root nor uid %d", st.Uid, unix.Geteuid())
	case st.Nlink > 1:
		return fmt.Sprintf("%d hard links to it", st.Nlink)
	}
	return ""
}

// ownerOK says whether a file of uid may hold or lead to the log.
func ownerOK(uid uint32) bool {
	return uid == 0 || int(uid) == unix.Geteuid()
}

// openDir opens the directory dir for use as the dirfd of openat,
// walking it as openAppend says. The caller closes the descriptor.
func openDir(dir string, c File) (int, error) {
	start := "."
	if filepath.IsAbs(dir) {
		start = "/"
	}
	fd, err := openatRetry(unix.AT_FDCWD, start, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	if start == "/" {
		if err := checkDir(fd, "/"); err != nil {
			unix.Close(fd)
			return -1, err
		}
	}
	todo := splitPath(dir)
	walked := start
	links := 0
	for len(todo) > 0 {
		comp := todo[0]
		todo = todo[1:]
		next, err := openatRetry(fd, comp, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err == unix.ENOENT && c.Mkdir {
			next, err = makeDir(fd, comp, c.DirMode)
		}
		if err != nil {
			unix.Close(fd)
			return -1, &os.PathError{Op: "open", Path: filepath.Join(walked, comp), Err: err}
		}
		var st unix.Stat_t
		if err := unix.Fstat(next, &st); err != nil {
			unix.Close(fd)
			unix.Close(next)
			return -1, err
		}
		here := filepath.Join(walked, comp)
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFDIR:
			if !ownerOK(st.Uid) {
				unix.Close(fd)
				unix.Close(next)
				return -1, fmt.Errorf("%s: directory owned by uid %d, neither root nor uid %d: refused", here, st.Uid, unix.Geteuid())
			}
			unix.Close(fd)
			fd, walked = next, here
		case unix.S_IFLNK:
			target, err := readLink(next)
			unix.Close(next)
			if err == nil && !ownerOK(st.Uid) {
				err = fmt.Errorf("a symbolic link owned by uid %d, neither root nor uid %d: refused", st.Uid, unix.Geteuid())
			}
			if links++; err == nil && links > maxLinks {
				err = errors.New("too many symbolic links")
			}
			if err != nil {
				unix.Close(fd)
				return -1, fmt.Errorf("%s: %w", here, err)
			}
			todo = append(splitPath(target), todo...)
			if filepath.IsAbs(target) {
				root, err := openatRetry(unix.AT_FDCWD, "/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
				unix.Close(fd)
				if err != nil {
					return -1, err
				}
				fd, walked = root, "/"
			}
		default:
			unix.Close(fd)
			unix.Close(next)
			return -1, fmt.Errorf("%s: not a directory", here)
		}
	}
	return fd, nil
}

// checkDir refuses the directory fd when its owner may not lead to the log.
func checkDir(fd int, name string) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if !ownerOK(st.Uid) {
		return fmt.Errorf("%s: directory owned by uid %d, neither root nor uid %d: refused", name, st.Uid, unix.Geteuid())
	}
	return nil
}

// makeDir creates the directory name in dirfd and opens it. Made by root,
// it belongs to root:root, whatever group belay runs with (under sudo,
// the invoking user's).
func makeDir(dirfd int, name string, mode os.FileMode) (int, error) {
	if mode == 0 {
		mode = 0o700
	}
	if err := unix.Mkdirat(dirfd, name, uint32(mode.Perm())); err != nil && err != unix.EEXIST {
		return -1, err
	}
	fd, err := openatRetry(dirfd, name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	if unix.Geteuid() == 0 {
		var st unix.Stat_t
		if unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR && st.Uid == 0 && st.Gid != 0 {
			// fchown does not take an O_PATH descriptor; the entry was
			// just checked to be this directory, not a link.
			_ = unix.Fchownat(dirfd, name, 0, 0, unix.AT_SYMLINK_NOFOLLOW)
		}
	}
	return fd, nil
}

// readLink reads the symbolic link open as the O_PATH descriptor fd.
func readLink(fd int) (string, error) {
	buf := make([]byte, unix.PathMax)
	n, err := unix.Readlinkat(fd, "", buf)
	if err != nil {
		return "", err
	}
	if n >= len(buf) {
		return "", errors.New("symbolic link target too long")
	}
	return string(buf[:n]), nil
}

// splitPath returns the components of p, without empty ones and ".".
func splitPath(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}

func openatRetry(dirfd int, name string, flags int, mode uint32) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, flags, mode)
		if err != unix.EINTR {
			return fd, err
		}
	}
}
