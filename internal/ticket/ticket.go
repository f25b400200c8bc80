// Package ticket carries an acknowledgement, or a confirmation, from the
// belay that saw a sudo command line to the belay that sudo's approval
// plugin runs as root for it.
//
// The plugin's belay reads acknowledgements from sudo's own command line
// only (sudo BELAY_ACK=id cmd): a BELAY_ACK in the environment may have
// been exported long before, for some other command. When a hooked
// prompt allows `BELAY_ACK=id sudo cmd`, or a person confirms a sudo
// command at the hook's or belay sudo's question, that belay issues a
// ticket: one use, for these rules, for exactly this command, in this
// session on this terminal, for 30 seconds. The plugin's belay redeems
// it, and the person is not asked twice.
//
// Tickets live in a directory of the user's own, mode 0700:
// /run/user/UID/belay-ack, or /tmp/belay-ack-UID where there is no
// /run/user/UID. Only the user (and root) can write there, so no one can
// plant a ticket for someone else; a user who plants one for themselves
// could as well have typed the acknowledgement. Root checks the
// directory and every ticket (owner, mode, one link, size) on the
// descriptors it reads, never follows a link, and removes a ticket
// before it honours it, so a ticket is used at most once.
package ticket

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Lifetime is how long a ticket is good for: the moment between Enter
// and sudo asking its plugin, with a password typed in between.
const Lifetime = 30 * time.Second

// maxTickets bounds the tickets read in one redeem; maxSize one ticket.
const (
	maxTickets = 64
	maxSize    = 4096
)

// Ticket is one stored acknowledgement.
type Ticket struct {
	UID     int      `json:"uid"`     // the user who may redeem it
	Session int      `json:"sid"`     // the session (getsid) it was issued in
	TTY     int      `json:"tty"`     // the controlling terminal's device number; 0 for none
	Rules   []string `json:"rules"`   // the rule ids it acknowledges
	Argv    string   `json:"argv"`    // sha256 of the command sudo runs, its words joined by NUL
	Expires int64    `json:"expires"` // Unix time after which it is void
}

// Store is where the tickets of one user live.
type Store struct {
	UID     int    // the user
	RunUser string // /run/user, where logind makes each user's runtime directory
	Tmp     string // /tmp, for users without one
	Now     func() time.Time
	// Session and TTY identify the caller's session; zero values mean
	// "this process's" (from /proc/self/stat).
	Session, TTY int
}

// For returns the store of uid, at the usual places, for this process.
func For(uid int) *Store {
	return &Store{UID: uid, RunUser: "/run/user", Tmp: "/tmp", Now: time.Now}
}

// dirs are the places the store's directory may be, in order.
func (s *Store) dirs() (runDir, tmpDir string) {
	return filepath.Join(s.RunUser, strconv.Itoa(s.UID)), filepath.Join(s.Tmp, "belay-ack-"+strconv.Itoa(s.UID))
}

// session returns the caller's session id and terminal.
func (s *Store) session() (sid, tty int) {
	if s.Session != 0 {
		return s.Session, s.TTY
	}
	return selfSession()
}

// selfSession reads the session id and tty_nr of this process from
// /proc/self/stat: the fields after the command name in parentheses are
// state, ppid, pgrp, session, tty_nr.
func selfSession() (sid, tty int) {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		sid, _ = unix.Getsid(0)
		return sid, 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 5 {
		sid, _ = unix.Getsid(0)
		return sid, 0
	}
	sid, _ = strconv.Atoi(f[3])
	tty, _ = strconv.Atoi(f[4])
	return sid, tty
}

// Hash is the digest a ticket binds: the command's words joined by NUL.
func Hash(argv []string) string {
	h := sha256.Sum256([]byte(strings.Join(argv, "\x00")))
	return hex.EncodeToString(h[:])
}

// Issue stores a ticket for rules on the command argv, as the user.
func (s *Store) Issue(rules, argv []string) error {
	if len(rules) == 0 || len(argv) == 0 {
		return nil
	}
	dfd, err := s.openDir(true)
	if err != nil {
		return err
	}
	defer unix.Close(dfd)
	sid, tty := s.session()
	t := Ticket{UID: s.UID, Session: sid, TTY: tty, Rules: rules, Argv: Hash(argv), Expires: s.Now().Add(Lifetime).Unix()}
	data, err := json.Marshal(t)
	if err != nil {
		return err
	}
	if len(data) > maxSize {
		return errors.New("ticket: too many rules")
	}
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	name := "t-" + hex.EncodeToString(rnd[:])
	fd, err := unix.Openat(dfd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return fmt.Errorf("ticket: %w", err)
	}
	_, werr := unix.Write(fd, data)
	cerr := unix.Close(fd)
	if werr != nil || cerr != nil {
		_ = unix.Unlinkat(dfd, name, 0)
		return fmt.Errorf("ticket: %v", errors.Join(werr, cerr))
	}
	s.sweep(dfd, nil)
	return nil
}

