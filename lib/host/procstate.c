/* SPDX-License-Identifier: ISC */
/*
 * procstate.c - whether a process has ended (procstate.h): kill(pid, 0)
 * for processes that are gone, /proc/PID/stat for zombies.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "procstate.h"

/* No process @pid exists. */
static bool
no_such_process(pid_t pid)
{
	return kill(pid, 0) != 0 && errno == ESRCH;
}

bool
proc_ended(pid_t pid)
{
	char path[32], stat[256], *state;
	ssize_t n;
	int fd;

	if (no_such_process(pid)) {
		return true;
	}
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		/* Gone since, or no /proc to tell a zombie by. */
		return no_such_process(pid);
	}
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	stat[n > 0 ? n : 0] = '\0';
	/* "PID (COMM) STATE ...": COMM may hold anything, even ")". */
	state = strrchr(stat, ')');
	return state != NULL && state[1] == ' ' && state[2] == 'Z';
}
