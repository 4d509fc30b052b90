/* SPDX-License-Identifier: ISC */
/*
 * verb_define.c - define, undefine, create, validate.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "console.h"
#include "hvctl.h"
#include "req.h"
#include "vmdef.h"
#include "yamldoc.h"

int
verb_define(struct hvctl *h, int argc, char **argv)
{
	remote_nonnull_domain dom;
	char **args;
	int rc;

	if ((rc = verb_parse("define", argc, argv, NULL, 0, &args, 1)) != 0) {
		return rc;
	}
	if (conn_open(h) < 0) {
		return 1;
	}
	rc = req_define(h, args[0], 0, &dom) < 0;
	if (rc == 0) {
		printf("Domain '%s' defined from %s\n", dom.name, args[0]);
		req_free_dom(&dom);
	}
	conn_close(h);
	return rc;
}

/* undefine, once the domain is looked up. */
static int
undefine(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	(void)ctx;
	if (req_domain_flags(h, REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS, dom,
	    0) < 0) {
		return 1;
	}
	printf("Domain '%s' has been undefined\n", dom->name);
	return 0;
}

int
verb_undefine(struct hvctl *h, int argc, char **argv)
{
	char **args;
	int rc;

	if ((rc = verb_parse("undefine", argc, argv, NULL, 0, &args, 1)) != 0) {
		return rc;
	}
	return req_on_domain(h, args[0], undefine, NULL);
}

int
verb_create(struct hvctl *h, int argc, char **argv)
{
	bool console = false;
	const struct verb_opt opts[] = { { "console", NULL, &console } };
	remote_nonnull_domain dom;
	char **args;
	int rc;

	if ((rc = verb_parse("create", argc, argv, opts, 1, &args, 1)) != 0) {
		return rc;
	}
	if (conn_open(h) < 0) {
		return 1;
	}
	rc = req_define(h, args[0], 0, &dom) < 0;
	if (rc == 0) {
		rc = req_start(h, &dom, false) < 0;
		if (rc == 0) {
			printf("Domain '%s' created from %s\n", dom.name,
			    args[0]);
			fflush(stdout);
		}
		if (rc == 0 && console) {
			rc = console_run(h, &dom, true);
		}
		req_free_dom(&dom);
	}
	conn_close(h);
	return rc;
}

int
verb_validate(struct hvctl *h, int argc, char **argv)
{
	char **args, path[PATH_MAX], error[YAMLDOC_ERROR_MAX];
	struct vmdef def;
	int rc;

	(void)h;
	if ((rc = verb_parse("validate", argc, argv, NULL, 0, &args, 1)) != 0) {
		return rc;
	}
	/* The name hvd gives the file when hvctl defines it. */
	if (realpath(args[0], path) == NULL) {
		snprintf(path, sizeof(path), "%s", args[0]);
	}
	rc = vmdef_load_file(&def, path, 0, error, sizeof(error));
	if (rc == 0) {
		printf("%s: VM '%s' is valid\n", path, def.name);
	} else {
		fprintf(stderr, "%s\n", error);
	}
	vmdef_fini(&def);
	return rc == 0 ? 0 : 1;
}
