/* SPDX-License-Identifier: ISC */
/*
 * s2pt_model.h - a flat reference model of a window of a stage-2 IPA space.
 *
 * One 64-bit key per 4 KiB page of the window says everything s2pt_lookup()
 * can tell about it: mapped or not, PA (kept as PA - IPA, so a physically
 * contiguous run of like pages has one key), permissions, memory type and
 * owner.  The operations implement what hv/s2pt.h documents, error codes and
 * all-or-nothing included, and answer with the set of return codes the
 * contract allows (two checks may fail at once and the header does not say
 * which one wins).  The window must lie at the top of the IPA space or the
 * requests must stay inside it: what lies outside is not modelled.
 */
#ifndef S2PT_MODEL_H
#define S2PT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/s2pt.h>

/** MODEL_RC() - the bit for return code @rc (0 or -errno) in a code set. */
#define MODEL_RC(rc)	((uint64_t)1 << (uint64_t)-(rc))
/** MODEL_UNMODELLED - the request touched IPAs outside the window. */
#define MODEL_UNMODELLED ((uint64_t)1 << 63)

/**
 * struct s2pt_model - the model.
 * @base:      first IPA of the window.
 * @size:      bytes in the window.
 * @ipa_limit: size of the IPA space.
 * @pa_limit:  size of the PA space.
 * @key:       one per page (private encoding, see s2pt_model.c).
 */
struct s2pt_model {
	uint64_t base;
	uint64_t size;
	uint64_t ipa_limit;
	uint64_t pa_limit;
	uint64_t *key;
};

/**
 * s2pt_model_init() - an empty window.
 * @m:        the model.
 * @base:     first IPA, 1 GiB aligned.
 * @size:     bytes, a multiple of 1 GiB.
 * @ipa_bits: IPA size of the table modelled.
 * @pa_bits:  PA size (0 means 48).
 *
 * Return: 0, or -1 if host memory ran out.
 */
int s2pt_model_init(struct s2pt_model *m, uint64_t base, uint64_t size,
    unsigned int ipa_bits, unsigned int pa_bits);

/**
 * s2pt_model_fini() - free the model.
 * @m: the model.
 */
void s2pt_model_fini(struct s2pt_model *m);

/**
 * s2pt_model_map() - what s2pt_map() must do; applied if it must succeed.
 * @m: the model.  Other arguments as s2pt_map().
 *
 * Return: the set of allowed return codes (MODEL_RC() bits).
 */
uint64_t s2pt_model_map(struct s2pt_model *m, uint64_t ipa, uint64_t pa,
    uint64_t size, struct s2pt_attr attr);

/**
 * s2pt_model_unmap() - what s2pt_unmap() must do.
 * @m: the model.  Other arguments as s2pt_unmap().
 *
 * Return: the set of allowed return codes.
 */
uint64_t s2pt_model_unmap(struct s2pt_model *m, uint64_t ipa, uint64_t size);

/**
 * s2pt_model_protect() - what s2pt_protect() must do.
 * @m: the model.  Other arguments as s2pt_protect().
 *
 * Return: the set of allowed return codes.
 */
uint64_t s2pt_model_protect(struct s2pt_model *m, uint64_t ipa, uint64_t size,
    struct s2pt_attr attr);

/**
 * s2pt_model_set_owner() - what s2pt_set_owner() must do.
 * @m: the model.  Other arguments as s2pt_set_owner().
 *
 * Return: the set of allowed return codes.
 */
uint64_t s2pt_model_set_owner(struct s2pt_model *m, uint64_t ipa,
    uint64_t size, uint8_t from, uint8_t to);

/**
 * s2pt_model_collapse() - what s2pt_collapse() must do (nothing visible).
 * @m: the model.  Other arguments as s2pt_collapse().
 *
 * Return: the set of allowed return codes.
 */
uint64_t s2pt_model_collapse(struct s2pt_model *m, uint64_t ipa,
    uint64_t size);

/**
 * struct s2pt_model_saved - the pages of a range as they were.
 * @ipa:  first IPA saved.
 * @n:    pages saved.
 * @keys: their keys.
 */
struct s2pt_model_saved {
	uint64_t ipa;
	size_t n;
	uint64_t *keys;
};

/**
 * s2pt_model_save() - remember a range (clipped to the window) so that an
 * operation the table refused (-ENOMEM) can be taken back.
 * @m:    the model.
 * @ipa:  first IPA.
 * @size: bytes.
 * @sv:   gets the copy; free it with s2pt_model_restore().
 *
 * Return: 0, or -1 if host memory ran out.
 */
int s2pt_model_save(const struct s2pt_model *m, uint64_t ipa, uint64_t size,
    struct s2pt_model_saved *sv);

/**
 * s2pt_model_restore() - put a saved range back, or just drop the copy.
 * @m:     the model.
 * @sv:    from s2pt_model_save().
 * @apply: write the saved pages back.
 */
void s2pt_model_restore(struct s2pt_model *m, struct s2pt_model_saved *sv,
    bool apply);

/**
 * s2pt_model_owner() - owner of the page at @ipa (0 if mapped).
 * @m:   the model.
 * @ipa: an IPA inside the window.
 *
 * Return: the owner id.
 */
uint8_t s2pt_model_owner(const struct s2pt_model *m, uint64_t ipa);

/**
 * s2pt_model_rc_ok() - whether a return code is in a set.
 * @set: from a model operation.
 * @rc:  what s2pt returned.
 *
 * Return: true if allowed.
 */
bool s2pt_model_rc_ok(uint64_t set, int rc);

/**
 * s2pt_model_rc_str() - a code set for messages ("0|-EEXIST").
 * @set: the set.
 * @buf: room for the text.
 * @len: its size.
 *
 * Return: @buf.
 */
const char *s2pt_model_rc_str(uint64_t set, char *buf, size_t len);

/**
 * s2pt_model_compare() - compare the table with the model over a range.
 * @m:    the model.
 * @pt:   the table.
 * @ipa:  first IPA (clipped to the window), 4 KiB aligned.
 * @size: bytes.
 * @msg:  gets the first difference.
 * @len:  size of @msg.
 *
 * Reads the table with s2pt_dump() and checks every page against the model;
 * also checks the records themselves (in order, inside the range, aligned,
 * adjacent runs that should have been merged).
 *
 * Return: 0 if equal, -1 with @msg set otherwise.
 */
int s2pt_model_compare(const struct s2pt_model *m, const struct s2pt *pt,
    uint64_t ipa, uint64_t size, char *msg, size_t len);

/**
 * s2pt_model_spot_check() - compare one IPA with s2pt_lookup().
 * @m:    the model.
 * @pt:   the table.
 * @ipa:  any IPA inside the window (need not be page aligned).
 * @msg:  gets the difference.
 * @len:  size of @msg.
 *
 * Return: 0 if s2pt_lookup() agrees with the model, -1 otherwise.
 */
int s2pt_model_spot_check(const struct s2pt_model *m, const struct s2pt *pt,
    uint64_t ipa, char *msg, size_t len);

#endif /* S2PT_MODEL_H */
