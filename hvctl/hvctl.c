/* SPDX-License-Identifier: ISC */
/*
 * hvctl.c - hvctl's global options, the verb table, usage and dispatch.
 * usage() and hvctl(1)'s SYNOPSIS are the same table's lines (the tests
 * hold the man page to it).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvctl.h"

static const struct verb verbs[] = {
	{ "console", verb_console, "console name",
	    "attach to a VM's console (^] detaches)" },
	{ "create", verb_create, "create [--console] file",
	    "define a VM from a file and start it" },
	{ "define", verb_define, "define file",
	    "define a VM from a file (hv-vm.yaml(5))" },
	{ "destroy", verb_destroy, "destroy name", "stop a VM at once" },
	{ "info", verb_info, "info [--json] name", "show a VM" },
	{ "list", verb_list, "list [--all] [--json]",
	    "list the running VMs, or all of them" },
	{ "map", verb_map,
	    "map [--prot rwx] [--shared-with vm] name ipa size",
	    "map new memory into a running VM" },
	{ "pause", verb_pause, "pause name", "hold a VM's vCPUs" },
	{ "reboot", verb_reboot, "reboot name", "reset a VM and boot it again" },
	{ "resume", verb_resume, "resume name", "run a paused VM again" },
	{ "s2dump", verb_s2dump, "s2dump [--json] name",
	    "show a running VM's stage-2 translation" },
	{ "start", verb_start, "start [--console] [--paused] name",
	    "start a defined VM" },
	{ "stats", verb_stats, "stats [--json]",
	    "show the board's memory, tables, VMIDs and TLB work" },
	{ "stop", verb_stop, "stop [--timeout seconds] name",
	    "ask a VM to power off, then destroy it after the timeout" },
	{ "undefine", verb_undefine, "undefine name",
	    "forget a VM's definition" },
	{ "unmap", verb_unmap, "unmap name ipa size",
	    "unmap memory of a running VM" },
	{ "validate", verb_validate, "validate file",
	    "check a VM definition without a daemon" },
	{ "version", verb_version, "version",
	    "show hvctl's and hvd's versions" },
};

const struct verb *
hvctl_verb_table(size_t *count)
{
	*count = sizeof(verbs) / sizeof(verbs[0]);
	return verbs;
}

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: hvctl [-hV] [-c uri] verb [argument ...]\n\n");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		fprintf(f, "  %-50s %s\n", verbs[i].usage, verbs[i].help);
	}
	fprintf(f, "\nThe URI is hv:///system (root's default) or "
	    "hv:///session (everyone else's).\n");
}

int
hvctl_usage_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strcmp(verbs[i].name, name) == 0) {
			fprintf(stderr, "usage: hvctl %s\n", verbs[i].usage);
		}
	}
	return 1;
}

int
verb_parse(const char *verb, int argc, char **argv,
    const struct verb_opt *opts, size_t n, char ***args, int want)
{
	struct option longopts[8];
	size_t i;
	int ch, index;

	for (i = 0; i < n && i < 7; i++) {
		longopts[i] = (struct option){ opts[i].name,
		    opts[i].value != NULL ? required_argument : no_argument,
		    NULL, 0 };
	}
	longopts[i] = (struct option){ NULL, 0, NULL, 0 };
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, &index)) != -1) {
		if (ch != 0) {
			return hvctl_usage_of(verb);
		}
		if (opts[index].value != NULL) {
			*opts[index].value = optarg;
		} else {
			*opts[index].set = true;
		}
	}
	if (argc - optind != want) {
		return hvctl_usage_of(verb);
	}
	*args = argv + optind;
	return 0;
}

int
hvctl_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "connect", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct hvctl h = { 0 };
	size_t i;
	int ch;

	while ((ch = getopt_long(argc, argv, "+c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			h.uri = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("hvctl %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return 1;
	}
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strcmp(verbs[i].name, argv[optind]) == 0) {
			optind++;
			return verbs[i].run(&h, argc - optind + 1,
			    argv + optind - 1);
		}
	}
	fprintf(stderr, "hvctl: unknown verb '%s' (hvctl -h lists them)\n",
	    argv[optind]);
	return 1;
}
