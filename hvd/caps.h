/* SPDX-License-Identifier: ISC */
/*
 * caps.h - libvirt's capabilities XML for hvd (CONNECT_GET_CAPABILITIES,
 * virsh capabilities): the host (aarch64, the board's CPUs and RAM) and
 * the one kind of guest hv runs, hvm on aarch64 virt with domain type hv.
 */
#ifndef HVD_CAPS_H
#define HVD_CAPS_H

struct hvd;

/**
 * caps_xml() - the capabilities document.
 * @hvd: the daemon (its board's configuration).
 * @xml: set to the text (malloc'ed).
 *
 * Return: 0 or -ENOMEM.
 */
int caps_xml(const struct hvd *hvd, char **xml);

#endif /* HVD_CAPS_H */
