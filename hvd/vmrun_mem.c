/* SPDX-License-Identifier: ISC */
/*
 * vmrun_mem.c - a domain's memory on the board: placement, images, the
 * stage-2 maps, demand faults and runtime maps (vmrun.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestdtb.h"
#include "hvd.h"
#include "loader.h"
#include "log.h"
#include "store.h"
#include "vmrun.h"
#include "vmrun_impl.h"

#define VMRUN_2M	0x200000ull
#define VMRUN_PAGE	0x1000ull

unsigned int
vmrun_ipa_bits(const struct hvd *hvd)
{
	return hvd->bc.hello.ipa_bits < 40 ? hvd->bc.hello.ipa_bits : 40;
}

unsigned int
vmrun_perm(unsigned int vmdef_perm)
{
	return (vmdef_perm & VMDEF_PERM_R ? ABI_PERM_R : 0) |
	    (vmdef_perm & VMDEF_PERM_W ? ABI_PERM_W : 0) |
	    (vmdef_perm & VMDEF_PERM_X ? ABI_PERM_X : 0);
}

int
vmrun_place_own(struct hvd *hvd, struct domain *d, uint64_t ipa,
    uint64_t size, unsigned int perm)
{
	struct guestmem_extent piece[VMMEM_PIECES_MAX];
	struct guestmem *gm = &hvd->bc.gm;
	uint64_t at = ipa;
	size_t i, count;
	int rc;

	rc = guestmem_alloc(gm, ipa_init(ipa), size, piece, VMMEM_PIECES_MAX,
	    &count);
	for (i = 0; rc == 0 && i < count; i++) {
		rc = vmmem_add(&d->mem, at, pa_addr(piece[i].pa),
		    piece[i].size, perm, NULL);
		if (rc < 0) {
			guestmem_free(gm, &piece[i], count - i);
		}
		at += piece[i].size;
	}
	return rc;
}

int
vmrun_region_key(const struct domain *d, const struct vmdef_region *r,
    char *key, size_t len)
{
	const char *names[VMDEF_SHARED_MAX + 1], *t;
	size_t i, j, n = 0;
	int used;

	names[n++] = d->def.name;
	for (i = 0; i < r->shared_count; i++) {
		names[n++] = r->shared_with[i];
	}
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	}
	used = snprintf(key, len, "region %s of ", r->name);
	for (i = 0; i < n && used > 0 && (size_t)used < len; i++) {
		used += snprintf(key + used, len - (size_t)used, "%s%s",
		    i > 0 ? "," : "", names[i]);
	}
	return used > 0 && (size_t)used < len ? 0 : -ENAMETOOLONG;
}

int
vmrun_add_backing(struct domain *d, struct vmmem_backing *b, uint64_t ipa,
    unsigned int perm)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < b->count; i++) {
		rc = vmmem_add(&d->mem, ipa, pa_addr(b->piece[i].pa),
		    b->piece[i].size, perm, b);
		ipa += b->piece[i].size;
	}
	return rc;
}

/* Place a shared region: the backing its group shares. */
static int
vmrun_place_shared(struct hvd *hvd, struct domain *d,
    const struct vmdef_region *r, char *err, size_t len)
{
	struct boardctl *bc = &hvd->bc;
	char key[VMMEM_KEY_MAX];
	struct vmmem_backing *b;
	int rc;

	if ((rc = vmrun_region_key(d, r, key, sizeof(key))) < 0) {
		return rc;
	}
	rc = vmmem_backing_get(&bc->shared, key, r->ipa, r->size, &bc->gm, &b);
	if (rc == -EINVAL) {
		snprintf(err, len, "region '%s' is shared with a VM that "
		    "defines it with another size", r->name);
		return rc;
	}
	if (rc == 0 && (rc = vmrun_add_backing(d, b, r->ipa,
	    vmrun_perm(r->perm))) < 0) {
		vmmem_backing_drop_unused(&bc->shared, b, &bc->gm);
	}
	return rc;
}

