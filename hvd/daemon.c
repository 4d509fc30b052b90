/* SPDX-License-Identifier: ISC */
/*
 * daemon.c - hvd's command line, startup, signals and end (daemon.h).
 *
 * Startup does everything that can fail while stderr still reaches
 * whoever started hvd: configuration, directories, the lock on the state
 * directory, definitions, the board, the sockets.  Only then does hvd tell
 * systemd (sd_notify READY=1) or the parent that waits for a daemonised
 * hvd that it is ready, and logs go to syslog from then on (unless -d).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "daemon.h"
#include "hvd.h"
#include "hvpaths.h"
#include "lifecycle.h"
#include "log.h"
#include "reconcile.h"
#include "store.h"
#include "yamldoc.h"

/**
 * struct options - hvd's command line.
 * @foreground: -d.
 * @check:      -n.
 * @session:    --session.
 * @config:     -f FILE, or NULL.
 */
struct options {
	bool foreground;
	bool check;
	bool session;
	const char *config;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: hvd [-dhnV] [-f file] [--session]\n"
	    "  -d         stay in the foreground, log to stderr\n"
	    "  -f file    read this configuration (default: %s)\n"
	    "  -n         check the configuration and every VM definition,\n"
	    "             then exit\n"
	    "  --session  a per-user daemon (hv:///session)\n"
	    "  -h         this help\n"
	    "  -V         the version\n", hvpaths_system_config_file());
}

