/* SPDX-License-Identifier: ISC */
/*
 * main.c - hvctl, the hv operator's command line (hvctl(1)).
 */
#include "hvctl.h"

int
main(int argc, char **argv)
{
	return hvctl_main(argc, argv);
}
