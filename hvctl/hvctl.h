/* SPDX-License-Identifier: ISC */
/*
 * hvctl.h - hvctl, the operator's command line for hvd (hvctl(1)).
 *
 * Map of hvctl/:
 *   main.c          main() only
 *   hvctl.c         global options, the verb table, usage, dispatch
 *   conn.c          URIs, the connection to hvd, starting a session hvd
 *   req.c           the requests hvctl makes, typed
 *   verb_define.c   define, undefine, create, validate
 *   verb_life.c     start, stop, destroy, reboot, pause, resume
 *   verb_list.c     list, info
 *   verb_mem.c      map, unmap, s2dump, stats
 *   verb_version.c  version
 *   console.c       console: a raw terminal on a console stream
 *   output.c        tables and --json (json-c)
 *
 * Every verb returns hvctl's exit status: 0 on success, 1 on failure,
 * with the error (hvd's message as hvd wrote it) on stderr.
 */
#ifndef HVCTL_HVCTL_H
#define HVCTL_HVCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "hv_protocol.h"
#include "rpc_client.h"

/**
 * struct hvctl - one run of hvctl.
 * @uri:       the URI given with -c, or NULL for the default.
 * @json:      --json was given to a listing verb.
 * @rpc:       the connection, once made.
 * @connected: @rpc is open (CONNECT_OPEN succeeded).
 */
struct hvctl {
	const char *uri;
	bool json;
	struct rpc_client rpc;
	bool connected;
};

/**
 * struct verb - one verb of the table.
 * @name:  what the user types.
 * @run:   what it does: (hvctl, argc, argv) with argv[0] the verb;
 *         returns the exit status.
 * @usage: its arguments, as hvctl(1)'s SYNOPSIS has them.
 * @help:  one line saying what it does.
 */
struct verb {
	const char *name;
	int (*run)(struct hvctl *h, int argc, char **argv);
	const char *usage;
	const char *help;
};

/**
 * struct verb_opt - one option of a verb ("--console", "--timeout S").
 * @name:  the long option's name.
 * @value: for an option with an argument: where it goes; else NULL.
 * @set:   for a flag: set true when given; else NULL.
 */
struct verb_opt {
	const char *name;
	const char **value;
	bool *set;
};

/**
 * verb_parse() - a verb's options and its positional arguments.
 * @verb:  the verb (for the usage message).
 * @argc:  the verb's argc (argv[0] is the verb).
 * @argv:  the verb's argv.
 * @opts:  its options.
 * @n:     how many.
 * @args:  set to the positional arguments.
 * @want:  how many positional arguments it takes.
 *
 * Return: 0, or 1 with the verb's usage printed.
 */
int verb_parse(const char *verb, int argc, char **argv,
    const struct verb_opt *opts, size_t n, char ***args, int want);

/**
 * hvctl_main() - the whole program.
 * @argc: argc of main().
 * @argv: argv of main().
 *
 * Return: the exit status.
 */
int hvctl_main(int argc, char **argv);

/**
 * hvctl_usage_of() - print one verb's usage line to stderr.
 * @name: the verb.
 *
 * Return: 1, the exit status of a usage error.
 */
int hvctl_usage_of(const char *name);

/**
 * conn_open() - connect to hvd (the default or -c URI) and open the
 * connection; a session hvd that is not running is started.
 * @h: the run.
 *
 * Return: 0, or -1 with the error printed.
 */
int conn_open(struct hvctl *h);

/**
 * conn_close() - close the connection politely (CONNECT_CLOSE).
 * @h: the run.
 */
void conn_close(struct hvctl *h);

/**
 * conn_fail() - print the last call's error ("hvctl: WHAT: message") and
 * return 1.
 * @h:    the run.
 * @what: what failed, or NULL.
 *
 * Return: 1.
 */
int conn_fail(struct hvctl *h, const char *what);

/**
 * hvctl_verb_table() - every verb.
 * @count: set to their number.
 *
 * Return: the table.
 */
const struct verb *hvctl_verb_table(size_t *count);

/* The verbs (verb_*.c, console.c). */
int verb_define(struct hvctl *h, int argc, char **argv);
int verb_undefine(struct hvctl *h, int argc, char **argv);
int verb_create(struct hvctl *h, int argc, char **argv);
int verb_validate(struct hvctl *h, int argc, char **argv);
int verb_start(struct hvctl *h, int argc, char **argv);
int verb_stop(struct hvctl *h, int argc, char **argv);
int verb_destroy(struct hvctl *h, int argc, char **argv);
int verb_reboot(struct hvctl *h, int argc, char **argv);
int verb_pause(struct hvctl *h, int argc, char **argv);
int verb_resume(struct hvctl *h, int argc, char **argv);
int verb_list(struct hvctl *h, int argc, char **argv);
int verb_info(struct hvctl *h, int argc, char **argv);
int verb_console(struct hvctl *h, int argc, char **argv);
int verb_map(struct hvctl *h, int argc, char **argv);
int verb_unmap(struct hvctl *h, int argc, char **argv);
int verb_s2dump(struct hvctl *h, int argc, char **argv);
int verb_stats(struct hvctl *h, int argc, char **argv);
int verb_version(struct hvctl *h, int argc, char **argv);

#endif /* HVCTL_HVCTL_H */
