package shell

import (
	"os"
	"strings"
	"testing"
)

// laterSummary is summary with each invocation the line defines to run
// later marked "later:".
func laterSummary(a *Analysis) string {
	var parts []string
	for _, inv := range a.Invocations {
		s := summary(&Analysis{Invocations: []*Invocation{inv}})
		if inv.Deferred != "" {
			s = "later:" + s
		}
		parts = append(parts, s)
	}
	rest := summary(&Analysis{Incomplete: a.Incomplete, ParseError: a.ParseError, Problems: a.Problems})
	if rest != "" {
		parts = append(parts, rest)
	}
	return strings.Join(parts, "; ")
}

func TestDeferred(t *testing.T) {
	tests := []struct {
		d          Dialect
		line, want string
	}{
		// Aliases: the value is the code.
		{Bash, `alias ls='rm -rf /'`, `later:rm delete:/+R; alias`},
		{Bash, `alias ll='ls -l' x='reboot'`, `later:ls; later:reboot power:; alias`},
		{Bash, `alias ll`, `alias`},
		{Bash, `alias reboot='sudo reboot'`, `alias`}, // judged when typed
		{Bash, `alias x="rm -rf $D"`, `later:rm delete:+R+D; alias`},
		{Bash, `alias x=$(curl -s https://x.example/a)`, `curl; later:alias unseen-code:https://x.example/a+D; alias`},
		{Zsh, `alias -g L='| less'`, `later::; later:less; alias`},
		{Zsh, `alias -g X='| sh -c "rm -rf /"'`, `later::; later:[sh -c]rm delete:/+R; alias`},
		{Fish, `alias x 'rm -rf /'`, `later:rm delete:/+R; alias`},
		// An alias the line defines is expanded where the line uses it.
		{Bash, "alias r='rm -rf'\nr /x", `later:rm; alias; rm delete:/x+R; r`},
		{Bash, `alias r='rm -rf'; r /x`, `later:rm; alias; rm delete:/x+R; r`},
		{Bash, `alias ll='ls -la'; ll /x`, `later:ls; alias; ls; ll`},
		{Bash, `alias ll='ls -la'; echo ll`, `later:ls; alias; echo`},
		{Zsh, "alias -g R='| sh'\necho reboot R", `later::; later:sh; alias; echo; [sh <<<]reboot power:; echo`},
		{Fish, `alias r 'rm -rf'; r /x`, `later:rm; alias; rm delete:/x+R; r`},
		{Fish, `abbr -a x 'rm -rf /'`, `later:rm delete:/+R; abbr`},
		{Fish, `abbr -e x`, `abbr`},
		{Fish, `abbr -a x --set-cursor 'rm -rf /%'`, `later:rm delete:/%+R; abbr`},
		// Traps.
		{Bash, `trap 'rm -rf /' EXIT`, `later:rm delete:/+R; trap`},
		{Bash, `trap - EXIT`, `trap`},
		{Bash, `trap '' INT`, `trap`},
		{Bash, `trap 1 2 15`, `trap`},
		{Bash, `trap -p EXIT`, `trap`},
		{Bash, `tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT`, `mktemp; later:rm delete:/tmp/tmp.…+R; trap`},
		{Bash, `trap "trap 'reboot' INT" EXIT`, `later:reboot power:; later:trap; trap`},
		// Variables run as code, or whose substitutions run.
		{Bash, `PROMPT_COMMAND=reboot`, `later:reboot power:`},
		{Bash, `PROMPT_COMMAND+=('history -a' reboot)`, `later:history; later:reboot power:`},
		{Bash, `PROMPT_COMMAND="$PROMPT_COMMAND; history -a"`, `later:history`},
		{Bash, `PS1='\u@\h:\w\$ '`, ``},
		{Bash, `PS1='$(reboot) \$ '`, `later:reboot power:`},
		{Bash, `PS4='$(rm -rf /)'`, `later:rm delete:/+R`},
		{Bash, `PROMPT_COMMAND=reboot bash -i`, `later:reboot power:; bash`},
		// Key bindings and completions.
		{Bash, `bind -x '"\C-m": reboot'`, `later:reboot power:; bind`},
		{Bash, `bind '"\e[A": history-search-backward'`, `bind`},
		{Bash, `complete -C 'rm -rf /' ls`, `later:rm delete:/+R; complete`},
		{Bash, `complete -W '$(reboot)' x`, `later:reboot power:; complete`},
		{Bash, `complete -F _git git`, `complete`},
		{Fish, `bind \cm reboot`, `later:reboot power:; bind`},
		{Fish, `complete -c x -a '(reboot)'`, `later:reboot power:; later:echo; complete`},
		{Fish, `complete -c x -f -x -a '(reboot)'`, `later:reboot power:; later:echo; complete`},
		// crontab: its input is a user crontab.
		{Bash, `crontab <<< '* * * * * /sbin/reboot'`, `later:reboot power:; crontab`},
		{Bash, `echo '@reboot rm -rf /' | crontab -`, `echo; later:rm delete:/+R; crontab`},
		{Bash, `echo '* * * * * sh %rm -rf /%' | crontab -`, `echo; later:[sh <<<]rm delete:/+R; crontab`},
		{Bash, `crontab -l | grep -v x | crontab -`, `crontab; grep; crontab`},
		{Bash, `curl -s https://x.example/c | crontab -`, `curl; later:crontab unseen-code:https://x.example/c+D; crontab`},
		{Bash, `crontab mycron.txt`, `crontab`},
		{Bash, `crontab -r`, `crontab`},
		// Files whose code runs later.
		{Bash, `echo reboot >> ~/.bashrc`, `later:reboot power:; echo append:/home/u/.bashrc`},
		{Bash, `echo reboot | sponge -a ~/.bashrc`, `echo; later:reboot power:; sponge append:/home/u/.bashrc`},
		{Bash, `echo reboot | tee /etc/init.d/x`, `echo; later:reboot power:; tee write:/etc/init.d/x`},
		// logrotate's scripts run as root at every rotation.
		{Bash, "cat > /etc/logrotate.d/x <<'E'\n/var/log/x {\n postrotate\n  rm -rf /x\n endscript\n}\nE", `later:rm delete:/x+R; cat write:/etc/logrotate.d/x`},
		{Bash, `printf '/l {\n prerotate\n  reboot\n endscript\n}\n' | sudo tee /etc/logrotate.d/l`, `printf; later:[sudo]reboot power:; [sudo]tee write:/etc/logrotate.d/l`},
		{Bash, `printf '/l {\n firstaction reboot\n endscript\n}\n' >> /etc/logrotate.conf`, `later:reboot power:; printf append:/etc/logrotate.conf`},
		{Bash, `printf '/l {\n lastaction\n  rm -rf /x\n' > /etc/logrotate.d/l`, `later:rm delete:/x+R; printf write:/etc/logrotate.d/l`},
		{Bash, `printf '/l {\n postrotate\n  systemctl reload app\n endscript\n rotate 7\n}\n' > /etc/logrotate.d/app`, `later:systemctl; printf write:/etc/logrotate.d/app`},
		{Bash, `printf '/l {\n rotate 7\n}\n' > /etc/logrotate.d/app`, `printf write:/etc/logrotate.d/app`},
		{Bash, `curl -s https://x.example/r > /etc/logrotate.d/r`, `later: unseen-code:https://x.example/r+D; curl write:/etc/logrotate.d/r`},
		{Bash, `printf '[Desktop Entry]\nExec=reboot\n' > ~/.config/autostart/x.desktop`, `later:reboot power:; printf write:/home/u/.config/autostart/x.desktop`},
		{Bash, `printf '[Desktop Entry]\nExec=nextcloud\n' > ~/.config/autostart/x.desktop`, `later:nextcloud; printf write:/home/u/.config/autostart/x.desktop`},
		{Bash, `echo 'alias ll="ls -l"' >> ~/.bashrc`, `later:ls; later:alias; echo append:/home/u/.bashrc`},
		{Bash, `echo reboot | sudo tee -a /etc/profile`, `echo; later:[sudo]reboot power:; [sudo]tee append:/etc/profile`},
		{Bash, `echo '@reboot root rm -rf /' > /etc/cron.d/x`, `later:rm delete:/+R; echo write:/etc/cron.d/x`},
		{Bash, `echo '@reboot rm -rf /' > /etc/cron.d/x`, `later:-rf; echo write:/etc/cron.d/x`}, // run as the user rm: -rf /, as cron would
		{Bash, "printf '[Service]\\nExecStart=-/sbin/reboot\\n' > /etc/systemd/system/x.service", `later:reboot power:; printf write:/etc/systemd/system/x.service`},
		{Bash, `sed -i '$a reboot' ~/.bashrc`, `sed edit:/home/u/.bashrc; later:reboot power:`},
		// vim and ex: the text their commands put in a startup file.
		{Bash, "ex -s ~/.zshrc <<< $'$a\\nrm -rf /x\\n.\\nwq'", `ex write:/home/u/.zshrc; later:rm delete:/x+R`},
		{Bash, `ex -sc '$put =\"reboot\"' -cx ~/.bashrc`, `ex write:/home/u/.bashrc; later:reboot power:`},
		{Bash, `vim -es -c '$put =\"rm -rf /x\"' -c wq ~/.bashrc`, `vim write:/home/u/.bashrc; later:rm delete:/x+R`},
		{Bash, `ex -sc '$a|reboot' -cx ~/.bashrc`, `ex write:/home/u/.bashrc; later:reboot power:`},
		{Bash, `vim -c 'normal Goreboot' -c wq ~/.bashrc`, `vim write:/home/u/.bashrc; later:reboot power:`},
		{Bash, `vim -c 'call append("$", "reboot")' -c wq ~/.profile`, `vim write:/home/u/.profile; later:reboot power:`},
		{Bash, `vim -c 'call setline(1, ["reboot"])' -c wq ~/.profile`, `vim write:/home/u/.profile; later:reboot power:`},
		{Bash, `vim -c '%s/^/reboot\r/' -c wq ~/.bashrc`, `vim write:/home/u/.bashrc; later:reboot power:`},
		{Bash, `vim -c '%s/foo/bar/g' -c wq ~/.bashrc`, `vim write:/home/u/.bashrc; later:bar`},
		{Bash, `vim -c 'set ff=unix' -c wq ~/.bashrc`, `vim`},
		{Bash, `vim -c '$put =\"reboot\"' ~/.bashrc`, `vim`},
		{Bash, "ex -s notes.txt <<< $'$a\\nreboot\\n.\\nwq'", `ex write:/home/u/notes.txt`},
		// perl -i: its strings and replacements are what it may write.
		{Bash, `perl -i -pe 's/^/rm -rf \/x\n/' ~/.bashrc`, `perl edit:/home/u/.bashrc; later:rm delete:/x+R`},
		{Bash, `perl -pi -e '$_ .= "reboot\n" if eof' ~/.profile`, `perl edit:/home/u/.profile; later:reboot power:`},
		{Bash, `perl -i.bak -pe 's{foo}{reboot}g' ~/.zshrc`, `perl edit:/home/u/.zshrc; later:reboot power:`},
		{Bash, `perl -i -pe 's/^export EDITOR=.*/export EDITOR=vim/' ~/.bashrc`, `perl edit:/home/u/.bashrc`},
		{Bash, `perl -i -ne 'print unless /reboot/' ~/.bashrc`, `perl edit:/home/u/.bashrc`},
		{Bash, `perl -i -pe 's/a/reboot/' notes.txt`, `perl edit:/home/u/notes.txt`},
		// A replacement is text written into the file: code there.
		{Bash, `sed -i 's/a/b/' ~/.bashrc`, `sed edit:/home/u/.bashrc; later:b`},
		{Bash, `sed -i 's/^/rm -rf \/x\n/' ~/.bashrc`, `sed edit:/home/u/.bashrc; later:rm delete:/x+R`},
		{Bash, `sed -i 's/x/reboot/g' ~/.profile`, `sed edit:/home/u/.profile; later:reboot power:`},
		{Bash, `sed -i 's/^HISTSIZE=.*/HISTSIZE=100000/' ~/.bashrc`, `sed edit:/home/u/.bashrc`},
		{Bash, `sed -i 's/foo/&/; s/a/\n/' ~/.bashrc`, `sed edit:/home/u/.bashrc`},
		{Bash, `sed -i 's/a/reboot/' notes.txt`, `sed edit:/home/u/notes.txt`},
		{Bash, `cat dotfiles/bashrc >> ~/.bashrc`, `cat append:/home/u/.bashrc`},
		{Bash, `echo reboot >> notes.txt`, `echo append:/home/u/notes.txt`},
		{Fish, `echo reboot >> ~/.config/fish/config.fish`, `later:reboot power:; echo append:/home/u/.config/fish/config.fish`},
		{Bash, `echo 'ACTION=="add", RUN+="/sbin/reboot"' > /etc/udev/rules.d/99-x.rules`, `later:reboot power:; echo write:/etc/udev/rules.d/99-x.rules`},
		{Bash, `echo 'ACTION=="add", RUN{builtin}+="kmod load x"' > /etc/udev/rules.d/99-x.rules`, `echo write:/etc/udev/rules.d/99-x.rules`},
		{Bash, `echo 'command="rm -rf /" ssh-ed25519 AAAA' >> ~/.ssh/authorized_keys`, `later:rm delete:/+R; echo append:/home/u/.ssh/authorized_keys`},
		{Bash, "printf '[Service]\\nExecStart=/sbin/reboot\\n' | systemctl edit --stdin x.service", `printf; later:reboot power:; systemctl`},
		{Bash, `git config --global alias.x '!rm -rf /'`, `later:rm delete:/+R; git`},
		{Bash, `git config --global alias.co checkout`, `git`},
		{Bash, `echo 'rm -rf /' > .git/hooks/pre-commit`, `later:rm delete:/+R; echo write:/home/u/.git/hooks/pre-commit`},
		{Bash, `echo 'npm test' > .git/hooks/pre-push`, `later:npm; echo write:/home/u/.git/hooks/pre-push`},
		{Bash, `echo 'rm -rf /' > .git/hooks/pre-commit.sample`, `echo write:/home/u/.git/hooks/pre-commit.sample`},
		{Zsh, `PROMPT='${(%):-%n}$(reboot)'`, `later:reboot power:`},
		{Bash, `PS1='$('`, ``},
	}
	for _, tt := range tests {
		o := testOpts
		o.Dialect = tt.d
		got := laterSummary(Analyze(tt.line, o))
		if got != tt.want {
			t.Errorf("Analyze(%s, %q)\n got: %s\nwant: %s", tt.d, tt.line, got, tt.want)
		}
	}
}

