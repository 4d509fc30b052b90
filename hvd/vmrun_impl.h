/* SPDX-License-Identifier: ISC */
/*
 * vmrun_impl.h - what the vmrun*.c files share and nothing else uses.
 */
#ifndef HVD_VMRUN_IMPL_H
#define HVD_VMRUN_IMPL_H

#include <stddef.h>
#include <stdint.h>

struct domain;
struct hvd;
struct vmmem_backing;

/**
 * struct vmrun_boot - how vCPU 0 enters the guest.
 * @entry: the IPA it starts at.
 * @x0:    x0 at entry: the device tree's IPA for an arm64 Image; the RAM
 *         size for ELF and raw images (the hv test guests' convention).
 */
struct vmrun_boot {
	uint64_t entry;
	uint64_t x0;
};

/**
 * vmrun_ipa_bits() - the IPA size of hvd's VMs: the firmware's, at most
 * the 40 bits definitions are checked against.
 * @hvd: the daemon (board up).
 *
 * Return: the bits.
 */
unsigned int vmrun_ipa_bits(const struct hvd *hvd);

/**
 * vmrun_perm() - enum abi_perm bits of a region's VMDEF_PERM_* bits.
 * @vmdef_perm: the region's bits.
 *
 * Return: the firmware's bits.
 */
unsigned int vmrun_perm(unsigned int vmdef_perm);

/**
 * vmrun_place_own() - place @size bytes of the domain's own memory for
 * [@ipa, @ipa + @size) and record it (not mapped yet).
 * @hvd:  the daemon.
 * @d:    the domain.
 * @ipa:  first IPA.
 * @size: bytes.
 * @perm: enum abi_perm bits.
 *
 * Return: 0 or -errno (what could not be recorded is given back).
 */
int vmrun_place_own(struct hvd *hvd, struct domain *d, uint64_t ipa,
    uint64_t size, unsigned int perm);

/**
 * vmrun_add_backing() - record every piece of a shared backing in the
 * domain, from @ipa on (not mapped yet).
 * @d:    the domain.
 * @b:    the backing.
 * @ipa:  where its first piece goes.
 * @perm: enum abi_perm bits.
 *
 * Return: 0 or -errno.
 */
int vmrun_add_backing(struct domain *d, struct vmmem_backing *b,
    uint64_t ipa, unsigned int perm);

/**
 * vmrun_mem_place() - place the RAM and the prefaulted regions of a
 * domain in the board's memory (recorded in @d->mem, nothing mapped yet).
 * @hvd: the daemon.
 * @d:   the domain.
 * @err: why not.
 * @len: bytes at @err.
 *
 * Return: 0 or -errno (what was placed stays in @d->mem, for the caller
 * to release).
 */
int vmrun_mem_place(struct hvd *hvd, struct domain *d, char *err, size_t len);

/**
 * vmrun_mem_load() - load the kernel, the initrd and (for an arm64 Image)
 * the device tree into the placed RAM.
 * @hvd:  the daemon.
 * @d:    the domain.
 * @boot: filled in: where and how vCPU 0 enters.
 * @err:  why not.
 * @len:  bytes at @err.
 *
 * Return: 0 or -errno.
 */
int vmrun_mem_load(struct hvd *hvd, struct domain *d, struct vmrun_boot *boot,
    char *err, size_t len);

/**
 * vmrun_mem_map_all() - MAP everything placed and declare the demand
 * regions, in batches.
 * @hvd: the daemon.
 * @d:   the domain (its firmware VM made).
 * @err: why not.
 * @len: bytes at @err.
 *
 * Return: 0 or -errno.
 */
int vmrun_mem_map_all(struct hvd *hvd, struct domain *d, char *err,
    size_t len);

/**
 * vmrun_crash() - a domain crashed (the firmware's report in
 * @d->crash): logged with its nearest region, then what on_crash says.
 * @hvd: the daemon.
 * @d:   the domain (may be freed on return).
 */
void vmrun_crash(struct hvd *hvd, struct domain *d);

#endif /* HVD_VMRUN_IMPL_H */
