/* SPDX-License-Identifier: ISC */
/*
 * verb_life.c - start, stop, destroy, reboot, pause, resume.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "console.h"
#include "hvctl.h"
#include "req.h"
#include "rpc_error.h"

/* libvirt's VIR_DOMAIN_SHUTOFF. */
#define STATE_SHUTOFF		5
/** STOP_TIMEOUT_DEFAULT - seconds hvctl stop waits by default. */
#define STOP_TIMEOUT_DEFAULT	30
/** STOP_POLL_MS - how often hvctl stop looks at the state. */
#define STOP_POLL_MS		100

/**
 * struct simple - a verb that makes one request of the domain it names.
 * @proc:  the request (REMOTE).
 * @flags: its args carry flags (0).
 * @done:  what the verb says then: "Domain 'NAME' @done".
 */
struct simple {
	int proc;
	bool flags;
	const char *done;
};

static int
simple_run(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	const struct simple *v = ctx;

	if ((v->flags ? req_domain_flags(h, v->proc, dom, 0) :
	    req_domain(h, v->proc, dom)) < 0) {
		return 1;
	}
	printf("Domain '%s' %s\n", dom->name, v->done);
	return 0;
}

/* Parse a verb that takes just a domain, and run it. */
static int
verb_simple(struct hvctl *h, int argc, char **argv, const char *verb,
    const struct simple *v)
{
	char **args;
	int rc;

	if ((rc = verb_parse(verb, argc, argv, NULL, 0, &args, 1)) != 0) {
		return rc;
	}
	return req_on_domain(h, args[0], simple_run, (void *)(uintptr_t)v);
}

int
verb_destroy(struct hvctl *h, int argc, char **argv)
{
	static const struct simple v = { REMOTE_PROC_DOMAIN_DESTROY, false,
	    "destroyed" };

	return verb_simple(h, argc, argv, "destroy", &v);
}

int
verb_pause(struct hvctl *h, int argc, char **argv)
{
	static const struct simple v = { REMOTE_PROC_DOMAIN_SUSPEND, false,
	    "paused" };

	return verb_simple(h, argc, argv, "pause", &v);
}

int
verb_resume(struct hvctl *h, int argc, char **argv)
{
	static const struct simple v = { REMOTE_PROC_DOMAIN_RESUME, false,
	    "resumed" };

	return verb_simple(h, argc, argv, "resume", &v);
}

int
verb_reboot(struct hvctl *h, int argc, char **argv)
{
	static const struct simple v = { REMOTE_PROC_DOMAIN_REBOOT, true,
	    "rebooted" };

	return verb_simple(h, argc, argv, "reboot", &v);
}

/* start's options. */
struct start_opts {
	bool console;
	bool paused;
};

static int
start_run(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	const struct start_opts *o = ctx;

	if (req_start(h, dom, o->paused) < 0) {
		return 1;
	}
	printf("Domain '%s' started%s\n", dom->name, o->paused ? " paused" :
	    "");
	fflush(stdout);
	return o->console ? console_run(h, dom, true) : 0;
}

int
verb_start(struct hvctl *h, int argc, char **argv)
{
	struct start_opts o = { false, false };
	const struct verb_opt opts[] = {
		{ "console", NULL, &o.console }, { "paused", NULL, &o.paused },
	};
	char **args;
	int rc;

	if ((rc = verb_parse("start", argc, argv, opts, 2, &args, 1)) != 0) {
		return rc;
	}
	return req_on_domain(h, args[0], start_run, &o);
}

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait up to @seconds for the domain to be shut off: 1 once it is (or is
 * gone: a domain undefined while it ran goes when it stops), 0 if it is
 * still on, -1 on an error (printed).
 */
static int
stop_wait(struct hvctl *h, const remote_nonnull_domain *dom, long seconds)
{
	const struct timespec poll_ts = { 0, STOP_POLL_MS * 1000000L };
	long long deadline = now_ms() + seconds * 1000;
	remote_domain_flags_args args = { *dom, 0 };
	remote_domain_get_state_ret st;

	do {
		memset(&st, 0, sizeof(st));
		if (rpc_client_call(&h->rpc, REMOTE_PROGRAM,
		    REMOTE_PROC_DOMAIN_GET_STATE,
		    (xdrproc_t)xdr_remote_domain_flags_args, &args,
		    (xdrproc_t)xdr_remote_domain_get_state_ret, &st) < 0) {
			if (h->rpc.err_code == VIR_ERR_NO_DOMAIN) {
				return 1;
			}
			conn_fail(h, NULL);
			return -1;
		}
		if (st.state == STATE_SHUTOFF) {
			return 1;
		}
		nanosleep(&poll_ts, NULL);
	} while (now_ms() < deadline);
	return 0;
}

static int
stop_run(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	long seconds = *(const long *)ctx;
	int rc;

	if (req_domain(h, REMOTE_PROC_DOMAIN_SHUTDOWN, dom) < 0 ||
	    (rc = stop_wait(h, dom, seconds)) < 0) {
		return 1;
	}
	if (rc == 1) {
		printf("Domain '%s' powered off\n", dom->name);
		return 0;
	}
	if (req_domain(h, REMOTE_PROC_DOMAIN_DESTROY, dom) < 0) {
		return 1;
	}
	printf("Domain '%s' did not power off within %ld s: destroyed\n",
	    dom->name, seconds);
	return 0;
}

int
verb_stop(struct hvctl *h, int argc, char **argv)
{
	const char *timeout = NULL;
	const struct verb_opt opts[] = { { "timeout", &timeout, NULL } };
	long seconds = STOP_TIMEOUT_DEFAULT;
	char **args, *end;
	int rc;

	if ((rc = verb_parse("stop", argc, argv, opts, 1, &args, 1)) != 0) {
		return rc;
	}
	if (timeout != NULL) {
		errno = 0;
		seconds = strtol(timeout, &end, 10);
		if (errno != 0 || *end != '\0' || seconds < 0 ||
		    seconds > 86400) {
			fprintf(stderr, "hvctl: --timeout %s: not a number of "
			    "seconds (0 to 86400)\n", timeout);
			return 1;
		}
	}
	return req_on_domain(h, args[0], stop_run, &seconds);
}