// TestDeferredPhrase checks what an invocation says defines it.
func TestDeferredPhrase(t *testing.T) {
	tests := []struct{ line, want string }{
		{`alias ls='rm -rf /'`, `defines an alias ls, run when ls is typed`},
		{`trap 'rm -rf /' EXIT INT`, `sets a trap, run when the shell exits, on INT`},
		{`PROMPT_COMMAND=reboot`, `sets PROMPT_COMMAND, run before every prompt`},
		{`echo '* * * * * reboot' | crontab -`, `installs a cron job, run every minute`},
		{`echo '0 3 * * * root reboot' > /etc/cron.d/x`, `writes to /etc/cron.d/x a cron job, run at '0 3 * * *' as root`},
		{`echo reboot >> ~/.bashrc`, `adds to /home/u/.bashrc code run in every new interactive bash`},
		{`trap "trap 'reboot' INT" EXIT`, `sets a trap, run when the shell exits`}, // the outermost names it
		{"alias $'\\e[31m'='reboot'", `defines an alias $'\x1b[31m', run when $'\x1b[31m' is typed`},
	}
	for _, tt := range tests {
		a := Analyze(tt.line, testOpts)
		got := ""
		for _, inv := range a.Invocations {
			if inv.Deferred != "" {
				got = inv.Deferred
				break
			}
		}
		if got != tt.want {
			t.Errorf("Analyze(%q): deferred %q, want %q", tt.line, got, tt.want)
		}
	}
}

