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
 *     on_error=allow|deny    when belay cannot give a verdict (missing,
 *                            crashed, a broken /etc/belay/belay.toml):
 *                            allow with a warning (the default, as the
 *                            shell hooks do: a broken guard never locks
 *                            root out) or deny
 *
 * check() forks and runs, with sudo's run_envp as its environment:
 *
 *     belay approve --command PATH [--user NAME] [--edit]
 *                   [--sudo-arg ARG]... -- RUN_ARGV...
 *
 * in the directory the command will run in, with standard input from
 * /dev/null and standard output on standard error, so that belay can
 * neither eat the command's input nor write into its output; it asks on
 * /dev/tty when a rule wants confirmation. Exit 0 approves; 1 (blocked,
 * declined) and 3 (confirmation needed, no terminal) deny.
 *
 * BELAY_ACK, SSH_CONNECTION, SSH_TTY and NO_COLOR are taken from the
 * invoking user's environment when sudo's run_envp lacks them: an
 * acknowledgement typed as `BELAY_ACK=rule.id sudo cmd` counts, as it does
 * at the shell prompt.
 *
 * Build: make plugin (gcc -shared -fPIC, against sudo's sudo_plugin.h).
 */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sudo_plugin.h>

#define BELAY_APPROVAL_VERSION "1"
#define DEFAULT_BELAY "/usr/bin/belay"

/* Variables of the invoking user's environment that belay is given when
 * run_envp does not have them. */
static const char *const user_vars[] = {
	"BELAY_ACK", "SSH_CONNECTION", "SSH_TTY", "NO_COLOR", NULL,
};

static sudo_printf_t say;
static const char *belay_path = DEFAULT_BELAY;
static int on_error_allow = 1;
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
	on_error_allow = 1;
	for (i = 0; plugin_options != NULL && plugin_options[i] != NULL; i++) {
		const char *o = plugin_options[i];

		if (strncmp(o, "belay=", 6) == 0 && o[6] == '/') {
			belay_path = o + 6;
		} else if (strcmp(o, "on_error=allow") == 0) {
			on_error_allow = 1;
		} else if (strcmp(o, "on_error=deny") == 0) {
			on_error_allow = 0;
		} else {
			say(SUDO_CONV_ERROR_MSG,
				"belay: warning: /etc/sudo.conf: unknown belay_approval option \"%s\" ignored\n", o);
		}
	}
	submit_argv_saved = submit_argv;
	(void)submit_optind;
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

/* closefrom3 closes every descriptor above standard error. */
static void closefrom3(void)
{
	long fd, max;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return;
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		close((int)fd);
}

/* run_belay runs belay approve and returns its wait status, or -1 with
 * errno set. */
static int run_belay(char *const argv[], char *const envp[], const char *cwd)
{
	struct sigaction ign, old_int, old_quit;
	sigset_t chld, old_mask;
	int status = -1, saved;
	pid_t pid;

	/* As system(3): the parent ignores Ctrl-C and Ctrl-\ while belay asks
	 * (belay declines on them) and keeps SIGCHLD to itself. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old_mask);

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
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		null = open("/dev/null", O_RDONLY);
		if (null < 0 || dup2(null, 0) < 0 || dup2(2, 1) < 0)
			_exit(126);
		if (null > 2)
			close(null);
		closefrom3();
		if (cwd != NULL && chdir(cwd) != 0) {
			/* sudo fails on a bad cwd itself; judge from where we are. */
		}
		execve(belay_path, argv, envp);
		_exit(errno == ENOENT ? 127 : 126);
	}
	saved = errno;
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				saved = errno;
				status = -1;
				break;
			}
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	errno = saved;
	return status;
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
	size_t nrun = count(run_argv), nsub = count(submit_argv_saved);
	size_t nenv = count(run_envp), a = 0, e = 0, i, first = 0;
	int status, is_edit = edit != NULL && strcmp(edit, "true") == 0;
	int ret;

	if (nrun == 0) {
		*errstr = "belay: nothing to check";
		return 0;
	}
	if ((why = belay_untrusted()) != NULL) {
		if (on_error_allow) {
			say(SUDO_CONV_ERROR_MSG,
				"belay: warning: %s: %s: sudo runs this command unchecked\n", belay_path, why);
			return 1;
		}
		say(SUDO_CONV_ERROR_MSG, "belay: error: %s: %s: not run (on_error=deny)\n",
			belay_path, why);
		*errstr = "belay cannot run";
		return 0;
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

	argv = calloc(12 + 2 * nsub + nrun, sizeof(char *));
	envp = calloc(nenv + sizeof(user_vars) / sizeof(user_vars[0]) + 1, sizeof(char *));
	if (argv == NULL || envp == NULL) {
		free(argv);
		free(envp);
		*errstr = "out of memory";
		return -1;
	}
	argv[a++] = (char *)"belay";
	argv[a++] = (char *)"approve";
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
	for (i = 1; i < nsub; i++) {
		argv[a++] = (char *)"--sudo-arg";
		argv[a++] = submit_argv_saved[i];
	}
	argv[a++] = (char *)"--";
	for (i = first; i < nrun; i++)
		argv[a++] = run_argv[i];
	argv[a] = NULL;

	for (i = 0; i < nenv; i++)
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
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		ret = 1;
	} else if (status != -1 && WIFEXITED(status) &&
		(WEXITSTATUS(status) == 1 || WEXITSTATUS(status) == 3)) {
		say(SUDO_CONV_ERROR_MSG, "belay: sudo: command not run\n");
		*errstr = "belay: command not approved";
		ret = 0;
	} else {
		char what[64];

		if (status == -1)
			snprintf(what, sizeof(what), "%s", strerror(errno));
		else if (WIFSIGNALED(status))
			snprintf(what, sizeof(what), "killed by signal %d", WTERMSIG(status));
		else
			snprintf(what, sizeof(what), "exit status %d", WEXITSTATUS(status));
		if (on_error_allow) {
			say(SUDO_CONV_ERROR_MSG,
				"belay: warning: belay gave no verdict (%s): sudo runs this command unchecked\n", what);
			ret = 1;
		} else {
			say(SUDO_CONV_ERROR_MSG,
				"belay: error: belay gave no verdict (%s): not run (on_error=deny)\n", what);
			*errstr = "belay gave no verdict";
			ret = 0;
		}
	}
	free(argv);
	free(envp);
	return ret;
}

static int approval_show_version(int verbose)
{
	(void)verbose;
	say(SUDO_CONV_INFO_MSG, "belay approval plugin version %s (belay: %s)\n",
		BELAY_APPROVAL_VERSION, belay_path);
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