/* The message for a placement that found too little board memory. */
static void
vmrun_no_memory(struct hvd *hvd, const char *what, uint64_t size, char *err,
    size_t len)
{
	snprintf(err, len, "not enough free board memory for %s (%" PRIu64
	    " KiB asked, %" PRIu64 " KiB free)", what, size >> 10,
	    guestmem_free_bytes(&hvd->bc.gm) >> 10);
}

int
vmrun_mem_place(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	const struct vmdef_region *r;
	char what[VMDEF_NAME_MAX + 16];
	size_t i;
	int rc;

	rc = vmrun_place_own(hvd, d, VMDEF_RAM_BASE, d->def.memory,
	    ABI_PERM_ALL);
	if (rc < 0) {
		vmrun_no_memory(hvd, "its RAM", d->def.memory, err, len);
		return rc;
	}
	for (i = 0; i < d->def.region_count; i++) {
		r = &d->def.regions[i];
		if (r->mode == VMDEF_MODE_DEMAND) {
			continue;
		}
		err[0] = '\0';
		rc = r->shared_count > 0 ?
		    vmrun_place_shared(hvd, d, r, err, len) :
		    vmrun_place_own(hvd, d, r->ipa, r->size,
		    vmrun_perm(r->perm));
		if (rc < 0) {
			if (err[0] == '\0') {
				snprintf(what, sizeof(what), "region '%s'",
				    r->name);
				vmrun_no_memory(hvd, what, r->size, err, len);
			}
			return rc;
		}
	}
	return 0;
}

/* struct loader_target's writer: guest RAM through the record. */
struct vmrun_writer {
	struct hvd *hvd;
	struct domain *d;
};

static int
vmrun_write(void *ctx, ipa_t ipa, const void *bytes, uint64_t len)
{
	struct vmrun_writer *w = ctx;
	struct board *b = &w->hvd->bc.board;
	uint64_t at = ipa_addr(ipa), pa, avail, n;
	void *ram;
	int rc;

	while (len > 0) {
		if ((rc = vmmem_ipa_to_pa(&w->d->mem, at, &pa, &avail)) < 0) {
			return rc;
		}
		n = avail < len ? avail : len;
		if (bytes != NULL) {
			rc = board_load(b, pa, bytes, n);
			bytes = (const uint8_t *)bytes + n;
		} else if ((ram = board_ram_at(b, pa, n)) != NULL) {
			memset(ram, 0, n);
			rc = 0;
		} else {
			rc = -ERANGE;
		}
		if (rc < 0) {
			return rc;
		}
		at += n;
		len -= n;
	}
	return 0;
}

/* The loader's format of a definition's kernel format. */
static enum loader_format
vmrun_format(enum vmdef_format f)
{
	switch (f) {
	case VMDEF_FORMAT_ELF:
		return LOADER_ELF;
	case VMDEF_FORMAT_IMAGE:
		return LOADER_IMAGE;
	case VMDEF_FORMAT_RAW:
		break;
	}
	return LOADER_RAW;
}

/* Load a file of the definition (@path as written) at @addr or as its
 * format says. */
static int
vmrun_load_file(struct vmrun_writer *w, const char *path,
    enum loader_format format, bool has_addr, uint64_t addr,
    struct loader_result *res, char *err, size_t len)
{
	const struct vmdef *def = &w->d->def;
	const struct loader_target target = {
		ipa_init(VMDEF_RAM_BASE), def->memory, vmrun_write, w,
	};
	char file[4096];
	int rc;

	if ((rc = vmdef_resolve(def, path, file, sizeof(file))) < 0) {
		snprintf(err, len, "%s: path too long", path);
		return rc;
	}
	return loader_load(file, format, has_addr, ipa_init(addr), &target,
	    res, err, len);
}

