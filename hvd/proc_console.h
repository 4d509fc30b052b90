/* SPDX-License-Identifier: ISC */
/*
 * proc_console.h - console streams: REMOTE's DOMAIN_OPEN_CONSOLE (what
 * virsh console uses) and HVD's DOMAIN_OPEN_CONSOLE (hvctl console, which
 * can replay the current boot's output first).
 *
 * After the call's reply both sides send STREAM packets with the call's
 * program, procedure and serial: raw bytes with status CONTINUE.  The
 * guest's output goes to the client; what the client sends goes to the
 * guest's UART.  When the domain stops, hvd sends an empty CONTINUE (end
 * of stream) and waits for the client's finish; a client's finish (status
 * OK) or abort (ERROR) is answered with an empty STREAM OK
 * (libvirt-rpc.md section 6).
 */
#ifndef HVD_PROC_CONSOLE_H
#define HVD_PROC_CONSOLE_H

#include "rpc_packet.h"

struct client;

/**
 * proc_console_stream() - a STREAM packet from a client.
 * @c:   the client.
 * @pkt: the packet.
 */
void proc_console_stream(struct client *c, const struct rpc_packet *pkt);

/**
 * proc_console_client_gone() - detach every stream of a client that went
 * away.
 * @c: the client.
 */
void proc_console_client_gone(struct client *c);

#endif /* HVD_PROC_CONSOLE_H */
