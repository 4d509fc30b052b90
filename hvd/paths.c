/* SPDX-License-Identifier: ISC */
/*
 * paths.c - the paths hvd works with (paths.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hvpaths.h"
#include "paths.h"

/* Replace *@field with the session path @what. */
static int
paths_session_one(char **field, enum hvpaths_what what)
{
	char buf[PATH_MAX];
	char *copy;
	int rc;

	if ((rc = hvpaths_session(what, buf, sizeof(buf))) < 0) {
		return rc;
	}
	if ((copy = strdup(buf)) == NULL) {
		return -ENOMEM;
	}
	free(*field);
	*field = copy;
	return 0;
}

int
paths_session_conf(struct hvdconf *conf, char **config)
{
	int rc;

	*config = NULL;
	if ((rc = paths_session_one(&conf->state_dir, HVPATHS_STATE_DIR)) < 0 ||
	    (rc = paths_session_one(&conf->vm_dir, HVPATHS_VM_DIR)) < 0 ||
	    (rc = paths_session_one(&conf->socket_dir,
	    HVPATHS_SOCKET_DIR)) < 0) {
		return rc;
	}
	return paths_session_one(config, HVPATHS_CONFIG_FILE);
}

/* *@out = @dir/@name. */
static int
paths_join(char **out, const char *dir, const char *name)
{
	return asprintf(out, "%s/%s", dir, name) < 0 ? -ENOMEM : 0;
}

int
paths_init(struct hvd_paths *p, const struct hvdconf *conf,
    const char *config)
{
	memset(p, 0, sizeof(*p));
	p->config = strdup(config);
	p->state_dir = strdup(conf->state_dir);
	p->vm_dir = strdup(conf->vm_dir);
	p->socket_dir = strdup(conf->socket_dir);
	if (p->config == NULL || p->state_dir == NULL || p->vm_dir == NULL ||
	    p->socket_dir == NULL ||
	    paths_join(&p->board_dir, conf->state_dir, "board") < 0 ||
	    paths_join(&p->run_dir, conf->state_dir, "run") < 0 ||
	    paths_join(&p->console_dir, conf->state_dir, "console") < 0 ||
	    paths_join(&p->pid_file, conf->state_dir, "hvd.pid") < 0 ||
	    paths_join(&p->sock_rw, conf->socket_dir, HVPATHS_SOCK) < 0 ||
	    paths_join(&p->sock_ro, conf->socket_dir, HVPATHS_SOCK_RO) < 0) {
		paths_fini(p);
		return -ENOMEM;
	}
	return 0;
}

/* mkdir -p @dir with @mode for what it creates. */
static int
paths_mkdir_p(const char *dir, mode_t mode)
{
	char buf[PATH_MAX], *slash;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf)) {
		return -ENAMETOOLONG;
	}
	for (slash = strchr(buf + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
			return -errno;
		}
		*slash = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST) {
		return -errno;
	}
	return 0;
}

int
paths_make_dirs(const struct hvd_paths *p, const char **failed)
{
	const struct {
		const char *dir;
		mode_t mode;
	} dirs[] = {
		{ p->state_dir, 0700 }, { p->board_dir, 0700 },
		{ p->run_dir, 0700 }, { p->console_dir, 0700 },
		{ p->vm_dir, 0755 }, { p->socket_dir, 0755 },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if ((rc = paths_mkdir_p(dirs[i].dir, dirs[i].mode)) < 0) {
			*failed = dirs[i].dir;
			return rc;
		}
	}
	return 0;
}

void
paths_fini(struct hvd_paths *p)
{
	free(p->config);
	free(p->state_dir);
	free(p->vm_dir);
	free(p->socket_dir);
	free(p->board_dir);
	free(p->run_dir);
	free(p->console_dir);
	free(p->pid_file);
	free(p->sock_rw);
	free(p->sock_ro);
	memset(p, 0, sizeof(*p));
}
