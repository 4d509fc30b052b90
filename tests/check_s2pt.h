/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt.h - what the check_s2pt suites share: a table in a recording
 * fake, s2pt calls that are checked by the oracle and s2pt_audit() after
 * each one, and readers of the raw tables.
 */
#ifndef CHECK_S2PT_H
#define CHECK_S2PT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_fake.h"
#include "s2pt_oracle.h"

/*
 * T_CHECK() - ck_assert_msg() for checks made very often: libcheck reports
 * the progress of every ck_assert*() to the parent process, one write each.
 */
#define T_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			ck_abort_msg(__VA_ARGS__); \
		} \
	} while (0)

#define SZ_4K	((uint64_t)1 << 12)
#define SZ_2M	((uint64_t)1 << 21)
#define SZ_1G	((uint64_t)1 << 30)
#define SZ_512G	((uint64_t)1 << 39)

/** struct t_cfg - how to set up a test table (0 fields: defaults). */
struct t_cfg {
	unsigned int ipa_bits;		/* default 40 */
	unsigned int pa_bits;		/* default 0 (48) */
	uint16_t vmid;			/* default 5 */
	unsigned int tlbi_threshold;	/* default 0 (library default) */
	size_t pool_pages;		/* default 4096 */
	uint64_t table_pa;		/* fake PA of table pages, default
					   FAKE_TABLE_PA_BASE */
	bool no_vmid;			/* s2pt_config.vmid NULL (VMID 0) */
	unsigned int deep_every;	/* recount and compare the whole table
					   every n calls (default 1) */
};

/**
 * struct t_env - one table under test.
 * @fake:    its environment (maybe shared with another t_env).
 * @oracle:  the oracle of @fake.
 * @owner:   the t_env that created @fake, or NULL if this one did.
 * @peer:    the other table sharing @fake, if any.
 * @pt:      the table.
 * @vmid:    its VMID context.
 * @vmid_no: the number in @vmid.
 * @cfg:     what it was made with (defaults filled in).
 * @live:    @pt is initialised.
 * @before:  stats before the last checked call.
 * @pages_before: pages the fake had out before the last checked call.
 * @note:    prefixed to failure messages (a random run's seed and step).
 * @calls:   checked calls so far.
 */
struct t_env {
	struct s2pt_fake *fake;
	struct s2pt_oracle *oracle;
	struct t_env *owner;
	struct t_env *peer;
	struct s2pt pt;
	struct vmid_ctx vmid;
	uint16_t vmid_no;
	struct t_cfg cfg;
	bool live;
	struct s2pt_stats before;
	uint64_t pages_before;
	char note[192];
	unsigned long calls;
};

/* check_s2pt.c: environments */
struct t_env *t_env_new(const struct t_cfg *cfg);
struct t_env *t_env_share(struct t_env *other, const struct t_cfg *cfg);
void t_env_free(struct t_env *e);
void t_teardown(void);
int t_init(struct t_env *e);
void t_fini(struct t_env *e);

/* check_s2pt.c: checked calls */
int t_map(struct t_env *e, uint64_t ipa, uint64_t pa, uint64_t size,
    uint8_t perm, uint8_t memtype);
int t_unmap(struct t_env *e, uint64_t ipa, uint64_t size);
int t_protect(struct t_env *e, uint64_t ipa, uint64_t size, uint8_t perm,
    uint8_t memtype);
int t_set_owner(struct t_env *e, uint64_t ipa, uint64_t size, uint8_t from,
    uint8_t to);
int t_collapse(struct t_env *e, uint64_t ipa, uint64_t size);
void t_check_env(struct t_env *e, const char *what);

/* check_s2pt.c: what the last call did */
void t_delta(const struct t_env *e, struct s2pt_stats *d);
size_t t_log_count(const struct t_env *e, enum fake_ev_kind kind);
uint64_t t_log_tlbi_ops(const struct t_env *e);

/* check_s2pt_util.c: raw tables, dumps, environment variables */
const uint64_t *t_table(const struct t_env *e, uint64_t ipa,
    unsigned int level);
uint64_t t_desc(const struct t_env *e, uint64_t ipa, unsigned int level);
size_t t_nonzero(const uint64_t *table, size_t n);
size_t t_root_entries(const struct t_env *e);
unsigned int t_start_level(const struct t_env *e);
uint64_t t_page_desc(uint64_t pa, uint8_t perm, uint8_t memtype,
    unsigned int level);
void t_recount(const struct t_env *e, struct s2pt_stats *st);

struct t_dump {
	struct s2pt_dump_rec *rec;
	size_t n;
	size_t cap;
};
void t_dump_take(const struct t_env *e, uint64_t ipa, uint64_t size,
    struct t_dump *d);
bool t_dump_same(const struct t_dump *a, const struct t_dump *b);
void t_dump_free(struct t_dump *d);

bool t_quick(void);
uint64_t t_env_u64(const char *name, uint64_t dflt);

/* the suites */
Suite *s2pt_suite_geometry(void);
Suite *s2pt_suite_shape_map(void);
Suite *s2pt_suite_shape_unmap(void);
Suite *s2pt_suite_shape_owner(void);
Suite *s2pt_suite_shape_read(void);
Suite *s2pt_suite_bbm(void);
Suite *s2pt_suite_model(void);
Suite *s2pt_suite_alloc(void);

#endif /* CHECK_S2PT_H */
