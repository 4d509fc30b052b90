/* SPDX-License-Identifier: ISC */
/*
 * procstate.h - whether a process has ended, zombies included: for the
 * processes a host program watches but may not be the one to reap (a kept
 * board's QEMU after its starter died belongs to init).
 */
#ifndef HV_HOST_PROCSTATE_H
#define HV_HOST_PROCSTATE_H

#include <stdbool.h>
#include <sys/types.h>

/**
 * proc_ended() - whether process @pid has ended.
 * @pid: the process.
 *
 * A process that exited is a zombie until its parent reaps it, and
 * kill(@pid, 0) still finds it; an init that reaps lazily (some
 * containers' does) leaves one for seconds.  It is dead all the same:
 * its files are closed and its memory freed.  Where there is no /proc
 * to tell a zombie by, only a process that no longer exists has ended.
 *
 * Return: true if no process @pid exists or it is a zombie.
 */
bool proc_ended(pid_t pid);

#endif /* HV_HOST_PROCSTATE_H */
