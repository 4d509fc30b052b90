/* SPDX-License-Identifier: ISC */
/*
 * daemon.h - hvd as a program: its command line, its startup and its end.
 */
#ifndef HVD_DAEMON_H
#define HVD_DAEMON_H

/**
 * hvd_main() - the whole daemon (main.c calls nothing else).
 * @argc: argc of main().
 * @argv: argv of main().
 *
 * Return: the exit status: 0, or 1 after an error (startup errors are
 * written to stderr; hvd -n's too).
 */
int hvd_main(int argc, char **argv);

#endif /* HVD_DAEMON_H */
