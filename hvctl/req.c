/* SPDX-License-Identifier: ISC */
/*
 * req.c - the requests hvctl makes of hvd (req.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"

/* Make a call; print its error as @what's. */
static int
req_call(struct hvctl *h, uint32_t prog, int proc, xdrproc_t args_proc,
    const void *args, xdrproc_t ret_proc, void *ret, const char *what)
{
	if (rpc_client_call(&h->rpc, prog, proc, args_proc, args, ret_proc,
	    ret) < 0) {
		conn_fail(h, what);
		return -1;
	}
	return 0;
}

int
req_lookup(struct hvctl *h, const char *name, remote_nonnull_domain *dom)
{
	remote_domain_lookup_by_name_args args = { (char *)(uintptr_t)name };
	remote_domain_ret ret;

	memset(&ret, 0, sizeof(ret));
	if (req_call(h, REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    (xdrproc_t)xdr_remote_domain_lookup_by_name_args, &args,
	    (xdrproc_t)xdr_remote_domain_ret, &ret, NULL) < 0) {
		return -1;
	}
	*dom = ret.dom;
	return 0;
}

int
req_on_domain(struct hvctl *h, const char *name, req_domain_fn fn, void *ctx)
{
	remote_nonnull_domain dom;
	int rc;

	if (conn_open(h) < 0) {
		return 1;
	}
	rc = req_lookup(h, name, &dom) < 0;
	if (rc == 0) {
		rc = fn(h, &dom, ctx);
		req_free_dom(&dom);
	}
	conn_close(h);
	return rc;
}

void
req_free_dom(remote_nonnull_domain *dom)
{
	free(dom->name);
	dom->name = NULL;
}

int
req_domain(struct hvctl *h, int proc, const remote_nonnull_domain *dom)
{
	remote_domain_args args = { *dom };

	return req_call(h, REMOTE_PROGRAM, proc,
	    (xdrproc_t)xdr_remote_domain_args, &args, NULL, NULL, NULL);
}

int
req_domain_flags(struct hvctl *h, int proc, const remote_nonnull_domain *dom,
    unsigned int flags)
{
	remote_domain_flags_args args = { *dom, flags };

	return req_call(h, REMOTE_PROGRAM, proc,
	    (xdrproc_t)xdr_remote_domain_flags_args, &args, NULL, NULL,
	    NULL);
}

int
req_start(struct hvctl *h, remote_nonnull_domain *dom, bool paused)
{
	remote_domain_flags_args args = { *dom, paused ? 1u : 0u };
	remote_domain_ret ret;

	memset(&ret, 0, sizeof(ret));
	if (req_call(h, REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS,
	    (xdrproc_t)xdr_remote_domain_flags_args, &args,
	    (xdrproc_t)xdr_remote_domain_ret, &ret, NULL) < 0) {
		return -1;
	}
	dom->id = ret.dom.id;
	req_free_dom(&ret.dom);
	return 0;
}

int
req_status(struct hvctl *h, const remote_nonnull_domain *dom,
    hvd_domain_get_status_ret *st)
{
	remote_domain_args args = { *dom };

	return req_call(h, HVD_PROGRAM, HVD_PROC_DOMAIN_GET_STATUS,
	    (xdrproc_t)xdr_remote_domain_args, &args,
	    (xdrproc_t)xdr_hvd_domain_get_status_ret, st, NULL);
}

void
req_free_status(hvd_domain_get_status_ret *st)
{
	rpc_body_free((xdrproc_t)xdr_hvd_domain_get_status_ret, st);
}

int
req_yaml(struct hvctl *h, const remote_nonnull_domain *dom, char **yaml)
{
	remote_domain_flags_args args = { *dom, 0 };
	hvd_domain_get_yaml_ret ret = { NULL };

	if (req_call(h, HVD_PROGRAM, HVD_PROC_DOMAIN_GET_YAML,
	    (xdrproc_t)xdr_remote_domain_flags_args, &args,
	    (xdrproc_t)xdr_hvd_domain_get_yaml_ret, &ret, NULL) < 0) {
		return -1;
	}
	*yaml = ret.yaml;
	return 0;
}

/* Read a whole file; prints why not. */
static char *
req_read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL) {
		fprintf(stderr, "hvctl: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	n = getdelim(&text, &cap, '\0', f);
	if (n < 0 && !feof(f)) {
		fprintf(stderr, "hvctl: %s: %s\n", path, strerror(errno));
		free(text);
		text = NULL;
	} else if (n < 0) {
		free(text);
		text = strdup("");
	}
	fclose(f);
	return text;
}

int
req_define(struct hvctl *h, const char *path, unsigned int flags,
    remote_nonnull_domain *dom)
{
	char *text = req_read_file(path), abs[PATH_MAX], *name = abs;
	hvd_define_yaml_args args;
	remote_domain_ret ret;
	int rc;

	if (text == NULL) {
		return -1;
	}
	if (realpath(path, abs) == NULL) {
		snprintf(abs, sizeof(abs), "%s", path);
	}
	args = (hvd_define_yaml_args){ text, &name, flags };
	memset(&ret, 0, sizeof(ret));
	rc = req_call(h, HVD_PROGRAM, HVD_PROC_DEFINE_YAML,
	    (xdrproc_t)xdr_hvd_define_yaml_args, &args,
	    (xdrproc_t)xdr_remote_domain_ret, &ret, NULL);
	free(text);
	if (rc == 0) {
		*dom = ret.dom;
	}
	return rc;
}
