/*
 * belay_approval: a sudo approval plugin (sudo >= 1.9) that asks belay
 * about every command sudo is about to run, whichever way sudo was
 * reached (an alias, a PATH shim, \sudo, /usr/bin/sudo, command sudo).
 *
 * Enabled by one line in /etc/sudo.conf:
 *
 *     Plugin belay_approval /usr/lib/belay/belay_approval.so
 *
 * Options after the path:
 *
 *     belay=/path/to/belay   the belay binary (default /usr/bin/belay); it
 *                            must be owned by root and not writable by
 *                            group or others, since it runs as root
 *     timeout=SECONDS        how long belay may take to judge (default 5,
 *                            1 to 3600); a person answering belay's
 *                            question has the question's own time
 *     on_error=deny|allow    when belay gives no verdict (missing, unsafe,
 *                            killed, too slow, any status but 0, 1 or 3):
 *                            deny (the default), or, UNSAFE, allow with a
 *                            warning: then anything that makes belay fail
 *                            (ulimit -v, a flood of signals, a hung NFS
 *                            mount) lets sudo run a command unchecked
 *
 * The plugin fails closed: only belay's exit status 0 approves. check()
 * forks and runs, with sudo's run_envp as its environment:
 *
 *     belay approve --timeout SECONDS --status-fd 3 --command PATH
 *                   [--user NAME] [--edit] --sudo-optind N
 *                   [--sudo-arg ARG]... -- RUN_ARGV...
 *
 * in the directory the command will run in, with standard input from
 * /dev/null and standard output on standard error, so that belay can
 * neither eat the command's input nor write into its output; it asks on
 * /dev/tty when a rule wants confirmation. Exit 0 approves; 1 (blocked,
 * declined) and 3 (confirmation needed, no terminal) deny; anything else,
 * a signal, or no verdict within the timeout is an error (on_error).
 *
 * The child is belay's, not the caller's: resource limits are reset
 * (ulimit -v 100000 before sudo would keep belay's runtime from starting),
 * and so are the nice value, the umask and the signal dispositions, except
 * that Ctrl-C, Ctrl-\ and Ctrl-Z are ignored while belay judges (at
 * belay's question, Ctrl-C is a no). The plugin forwards no signal. When
 * belay starts asking the person it writes "asking SECONDS" on descriptor
 * 3; the plugin then waits that long (the question's own timeout), plus a
 * little, instead of its timeout.
 *
 * Acknowledgements are read by belay from sudo's own arguments
 * (sudo BELAY_ACK=rule.id cmd), which the plugin passes as --sudo-arg; a
 * BELAY_ACK in any environment is never passed on. SSH_CONNECTION, SSH_TTY
 * and NO_COLOR are taken from the invoking user's environment when sudo's
 * run_envp lacks them. The Go runtime's variables (GODEBUG, GOGC,
 * GOMAXPROCS, GOMEMLIMIT, GOTRACEBACK) and belay's own (BELAY_*) are not
 * passed: none of them may change how belay judges as root.
 *
 * Build: make plugin (gcc -shared -fPIC, against sudo's sudo_plugin.h).
 */

#define _GNU_SOURCE /* pipe2, F_DUPFD_CLOEXEC */

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sudo_plugin.h>

#define BELAY_APPROVAL_VERSION "2"
#define DEFAULT_BELAY "/usr/bin/belay"
#define DEFAULT_TIMEOUT 5
#define MAX_TIMEOUT 3600
/* The descriptor belay writes "asking SECONDS" on. */
#define STATUS_FD 3
/* What the plugin adds to the question's own time before it gives up. */
#define ASK_SLACK 5

/* Variables of the invoking user's environment that belay is given when
 * run_envp does not have them. */
static const char *const user_vars[] = {
	"SSH_CONNECTION", "SSH_TTY", "NO_COLOR", NULL,
};

/* Prefixes of variables never passed to belay. */
static const char *const dropped_vars[] = {
	"BELAY_", "GODEBUG=", "GOGC=", "GOMAXPROCS=", "GOMEMLIMIT=", "GOTRACEBACK=", NULL,
};

