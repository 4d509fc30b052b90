/* SPDX-License-Identifier: ISC */
/*
 * hv/types.h - typed addresses and ids shared by every part of hv.
 *
 * An IPA, a PA and a VMID are single-member structs so that one can never be
 * passed where another is expected; the accessors below are the only way in
 * and out.  Everything here is freestanding (no libc).
 */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** typedef ipa_t - an intermediate physical address (guest-physical). */
typedef struct {
	uint64_t ipa;
} ipa_t;

/** typedef pa_t - a physical address of the board. */
typedef struct {
	uint64_t pa;
} pa_t;

/** typedef vmid_t - an 8- or 16-bit virtual machine identifier (VTTBR_EL2.VMID). */
typedef struct {
	uint16_t vmid;
} vmid_t;

static inline ipa_t
ipa_init(uint64_t v)
{
	return (ipa_t){ v };
}

static inline uint64_t
ipa_addr(ipa_t ipa)
{
	return ipa.ipa;
}

static inline pa_t
pa_init(uint64_t v)
{
	return (pa_t){ v };
}

static inline uint64_t
pa_addr(pa_t pa)
{
	return pa.pa;
}

static inline vmid_t
vmid_init(uint16_t v)
{
	return (vmid_t){ v };
}

static inline uint16_t
vmid_value(vmid_t vmid)
{
	return vmid.vmid;
}

#endif /* HV_TYPES_H */