// Redeem returns the rules of the tickets that match the command argv in
// the caller's session, and removes those tickets (and expired ones).
// It is what root runs for the user s.UID: whatever is not exactly as
// Issue leaves it is ignored.
func (s *Store) Redeem(argv []string) []string {
	dfd, err := s.openDir(false)
	if err != nil {
		return nil
	}
	defer unix.Close(dfd)
	var rules []string
	want := Hash(argv)
	sid, tty := s.session()
	taken := s.sweep(dfd, func(t *Ticket) bool {
		return t.UID == s.UID && t.Argv == want && t.Session == sid && t.TTY == tty
	})
	for _, t := range taken {
		for _, r := range t.Rules {
			if !slices.Contains(rules, r) {
				rules = append(rules, r)
			}
		}
	}
	return rules
}

// sweep reads up to maxTickets tickets, removes the expired ones and
// those match takes, and returns the latter. A ticket counts as taken only
// when its removal succeeded: it is used once.
func (s *Store) sweep(dfd int, match func(*Ticket) bool) []*Ticket {
	dir := os.NewFile(uintptr(dupOrNeg(dfd)), "tickets")
	if dir == nil {
		return nil
	}
	defer dir.Close()
	names, _ := dir.Readdirnames(maxTickets)
	now := s.Now().Unix()
	var taken []*Ticket
	for _, name := range names {
		if !strings.HasPrefix(name, "t-") {
			continue
		}
		t, ok := s.read(dfd, name)
		switch {
		case !ok || t.Expires < now || t.Expires > now+int64(2*Lifetime/time.Second):
			_ = unix.Unlinkat(dfd, name, 0)
		case match != nil && match(t):
			if unix.Unlinkat(dfd, name, 0) == nil {
				taken = append(taken, t)
			}
		}
	}
	return taken
}

func dupOrNeg(fd int) int {
	d, err := unix.Openat(fd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return d
}

// read reads one ticket, refusing anything Issue would not have made.
func (s *Store) read(dfd int, name string) (*Ticket, bool) {
	fd, err := unix.Openat(dfd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || int(st.Uid) != s.UID ||
		st.Nlink != 1 || st.Mode&0o077 != 0 || st.Size > maxSize {
		return nil, false
	}
	buf := make([]byte, maxSize+1)
	n, err := unix.Read(fd, buf)
	if err != nil || n > maxSize {
		return nil, false
	}
	var t Ticket
	if json.Unmarshal(buf[:n], &t) != nil || len(t.Rules) == 0 {
		return nil, false
	}
	return &t, true
}

// openDir opens the store's directory: the first of its places that
// exists and is the user's, mode 0700, not a link. With create, the
// user's caller makes it when missing.
func (s *Store) openDir(create bool) (int, error) {
	runDir, tmpDir := s.dirs()
	if fd, err := openOwned(runDir, s.UID, false, false); err == nil {
		// logind's directory: belay's own inside it.
		defer unix.Close(fd)
		return openOwnedAt(fd, "belay-ack", runDir, s.UID, create)
	}
	tfd, err := unix.Open(s.Tmp, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	defer unix.Close(tfd)
	return openOwnedAt(tfd, filepath.Base(tmpDir), s.Tmp, s.UID, create)
}

// openOwned opens the directory path, which must be uid's.
func openOwned(path string, uid int, private, create bool) (int, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	if err := checkOwned(fd, path, uid, private); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// openOwnedAt opens (with create: makes, mode 0700) the directory name in
// parent, which must be uid's, mode 0700.
func openOwnedAt(parent int, name, parentPath string, uid int, create bool) (int, error) {
	path := filepath.Join(parentPath, name)
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err == unix.ENOENT && create {
		if err := unix.Mkdirat(parent, name, 0o700); err != nil && err != unix.EEXIST {
			return -1, fmt.Errorf("ticket: %s: %w", path, err)
		}
		fd, err = unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	}
	if err != nil {
		return -1, fmt.Errorf("ticket: %s: %w", path, err)
	}
	if err := checkOwned(fd, path, uid, true); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// checkOwned refuses a directory that is not uid's, or (private) that
// others can enter.
func checkOwned(fd int, path string, uid int, private bool) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if int(st.Uid) != uid {
		return fmt.Errorf("ticket: %s: owned by uid %d, not %d: not used", path, st.Uid, uid)
	}
	if private && st.Mode&0o077 != 0 {
		return fmt.Errorf("ticket: %s: mode %04o, others can get in: not used", path, st.Mode&0o7777)
	}
	return nil
}