static sudo_printf_t say;
static const char *belay_path = DEFAULT_BELAY;
static int on_error_allow = 0;
static int timeout_secs = DEFAULT_TIMEOUT;
static int submit_optind_saved;
static char *const *submit_argv_saved;
static char *const *submit_envp_saved;

/* lookup returns the value of name in a NULL-terminated name=value vector. */
static const char *lookup(char *const vec[], const char *name)
{
	size_t n = strlen(name);
	int i;

	if (vec == NULL)
		return NULL;
	for (i = 0; vec[i] != NULL; i++) {
		if (strncmp(vec[i], name, n) == 0 && vec[i][n] == '=')
			return vec[i] + n + 1;
	}
	return NULL;
}

static size_t count(char *const vec[])
{
	size_t n = 0;

	if (vec != NULL)
		while (vec[n] != NULL)
			n++;
	return n;
}

static int dropped(const char *kv)
{
	int i;

	for (i = 0; dropped_vars[i] != NULL; i++)
		if (strncmp(kv, dropped_vars[i], strlen(dropped_vars[i])) == 0)
			return 1;
	return 0;
}

static int approval_open(unsigned int version, sudo_conv_t conversation,
	sudo_printf_t plugin_printf, char *const settings[],
	char *const user_info[], int submit_optind, char *const submit_argv[],
	char *const submit_envp[], char *const plugin_options[],
	const char **errstr)
{
	int i;

	(void)conversation;
	(void)settings;
	(void)user_info;
	say = plugin_printf;
	if (SUDO_API_VERSION_GET_MAJOR(version) != SUDO_API_VERSION_MAJOR) {
		*errstr = "belay_approval: incompatible sudo plugin API";
		say(SUDO_CONV_ERROR_MSG, "belay: error: sudo plugin API %u.%u, built for %d.x\n",
			SUDO_API_VERSION_GET_MAJOR(version),
			SUDO_API_VERSION_GET_MINOR(version), SUDO_API_VERSION_MAJOR);
		return -1;
	}
	belay_path = DEFAULT_BELAY;
	on_error_allow = 0;
	timeout_secs = DEFAULT_TIMEOUT;
	for (i = 0; plugin_options != NULL && plugin_options[i] != NULL; i++) {
		const char *o = plugin_options[i];

		if (strncmp(o, "belay=", 6) == 0 && o[6] == '/') {
			belay_path = o + 6;
		} else if (strcmp(o, "on_error=allow") == 0) {
			on_error_allow = 1;
		} else if (strcmp(o, "on_error=deny") == 0) {
			on_error_allow = 0;
		} else if (strncmp(o, "timeout=", 8) == 0) {
			char *end;
			long t = strtol(o + 8, &end, 10);

			if (*end != '\0' || end == o + 8 || t < 1 || t > MAX_TIMEOUT)
				say(SUDO_CONV_ERROR_MSG,
					"belay: warning: /etc/sudo.conf: belay_approval %s: not 1 to %d seconds: %d used\n",
					o, MAX_TIMEOUT, DEFAULT_TIMEOUT);
			else
				timeout_secs = (int)t;
		} else {
			say(SUDO_CONV_ERROR_MSG,
				"belay: warning: /etc/sudo.conf: unknown belay_approval option \"%s\" ignored\n", o);
		}
	}
	submit_optind_saved = submit_optind;
	submit_argv_saved = submit_argv;
	submit_envp_saved = submit_envp;
	return 1;
}

/* belay_untrusted says why belay_path must not run as root, or NULL. */
static const char *belay_untrusted(void)
{
	struct stat st;

	if (stat(belay_path, &st) != 0)
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	if (st.st_uid != 0)
		return "not owned by root";
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return "writable by group or others";
	if (!(st.st_mode & S_IXUSR))
		return "not executable";
	return NULL;
}

/* closefrom closes every descriptor from lowfd up. */
static void closefrom_(int lowfd)
{
	long fd, max;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned int)lowfd, ~0U, 0U) == 0)
		return;
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		close((int)fd);
}