/* Parse the command line; exits for -h, -V and mistakes. */
static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "session", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	*o = (struct options){ 0 };
	while ((ch = getopt_long(argc, argv, "df:hnV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o->foreground = true;
			break;
		case 'f':
			o->config = optarg;
			break;
		case 'n':
			o->check = true;
			break;
		case 'S':
			o->session = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("hvd %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			exit(1);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(1);
	}
}

/* Read the configuration into hvd->conf and make the paths. */
static void
load_config(struct hvd *hvd, const struct options *o)
{
	char error[YAMLDOC_ERROR_MAX], *session_config = NULL;
	const char *path = o->config;
	int rc;

	if (hvdconf_init(&hvd->conf) < 0) {
		fatalx("out of memory");
	}
	if (o->session && paths_session_conf(&hvd->conf, &session_config) < 0) {
		fatalx("--session needs HOME (or the XDG directories) set");
	}
	if (path == NULL) {
		path = o->session ? session_config :
		    hvpaths_system_config_file();
	}
	rc = hvdconf_load_file_over(&hvd->conf, path, error, sizeof(error));
	if (rc == -ENOENT && o->config == NULL) {
		rc = 0;		/* no file: every key at its default */
	}
	if (rc < 0) {
		fatalx("%s", rc == -EINVAL ? error : strerror(-rc));
	}
	if (paths_init(&hvd->paths, &hvd->conf, path) < 0) {
		fatalx("out of memory");
	}
	free(session_config);
}

/* hvd -n: the configuration read; now the board's files and the
 * definitions.  Exits. */
static void
check_and_exit(const struct hvd *hvd)
{
	int bad = 0;

	if (access(hvd->conf.qemu, X_OK) < 0) {
		fprintf(stderr, "%s: board.qemu: %s: %s\n", hvd->paths.config,
		    hvd->conf.qemu, strerror(errno));
		bad++;
	}
	if (access(hvd->conf.firmware, R_OK) < 0) {
		fprintf(stderr, "%s: board.firmware: %s: %s\n",
		    hvd->paths.config, hvd->conf.firmware, strerror(errno));
		bad++;
	}
	bad += store_defs_check(hvd->paths.vm_dir, stderr);
	if (bad > 0) {
		fprintf(stderr, "%d error%s\n", bad, bad == 1 ? "" : "s");
		exit(1);
	}
	printf("configuration OK\n");
	exit(0);
}

/* Hold the state directory: one hvd per state directory. */
static int
lock_state(const struct hvd *hvd)
{
	char pid[32] = "";
	int fd;

	fd = open(hvd->paths.pid_file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fatal("%s", hvd->paths.pid_file);
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (read(fd, pid, sizeof(pid) - 1) < 0) {
			pid[0] = '\0';
		}
		pid[strcspn(pid, "\n")] = '\0';
		fatalx("another hvd (pid %s) uses the state directory %s",
		    pid[0] != '\0' ? pid : "?", hvd->paths.state_dir);
	}
	return fd;
}

/* Write our pid into the locked pid file. */
static void
write_pid(int fd)
{
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		log_warn("cannot write the pid file");
	}
}

/*
 * Become a daemon: the parent waits until the child says it is ready
 * (one byte on a pipe) and exits 0, or 1 if the child ends first.
 * Returns the pipe's write end, for the child.
 */
static int
daemonize(void)
{
	int p[2];
	pid_t pid;
	char ok;

	if (pipe2(p, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		fatal("cannot become a daemon");
	}
	if (pid > 0) {
		close(p[1]);
		exit(read(p[0], &ok, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	if (setsid() < 0) {
		fatal("setsid");
	}
	return p[1];
}

/* Ready: tell systemd and the waiting parent; logs go to syslog. */
static void
announce_ready(struct hvd *hvd, int ready_fd)
{
	int null;

	sd_notify(0, "READY=1");
	if (ready_fd < 0) {
		return;
	}
	if (write(ready_fd, "1", 1) != 1) {
		log_warn("cannot tell the parent hvd is ready");
	}
	close(ready_fd);
	log_init(false, (enum log_level)hvd->conf.log_level);
	if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(null);
	}
	if (chdir("/") < 0) {
		log_warn("chdir /");
	}
}

/* A signal: TERM and INT end hvd, HUP reads new definition files. */
static void
on_signal(void *ctx, int fd, short revents)
{
	struct hvd *hvd = ctx;
	struct signalfd_siginfo si;
	int bad;

	(void)revents;
	if (read(fd, &si, sizeof(si)) != sizeof(si)) {
		return;
	}
	switch (si.ssi_signo) {
	case SIGHUP:
		bad = store_defs_load(hvd);
		log_info("SIGHUP: VM directory read again%s",
		    bad > 0 ? "; files with mistakes (above) were not taken" :
		    "");
		break;
	default:
		log_info("signal %u: ending", si.ssi_signo);
		hvd->quitting = true;
		loop_quit(&hvd->loop);
		break;
	}
}

/* Route SIGTERM, SIGINT and SIGHUP to the loop; ignore SIGPIPE. */
static void
setup_signals(struct hvd *hvd)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 ||
	    (hvd->sigfd = signalfd(-1, &set, SFD_CLOEXEC)) < 0) {
		fatal("signalfd");
	}
	hvd->sigwatch = loop_watch_add(&hvd->loop, hvd->sigfd, POLLIN,
	    on_signal, hvd);
	if (hvd->sigwatch == NULL) {
		fatalx("out of memory");
	}
}

/* The loop's idle function: drain the board if needed, free dropped
 * clients. */
static void
on_idle(void *ctx)
{
	struct hvd *hvd = ctx;

	boardctl_idle(hvd);
	server_reap(hvd);
}

/* The end: clients, sockets, the board (left running if VMs are). */
static void
shut_down(struct hvd *hvd, int lock_fd)
{
	server_close(hvd);
	boardctl_leave(hvd);
	domain_table_fini(&hvd->doms);
	loop_fini(&hvd->loop);
	close(hvd->sigfd);
	unlink(hvd->paths.pid_file);
	close(lock_fd);
	paths_fini(&hvd->paths);
	hvdconf_fini(&hvd->conf);
	log_info("ended");
}

int
hvd_main(int argc, char **argv)
{
	static struct hvd hvd;
	struct options o;
	const char *failed;
	int lock_fd, ready_fd = -1, rc;

	parse_options(argc, argv, &o);
	log_init(true, LOG_LEVEL_INFO);
	hvd.session = o.session;
	hvd.foreground = o.foreground;
	hvd.next_id = 1;
	load_config(&hvd, &o);
	if (o.check) {
		check_and_exit(&hvd);
	}
	/* Until it is ready a daemon speaks on its starter's stderr: only
	 * what went wrong (hvctl starts session daemons on demand). */
	log_set_level(o.foreground || hvd.conf.log_level < LOG_LEVEL_WARN ?
	    (enum log_level)hvd.conf.log_level : LOG_LEVEL_WARN);
	if ((rc = paths_make_dirs(&hvd.paths, &failed)) < 0) {
		errno = -rc;
		fatal("cannot make %s", failed);
	}
	lock_fd = lock_state(&hvd);
	if (!o.foreground) {
		ready_fd = daemonize();
	}
	write_pid(lock_fd);
	loop_init(&hvd.loop);
	domain_table_init(&hvd.doms);
	setup_signals(&hvd);
	store_defs_load(&hvd);
	reconcile(&hvd);
	if (server_listen(&hvd) < 0) {
		fatalx("cannot serve clients");
	}
	loop_set_idle(&hvd.loop, on_idle, &hvd);
	log_info("hvd %s ready (%s, %zu VM definitions)", PACKAGE_VERSION,
	    o.session ? "session" : "system", hvd.doms.count);
	announce_ready(&hvd, ready_fd);
	lifecycle_autostart(&hvd);
	if ((rc = loop_run(&hvd.loop)) < 0) {
		log_error("the event loop failed: %s", strerror(-rc));
	}
	shut_down(&hvd, lock_fd);
	return rc < 0 ? 1 : 0;
}
