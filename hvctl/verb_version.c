/* SPDX-License-Identifier: ISC */
/*
 * verb_version.c - version: hvctl's, and the daemon's it talks to.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hvctl.h"

int
verb_version(struct hvctl *h, int argc, char **argv)
{
	remote_connect_get_version_ret ver = { 0 };
	char **a;
	int rc;

	if ((rc = verb_parse("version", argc, argv, NULL, 0, &a, 0)) != 0) {
		return rc;
	}
	printf("hvctl %s\n", PACKAGE_VERSION);
	if (conn_open(h) < 0) {
		return 1;
	}
	if (rpc_client_call(&h->rpc, REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_GET_VERSION, NULL, NULL,
	    (xdrproc_t)xdr_remote_connect_get_version_ret, &ver) < 0) {
		rc = conn_fail(h, NULL);
	} else {
		/* libvirt's major * 10^6 + minor * 10^3 + micro, written as
		 * PACKAGE_VERSION is: no micro when it is 0. */
		printf("hvd %llu.%llu", (unsigned long long)(ver.hv_ver /
		    1000000), (unsigned long long)(ver.hv_ver / 1000 % 1000));
		if (ver.hv_ver % 1000 != 0) {
			printf(".%llu", (unsigned long long)(ver.hv_ver % 1000));
		}
		printf("\n");
	}
	conn_close(h);
	return rc;
}