/* sane_limits gives the child belay's own conditions, not the caller's:
 * resource limits a user lowered before sudo (ulimit -v, -n, -t, -s),
 * the nice value, the umask. It runs as root, so raising works. */
static void sane_limits(void)
{
	static const struct {
		int resource;
		rlim_t soft, hard;
	} limits[] = {
		{ RLIMIT_AS, RLIM_INFINITY, RLIM_INFINITY },
		{ RLIMIT_DATA, RLIM_INFINITY, RLIM_INFINITY },
		{ RLIMIT_STACK, 8 << 20, RLIM_INFINITY },
		{ RLIMIT_CPU, RLIM_INFINITY, RLIM_INFINITY },
		{ RLIMIT_FSIZE, RLIM_INFINITY, RLIM_INFINITY },
		{ RLIMIT_NOFILE, 1024, 4096 },
		{ RLIMIT_NPROC, RLIM_INFINITY, RLIM_INFINITY },
		{ RLIMIT_SIGPENDING, 4096, 4096 },
		{ RLIMIT_CORE, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		struct rlimit rl = { limits[i].soft, limits[i].hard };

		if (setrlimit(limits[i].resource, &rl) == 0 || getrlimit(limits[i].resource, &rl) != 0)
			continue;
		/* Without CAP_SYS_RESOURCE (a container) a lowered hard limit
		 * stays: raise the soft one as far as it goes. */
		if (limits[i].soft == RLIM_INFINITY || (rl.rlim_max != RLIM_INFINITY && limits[i].soft > rl.rlim_max))
			rl.rlim_cur = rl.rlim_max;
		else
			rl.rlim_cur = limits[i].soft;
		(void)setrlimit(limits[i].resource, &rl);
	}
	(void)setpriority(PRIO_PROCESS, 0, 0);
	umask(022);
}

/* now_ms is the monotonic clock in milliseconds. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* asking reads what belay wrote on the status pipe; it returns the
 * seconds of a question belay started, 0 for none, -1 at end of file. */
static int asking(int fd)
{
	char buf[64];
	ssize_t n;
	char *p;

	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (n == 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "asking ");
	if (p == NULL)
		return 0;
	n = strtol(p + 7, NULL, 10);
	if (n < 1)
		n = 1;
	if (n > MAX_TIMEOUT)
		n = MAX_TIMEOUT;
	return (int)n;
}

/* Outcomes of run_belay besides a wait status. */
#define RUN_ERROR (-1)	 /* fork or pipe failed: errno */
#define RUN_TIMEOUT (-2) /* no verdict in time: belay was killed */

/* run_belay runs belay approve and returns its wait status, RUN_ERROR with
 * errno set, or RUN_TIMEOUT. */
static int run_belay(char *const argv[], char *const envp[], const char *cwd)
{
	struct sigaction ign, old_int, old_quit, old_tstp;
	sigset_t chld, old_mask;
	int status = RUN_ERROR, saved = 0, pfd[2] = { -1, -1 }, statusfd = -1, pidfd = -1;
	long long deadline;
	pid_t pid;

	/* The parent ignores Ctrl-C, Ctrl-\ and Ctrl-Z while belay judges
	 * and asks, forwards nothing, and keeps SIGCHLD to itself. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGTSTP, &ign, &old_tstp);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old_mask);

	if (pipe2(pfd, O_CLOEXEC) != 0) {
		saved = errno;
		goto out;
	}
	/* Above the descriptors the child sets up. */
	statusfd = fcntl(pfd[1], F_DUPFD_CLOEXEC, 10);
	close(pfd[1]);
	pfd[1] = statusfd;
	if (statusfd < 0) {
		saved = errno;
		goto out;
	}

	pid = fork();
	if (pid == 0) {
		struct sigaction dfl;
		sigset_t none;
		int null, sig;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		for (sig = 1; sig < NSIG; sig++)
			if (sig != SIGKILL && sig != SIGSTOP)
				sigaction(sig, &dfl, NULL);
		/* Ignored across exec: belay's runtime keeps SIGINT ignored,
		 * and belay ignores the others itself. */
		sigaction(SIGINT, &ign, NULL);
		sigaction(SIGQUIT, &ign, NULL);
		sigaction(SIGTSTP, &ign, NULL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		sane_limits();
		null = open("/dev/null", O_RDONLY);
		if (null < 0 || dup2(null, 0) < 0 || dup2(2, 1) < 0 || dup2(pfd[1], STATUS_FD) < 0)
			_exit(126);
		if (null > STATUS_FD)
			close(null);
		closefrom_(STATUS_FD + 1);
		if (cwd != NULL && chdir(cwd) != 0) {
			/* sudo fails on a bad cwd itself; judge from where we are. */
		}
		execve(belay_path, argv, envp);
		_exit(errno == ENOENT ? 127 : 126);
	}
	saved = errno;
	close(pfd[1]);
	pfd[1] = -1;
	if (pid < 0)
		goto out;

#ifdef SYS_pidfd_open
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
	deadline = now_ms() + (long long)timeout_secs * 1000;
	for (;;) {
		struct pollfd fds[2];
		nfds_t n = 0;
		long long left = deadline - now_ms();
		int w, r;

		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			saved = errno;
			status = RUN_ERROR;
			break;
		}
		if (left <= 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			status = RUN_TIMEOUT;
			break;
		}
		if (pfd[0] >= 0) {
			fds[n].fd = pfd[0];
			fds[n].events = POLLIN;
			n++;
		}
		if (pidfd >= 0) {
			fds[n].fd = pidfd;
			fds[n].events = POLLIN;
			n++;
		}
		/* Without a pidfd (Linux < 5.3), the exit is polled for. */
		r = poll(fds, n, (int)(pidfd >= 0 ? left : (left < 10 ? left : 10)));
		if (r > 0 && pfd[0] >= 0 && fds[0].revents != 0) {
			int secs = asking(pfd[0]);

			if (secs > 0)
				deadline = now_ms() + (long long)(secs + ASK_SLACK) * 1000;
			else if (secs < 0) {
				close(pfd[0]);
				pfd[0] = -1;
			}
		}
	}
out:
	if (pidfd >= 0)
		close(pidfd);
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGTSTP, &old_tstp, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	errno = saved;
	return status;
}

/* no_verdict handles a belay that gave no verdict (why): deny, with the
 * reason, unless on_error=allow. */
static int no_verdict(const char *why, const char **errstr)
{
	if (on_error_allow) {
		say(SUDO_CONV_ERROR_MSG,
			"belay: warning: belay gave no verdict (%s): sudo runs this command unchecked (on_error=allow)\n", why);
		return 1;
	}
	say(SUDO_CONV_ERROR_MSG, "belay: error: belay gave no verdict (%s): not run\n", why);
	say(SUDO_CONV_ERROR_MSG, "belay: hint: belay must be able to judge every command sudo runs; see belay log and /etc/sudo.conf\n");
	*errstr = "belay gave no verdict";
	return 0;
}

static int approval_check(char *const command_info[], char *const run_argv[],
	char *const run_envp[], const char **errstr)
{
	const char *command = lookup(command_info, "command");
	const char *cwd = lookup(command_info, "cwd");
	const char *user = lookup(command_info, "runas_user");
	const char *edit = lookup(command_info, "sudoedit");
	const char *nfiles_s = lookup(command_info, "sudoedit_nfiles");
	const char *why;
	char **argv = NULL, **envp = NULL;
	char timeout_s[16], optind_s[16];
	size_t nrun = count(run_argv), nsub = count(submit_argv_saved);
	size_t nenv = count(run_envp), a = 0, e = 0, i, first = 0;
	int status, is_edit = edit != NULL && strcmp(edit, "true") == 0;
	int ret;

	if (nrun == 0) {
		*errstr = "belay: nothing to check";
		return 0;
	}
	if ((why = belay_untrusted()) != NULL) {
		char what[256];

		snprintf(what, sizeof(what), "%s: %s", belay_path, why);
		return no_verdict(what, errstr);
	}
	if (is_edit) {
		/* run_argv is EDITOR [ARGS] -- FILES...; judge the files. */
		long nfiles = nfiles_s != NULL ? strtol(nfiles_s, NULL, 10) : 0;

		if (nfiles > 0 && (size_t)nfiles < nrun)
			first = nrun - (size_t)nfiles;
		else
			for (i = 0; i < nrun; i++)
				if (strcmp(run_argv[i], "--") == 0) {
					first = i + 1;
					break;
				}
	}

	argv = calloc(20 + 2 * nsub + nrun, sizeof(char *));
	envp = calloc(nenv + sizeof(user_vars) / sizeof(user_vars[0]) + 1, sizeof(char *));
	if (argv == NULL || envp == NULL) {
		free(argv);
		free(envp);
		*errstr = "out of memory";
		return -1;
	}
	snprintf(timeout_s, sizeof(timeout_s), "%d", timeout_secs);
	snprintf(optind_s, sizeof(optind_s), "%d", submit_optind_saved);
	argv[a++] = (char *)"belay";
	argv[a++] = (char *)"approve";
	argv[a++] = (char *)"--timeout";
	argv[a++] = timeout_s;
	argv[a++] = (char *)"--status-fd";
	argv[a++] = (char *)"3";
	if (command != NULL && !is_edit) {
		argv[a++] = (char *)"--command";
		argv[a++] = (char *)command;
	}
	if (user != NULL) {
		argv[a++] = (char *)"--user";
		argv[a++] = (char *)user;
	}
	if (is_edit)
		argv[a++] = (char *)"--edit";
	argv[a++] = (char *)"--sudo-optind";
	argv[a++] = optind_s;
	for (i = 1; i < nsub; i++) {
		argv[a++] = (char *)"--sudo-arg";
		argv[a++] = submit_argv_saved[i];
	}
	argv[a++] = (char *)"--";
	for (i = first; i < nrun; i++)
		argv[a++] = run_argv[i];
	argv[a] = NULL;

	for (i = 0; i < nenv; i++)
		if (!dropped(run_envp[i]))
			envp[e++] = run_envp[i];
	for (i = 0; user_vars[i] != NULL; i++) {
		size_t n = strlen(user_vars[i]);
		size_t k;

		if (lookup(run_envp, user_vars[i]) != NULL || lookup(submit_envp_saved, user_vars[i]) == NULL)
			continue;
		for (k = 0; submit_envp_saved[k] != NULL; k++)
			if (strncmp(submit_envp_saved[k], user_vars[i], n) == 0 && submit_envp_saved[k][n] == '=') {
				envp[e++] = submit_envp_saved[k];
				break;
			}
	}
	envp[e] = NULL;

	status = run_belay(argv, envp, cwd);
	if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		ret = 1;
	} else if (status >= 0 && WIFEXITED(status) &&
		(WEXITSTATUS(status) == 1 || WEXITSTATUS(status) == 3)) {
		say(SUDO_CONV_ERROR_MSG, "belay: sudo: command not run\n");
		*errstr = "belay: command not approved";
		ret = 0;
	} else {
		char what[64];

		if (status == RUN_TIMEOUT)
			snprintf(what, sizeof(what), "nothing within %ds", timeout_secs);
		else if (status == RUN_ERROR)
			snprintf(what, sizeof(what), "%s", strerror(errno));
		else if (WIFSIGNALED(status))
			snprintf(what, sizeof(what), "killed by signal %d", WTERMSIG(status));
		else
			snprintf(what, sizeof(what), "exit status %d", WEXITSTATUS(status));
		ret = no_verdict(what, errstr);
	}
	free(argv);
	free(envp);
	return ret;
}

static int approval_show_version(int verbose)
{
	(void)verbose;
	say(SUDO_CONV_INFO_MSG, "belay approval plugin version %s (belay: %s, timeout %ds, on_error=%s)\n",
		BELAY_APPROVAL_VERSION, belay_path, timeout_secs, on_error_allow ? "allow" : "deny");
	return 1;
}

__attribute__((visibility("default"))) struct approval_plugin belay_approval = {
	SUDO_APPROVAL_PLUGIN,
	SUDO_API_VERSION,
	approval_open,
	NULL, /* close */
	approval_check,
	approval_show_version,
};
