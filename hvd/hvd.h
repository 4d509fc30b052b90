/* SPDX-License-Identifier: ISC */
/*
 * hvd.h - the daemon as a whole: struct hvd ties together its
 * configuration, its paths, the event loop, the board, the domains and
 * the clients.  One struct hvd is made by hvd_main() (daemon.c) and handed
 * to every module; hvd has no other global state.
 *
 * Map of hvd/:
 *   daemon.c     options, startup, signals, shutdown
 *   paths.c      where things are (system or per-user session)
 *   log.c        messages
 *   loop.c       the event loop
 *   store.c      a definition and run state on disk, written atomically
 *   store_defs.c the VM directory: read at startup, again on SIGHUP
 *   domain.c     domains and their table
 *   vmmem.c      the board memory a VM holds
 *   console.c    consoles: logs, tails, attached clients, typed input
 *   boardctl.c   the board: start, reattach, lose, events
 *   reconcile.c  a restarted hvd's state made to agree with the firmware's
 *   vmrun*.c     a VM's life on the board: start, stop, memory, images,
 *                demand faults, runtime maps, console, exits (vmrun.h)
 *   lifecycle.c  what clients ask of domains: define, start, stop, ...
 *   events.c     lifecycle events to registered clients
 *   server.c     sockets and client connections
 *   dispatch.c   a call: decode, run its handler, reply
 *   proc_*.c     the handlers, by subject
 *   caps.c       libvirt's capabilities XML
 */
#ifndef HVD_HVD_H
#define HVD_HVD_H

#include <stdbool.h>
#include <stdint.h>

#include "boardctl.h"
#include "domain.h"
#include "hvdconf.h"
#include "loop.h"
#include "paths.h"
#include "server.h"

/**
 * struct hvd - the daemon.
 * @conf:       hvd.yaml as read.
 * @paths:      the directories and sockets it uses.
 * @session:    a per-user daemon (hvd --session).
 * @foreground: hvd -d.
 * @loop:       the event loop.
 * @bc:         the board.
 * @doms:       every domain.
 * @server:     the sockets and clients.
 * @next_id:    the domain id the next start gets.
 * @quitting:   a signal asked hvd to end.
 * @sigfd:      the signalfd of SIGTERM, SIGINT, SIGHUP and SIGCHLD.
 * @sigwatch:   its watch.
 */
struct hvd {
	struct hvdconf conf;
	struct hvd_paths paths;
	bool session;
	bool foreground;
	struct loop loop;
	struct boardctl bc;
	struct domain_table doms;
	struct server server;
	int next_id;
	bool quitting;
	int sigfd;
	struct loop_watch *sigwatch;
};

#endif /* HVD_HVD_H */
