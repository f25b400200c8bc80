package cli

import (
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/ticket"
)

// ackWorld moves sudo.conf, the ticket store and root's log into a
// temporary directory for one test, and returns the store and the
// environment.
func ackWorld(t *testing.T, plugin bool) (*ticket.Store, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "sudo.conf")
	text := "# no plugin\n"
	if plugin {
		text = "Plugin belay_approval /usr/lib/belay/belay_approval.so\n"
	}
	must(t, os.WriteFile(conf, []byte(text), 0o644))
	store := &ticket.Store{UID: os.Getuid(), RunUser: filepath.Join(dir, "run-user"), Tmp: filepath.Join(dir, "tmp"), Now: time.Now}
	must(t, os.MkdirAll(filepath.Join(store.RunUser, strconv.Itoa(store.UID)), 0o700))
	must(t, os.MkdirAll(store.Tmp, 0o1777))
	oldConf, oldStore, oldLog := sudoConf, ticketStore, systemAuditFile
	sudoConf, ticketStore, systemAuditFile = conf, func() *ticket.Store { return store }, filepath.Join(dir, "log", "audit.jsonl")
	t.Cleanup(func() { sudoConf, ticketStore, systemAuditFile = oldConf, oldStore, oldLog })
	return store, auditEnv(t)
}

// TestHookLeavesTickets: a sudo command let through at a hooked prompt on
// an acknowledgement leaves a ticket for the plugin's belay, for exactly
// that command, only when sudo.conf names the plugin; an exported
// BELAY_ACK acknowledges nothing and leaves none.
func TestHookLeavesTickets(t *testing.T) {
	defer func() { hookPrompt = false; signal.Reset(syscall.SIGQUIT, syscall.SIGTSTP, syscall.SIGTERM) }()
	store, env := ackWorld(t, true)
	if code, stderr := runEnv(env, nil, "hook", "--shell", "bash", "--", "BELAY_ACK=system.reboot sudo reboot"); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if got := store.Redeem([]string{"reboot", "now"}); got != nil {
		t.Errorf("a ticket for another command: %v", got)
	}
	if got := store.Redeem([]string{"reboot"}); len(got) != 1 || got[0] != "system.reboot" {
		t.Errorf("ticket: %v", got)
	}
	env["BELAY_ACK"] = "system.reboot"
	if code, _ := runEnv(env, nil, "hook", "--shell", "bash", "--", "sudo reboot"); code != ExitConfirm {
		t.Errorf("exported ack: exit %d, want %d", code, ExitConfirm)
	}
	delete(env, "BELAY_ACK")
	if got := store.Redeem([]string{"reboot"}); got != nil {
		t.Errorf("a ticket from an exported ack: %v", got)
	}
	// Not through sudo, or not sudo's own command: no ticket.
	runEnv(env, nil, "hook", "--shell", "bash", "--", "BELAY_ACK=system.reboot reboot")
	runEnv(env, nil, "hook", "--shell", "bash", "--", "BELAY_ACK=system.reboot sudo bash -c reboot")
	if got := store.Redeem([]string{"reboot"}); got != nil {
		t.Errorf("tickets: %v", got)
	}

	store, env = ackWorld(t, false)
	runEnv(env, nil, "hook", "--shell", "bash", "--", "BELAY_ACK=system.reboot sudo reboot")
	if got := store.Redeem([]string{"reboot"}); got != nil {
		t.Errorf("a ticket with no plugin to take it: %v", got)
	}
}

// TestApproveAcks: belay approve takes acknowledgements from sudo's own
// command line and from tickets, never from the environment.
func TestApproveAcks(t *testing.T) {
	defer signal.Reset(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP)
	store, env := ackWorld(t, true)
	approve := func(args ...string) (int, string) {
		return runEnv(env, nil, append([]string{"approve", "--no-prompt"}, args...)...)
	}
	if code, stderr := approve("--sudo-arg", "reboot", "--", "reboot"); code != ExitConfirm {
		t.Errorf("no ack: exit %d:\n%s", code, stderr)
	}
	env["BELAY_ACK"] = "system.reboot"
	if code, stderr := approve("--sudo-arg", "reboot", "--", "reboot"); code != ExitConfirm {
		t.Errorf("an ack in the environment: exit %d, want %d:\n%s", code, ExitConfirm, stderr)
	}
	delete(env, "BELAY_ACK")
	if code, stderr := approve("--sudo-optind", "2", "--sudo-arg", "BELAY_ACK=system.reboot", "--sudo-arg", "reboot", "--", "reboot"); code != 0 || !strings.Contains(stderr, "acknowledged: system.reboot") {
		t.Errorf("on sudo's command line: exit %d:\n%s", code, stderr)
	}
	// sudo found the command elsewhere than belay reads it: no ack.
	if code, _ := approve("--sudo-optind", "1", "--sudo-arg", "BELAY_ACK=system.reboot", "--sudo-arg", "reboot", "--", "reboot"); code != ExitConfirm {
		t.Errorf("optind disagrees: exit %d, want %d", code, ExitConfirm)
	}
	// A -p argument that looks like an assignment is not one.
	if code, _ := approve("--sudo-arg", "-p", "--sudo-arg", "BELAY_ACK=system.reboot", "--sudo-arg", "reboot", "--", "reboot"); code != ExitConfirm {
		t.Errorf("-p BELAY_ACK=…: exit %d, want %d", code, ExitConfirm)
	}
	// A ticket, once.
	must(t, store.Issue([]string{"system.reboot"}, []string{"reboot"}))
	if code, stderr := approve("--sudo-arg", "reboot", "--", "reboot"); code != 0 {
		t.Errorf("ticket: exit %d:\n%s", code, stderr)
	}
	if code, _ := approve("--sudo-arg", "reboot", "--", "reboot"); code != ExitConfirm {
		t.Errorf("ticket used twice: exit %d", code)
	}
	// Arguments belay approve does not know (a plugin of another
	// version): denied, not exit 2.
	if code, stderr := approve("--frobnicate", "--", "true"); code != ExitBlock {
		t.Errorf("unknown flag: exit %d, want %d:\n%s", code, ExitBlock, stderr)
	}
}