/* Build and load the device tree of an arm64 Image at @at. */
static int
vmrun_load_dtb(struct vmrun_writer *w, uint64_t at, uint64_t initrd,
    uint64_t initrd_size, char *err, size_t len)
{
	const struct vmdef *def = &w->d->def;
	const struct guestdtb_config cfg = {
		.ram_base = ipa_init(VMDEF_RAM_BASE),
		.ram_size = def->memory,
		.vcpu_count = def->vcpus,
		.cmdline = def->cmdline,
		.initrd_base = ipa_init(initrd),
		.initrd_size = initrd_size,
	};
	_Alignas(8) static uint8_t blob[GUESTDTB_BUF_SIZE];
	int size;

	size = guestdtb_build(&cfg, blob, sizeof(blob));
	if (size < 0) {
		snprintf(err, len, "cannot build the guest's device tree: %s",
		    strerror(-size));
		return size;
	}
	if (at + (uint64_t)size > VMDEF_RAM_BASE + def->memory) {
		snprintf(err, len, "no room for the device tree after the "
		    "images in %" PRIu64 " MiB of RAM", def->memory >> 20);
		return -ERANGE;
	}
	return vmrun_write(w, ipa_init(at), blob, (uint64_t)size);
}

int
vmrun_mem_load(struct hvd *hvd, struct domain *d, struct vmrun_boot *boot,
    char *err, size_t len)
{
	struct vmrun_writer w = { hvd, d };
	const struct vmdef *def = &d->def;
	struct loader_result kernel, initrd = { { 0 }, { 0 }, { 0 } };
	uint64_t next;
	int rc;

	rc = vmrun_load_file(&w, def->kernel_path,
	    vmrun_format(def->kernel_format), def->has_load_address,
	    def->load_address, &kernel, err, len);
	if (rc < 0) {
		return rc;
	}
	next = (ipa_addr(kernel.end) + VMRUN_2M - 1) & ~(VMRUN_2M - 1);
	if (def->initrd_path != NULL) {
		rc = vmrun_load_file(&w, def->initrd_path, LOADER_RAW, true,
		    next, &initrd, err, len);
		next = (ipa_addr(initrd.end) + VMRUN_2M - 1) & ~(VMRUN_2M - 1);
	}
	if (rc < 0) {
		return rc;
	}
	boot->entry = ipa_addr(kernel.entry);
	boot->x0 = def->memory;
	if (def->kernel_format == VMDEF_FORMAT_IMAGE) {
		rc = vmrun_load_dtb(&w, next, ipa_addr(initrd.start),
		    ipa_addr(initrd.end) - ipa_addr(initrd.start), err, len);
		boot->x0 = next;
	}
	return rc;
}

/* Send @count entries as MAP batches. */
static int
vmrun_map_batches(struct hvd *hvd, uint32_t vm, const struct abi_range *e,
    size_t count, char *err, size_t len)
{
	struct board *b = &hvd->bc.board;
	uint32_t n, done;
	int rc;

	while (count > 0) {
		n = count < ABI_BATCH_MAX ? (uint32_t)count : ABI_BATCH_MAX;
		rc = boardctl_check(hvd, board_batch(b, ABI_MSG_MAP, vm, e, n,
		    &done));
		if (rc < 0) {
			snprintf(err, len, "the firmware refused to map "
			    "[0x%" PRIx64 ", 0x%" PRIx64 "): %s",
			    e[done < n ? done : 0].ipa,
			    e[done < n ? done : 0].ipa +
			    e[done < n ? done : 0].size, board_error(b));
			return rc;
		}
		e += n;
		count -= n;
	}
	return 0;
}

int
vmrun_mem_map_all(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	size_t i, n = 0, cap = d->mem.count + d->def.region_count;
	const struct vmdef_region *r;
	struct abi_range *e;
	int rc;

	if ((e = calloc(cap ? cap : 1, sizeof(*e))) == NULL) {
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < d->mem.count; i++) {
		e[n++] = (struct abi_range){ d->mem.map[i].ipa,
		    d->mem.map[i].pa, d->mem.map[i].size,
		    (uint8_t)d->mem.map[i].perm, ABI_MEM_NORMAL_WB,
		    d->mem.map[i].backing != NULL ? ABI_RANGE_SHARED : 0, 0 };
	}
	for (i = 0; i < d->def.region_count; i++) {
		r = &d->def.regions[i];
		if (r->mode == VMDEF_MODE_DEMAND) {
			e[n++] = (struct abi_range){ r->ipa, 0, r->size, 0, 0,
			    ABI_RANGE_DEMAND, 0 };
		}
	}
	rc = vmrun_map_batches(hvd, d->fw_vm, e, n, err, len);
	free(e);
	return rc;
}
