/* SPDX-License-Identifier: ISC */
/*
 * main.c - hvd, the hv host daemon (hvd(8)).
 */
#include "daemon.h"

int
main(int argc, char **argv)
{
	return hvd_main(argc, argv);
}