// TestDeferredSessionState: what the session's state defines has been
// judged where it was defined; reading it judges nothing again.
func TestDeferredSessionState(t *testing.T) {
	opt := testOpts
	opt.State = "PROMPT_COMMAND='for i in'\nPS1='$(reboot) '"
	res := Analyze(`echo "$PROMPT_COMMAND" "$PS1"`, opt)
	if got := laterSummary(res); got != "echo" || res.StateError != "" {
		t.Errorf("got %s, state error %q; want echo and none", got, res.StateError)
	}
}

// TestAtFileHost checks that at -f FILE judges the file's text as
// Options.ReadFile gives it, that a file it cannot give is code belay
// cannot see, and that one that does not exist queues nothing.
func TestAtFileHost(t *testing.T) {
	files := map[string]string{"/home/u/job.sh": "rm -rf /x\n", "/srv/ok.sh": "date\n"}
	var asked []string
	o := testOpts
	o.ReadFile = func(p string) (string, error) {
		asked = append(asked, p)
		if s, ok := files[p]; ok {
			return s, nil
		}
		if p == "/srv/locked.sh" {
			return "", os.ErrPermission
		}
		return "", os.ErrNotExist
	}
	tests := []struct{ line, want string }{
		{`at -f job.sh now`, `[at]rm delete:/x+R`},
		{`at -f /srv/ok.sh now`, `[at]date`},
		{`cd /srv && at -f ok.sh now`, `cd; [at]date`},
		{`at -f /srv/none.sh now`, ``}, // no such file: at queues nothing
		{`cd /srv && at -f none.sh now`, `cd`},
		{`at -f /srv/locked.sh now`, `at unseen-code:/srv/locked.sh+D`},
		{`echo reboot > /srv/ok.sh; at -f /srv/ok.sh now`, `echo write:/srv/ok.sh; [at]reboot power:`},
		{`ssh h at -f /srv/ok.sh now`, `[ssh h]at@h unseen-code:/srv/ok.sh+D`},
		{`cd "$D"; at -f ok.sh now`, `cd; at unseen-code:ok.sh+D`},
	}
	for _, tt := range tests {
		if got := summary(Analyze(tt.line, o)); got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
	// A file missing now may be made by what runs before at in the line:
	// then it is code belay cannot see, not nothing.
	for _, line := range []string{
		`cp /tmp/x /srv/none.sh; at -f /srv/none.sh now`,
		`make jobs && at -f /srv/none.sh now`,
		`cp /tmp/x /srv/none.sh | at -f /srv/none.sh now`,
		`at -f /srv/none.sh $(cp /tmp/x /srv/none.sh; echo now)`,
	} {
		if got := summary(Analyze(line, o)); !strings.Contains(got, "at unseen-code:/srv/none.sh") {
			t.Errorf("Analyze(%q) = %s, want at -f's file as code belay cannot see", line, got)
		}
	}
	// Past maxHostFiles files, the rest are not read.
	asked = nil
	line := strings.Repeat("at -f /srv/ok.sh now; ", maxHostFiles+3)
	if got := summary(Analyze(line, o)); !strings.Contains(got, "unseen-code:/srv/ok.sh") || len(asked) != maxHostFiles {
		t.Errorf("%d files read, want %d; got %s", len(asked), maxHostFiles, got)
	}
}
