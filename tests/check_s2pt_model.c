/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_model.c - seeded random sequences of s2pt calls checked against
 * the flat model (s2pt_model.h) after every step.
 *
 * The tables have 36-, 32- and 48-bit IPAs (start levels 1, 2 with a
 * concatenated root, and 0); the model covers the top 2 GiB of the IPA
 * space, so ranges running off its end happen naturally.  Most mappings use a "home" PA congruent to the IPA modulo
 * 1 GiB (so blocks of every size and collapses happen, and remaps of the
 * same PA are protects); the others are congruent modulo 2 MiB or 4 KiB
 * only, or overmap other PAs.  About one call in ten is invalid on purpose.
 * Each call is checked by the oracle and s2pt_audit() (t_*()), its return
 * code against the set the model allows, and the table against the model
 * around the call's range (the whole window every 64 steps) plus lookups.
 * One call in eight runs with table allocations failing.
 *
 * HV_TEST_SEED=n runs that seed only, HV_TEST_OPS=n sets the steps per
 * seed, HV_TEST_QUICK=1 shortens the default run (for valgrind).
 */
#include <inttypes.h>
#include <stdio.h>

#include "check_s2pt.h"
#include "s2pt_model.h"

#define WIN_SIZE	(2 * SZ_1G)
#define HOME_PA		((uint64_t)4 << 30)
#define ALT_PA		((uint64_t)8 << 30)
#define FULL_EVERY	64

/** struct shape - a table configuration the random runs use. */
struct shape {
	unsigned int ipa_bits;
	unsigned int pa_bits;
	uint64_t table_pa;
	unsigned int seeds;	/* seeds in a full run */
};

static const struct shape shapes[] = {
	/* start level 1, one root page */
	{ 36, 40, 0, 8 },
	/* start level 2, four concatenated root pages, no 1 GiB blocks */
	{ 32, 40, 0, 3 },
	/* start level 0; table PAs above host VAs (va_minus_pa wraps) */
	{ 48, 48, FAKE_TABLE_PA_HIGH, 3 },
};

struct run {
	const struct shape *sh;
	uint64_t win_base;
	struct t_env *e;
	struct s2pt_model m;
	uint64_t rng;
	uint64_t seed;
	unsigned int step;
	char op[160];
};

static uint64_t
rnd(struct run *r)
{
	/* xorshift64* */
	r->rng ^= r->rng >> 12;
	r->rng ^= r->rng << 25;
	r->rng ^= r->rng >> 27;
	return r->rng * 0x2545f4914f6cdd1dull;
}

static uint64_t
below(struct run *r, uint64_t n)
{
	return rnd(r) % n;
}

/* A valid range inside the window: mostly small, sometimes GiBs. */
static void
pick_range(struct run *r, uint64_t *ipa, uint64_t *size)
{
	unsigned int c = (unsigned int)below(r, 100);
	uint64_t unit = SZ_4K, n, start, end;

	if (c < 55) {
		n = 1 + below(r, 16);
	} else if (c < 75) {
		n = 1 + below(r, 1024);
	} else if (c < 93) {
		unit = SZ_2M;
		n = 1 + below(r, 64);
	} else {
		unit = SZ_1G;
		n = 1 + below(r, 2);
	}
	start = r->win_base + below(r, WIN_SIZE / unit) * unit;
	if (unit > SZ_4K && below(r, 3) == 0) {
		start += below(r, unit / SZ_4K) * SZ_4K;
	}
	end = start + n * unit;
	if (unit > SZ_4K && below(r, 3) == 0) {
		end -= below(r, unit / SZ_4K) * SZ_4K;
	}
	if (end > r->win_base + WIN_SIZE) {
		end = r->win_base + WIN_SIZE;
	}
	if (end <= start) {
		end = start + SZ_4K;
	}
	*ipa = start;
	*size = end - start;
}

static uint64_t
pick_pa(struct run *r, uint64_t ipa)
{
	uint64_t home = HOME_PA + (ipa - r->win_base);

	switch (below(r, 10)) {
	case 7:
		return home + ALT_PA;
	case 8:
		return home + ALT_PA + SZ_2M * (1 + below(r, 511));
	case 9:
		return home + ALT_PA + SZ_4K * (1 + below(r, 511));
	default:
		return home;
	}
}

static struct s2pt_attr
pick_attr(struct run *r)
{
	static const uint8_t perms[] = { S2PT_R, S2PT_R | S2PT_W, S2PT_RWX,
	    S2PT_R | S2PT_X, S2PT_W };
	struct s2pt_attr a;

	a.perm = perms[below(r, 5)];
	a.memtype = below(r, 4) == 0 ? (uint8_t)below(r, 3) : S2PT_NORMAL_WB;
	if (a.memtype == S2PT_DEVICE_nGnRE) {
		a.perm &= (uint8_t)~S2PT_X;
		a.perm = a.perm != 0 ? a.perm : S2PT_R;
	}
	return a;
}

/* Make a valid request invalid in one way. */
static void
spoil(struct run *r, uint64_t *ipa, uint64_t *size, uint64_t *pa,
    struct s2pt_attr *attr)
{
	switch (below(r, 8)) {
	case 0:
		*ipa += 0x800;
		break;
	case 1:
		*size = 0;
		break;
	case 2:
		*size += 0x10;
		break;
	case 3:		/* runs off the end of the IPA space */
		*ipa = r->win_base + WIN_SIZE - SZ_4K * (1 + below(r, 4));
		*size = SZ_4K * (5 + below(r, 600));
		break;
	case 4:
		*ipa = ((uint64_t)1 << r->sh->ipa_bits) + below(r, 4) * SZ_1G;
		break;
	case 5:		/* wraps */
		*size = (uint64_t)0 - *ipa + SZ_4K * below(r, 3);
		break;
	case 6:
		attr->perm = below(r, 2) ? 0 : S2PT_RWX;
		attr->memtype = attr->perm ? S2PT_DEVICE_nGnRE : S2PT_NORMAL_WB;
		break;
	default:
		*pa = ((uint64_t)1 << r->sh->pa_bits) - SZ_4K * below(r, 2);
		*attr = (struct s2pt_attr){ S2PT_R, S2PT_NORMAL_WB };
		break;
	}
}

/* Make call @c on table and model; returns the codes the model allows. */
static uint64_t
call_op(struct run *r, unsigned int c, uint64_t ipa, uint64_t size,
    uint64_t pa, struct s2pt_attr a, int *rc)
{
	uint8_t from, to;

	if (c < 36) {
		snprintf(r->op, sizeof(r->op), "map(%#" PRIx64 ", pa %#" PRIx64
		    ", %#" PRIx64 ", perm %u type %u)", ipa, pa, size, a.perm,
		    a.memtype);
		*rc = t_map(r->e, ipa, pa, size, a.perm, a.memtype);
		return s2pt_model_map(&r->m, ipa, pa, size, a);
	}
	if (c < 54) {
		snprintf(r->op, sizeof(r->op), "unmap(%#" PRIx64 ", %#" PRIx64
		    ")", ipa, size);
		*rc = t_unmap(r->e, ipa, size);
		return s2pt_model_unmap(&r->m, ipa, size);
	}
	if (c < 68) {
		snprintf(r->op, sizeof(r->op), "protect(%#" PRIx64 ", %#" PRIx64
		    ", perm %u type %u)", ipa, size, a.perm, a.memtype);
		*rc = t_protect(r->e, ipa, size, a.perm, a.memtype);
		return s2pt_model_protect(&r->m, ipa, size, a);
	}
	if (c < 86) {
		from = below(r, 4) != 0 && ipa >= r->win_base &&
		    ipa < r->win_base + WIN_SIZE ?
		    s2pt_model_owner(&r->m, ipa) : (uint8_t)below(r, 4);
		to = (uint8_t)below(r, 4);
		snprintf(r->op, sizeof(r->op), "set_owner(%#" PRIx64 ", %#"
		    PRIx64 ", %u -> %u)", ipa, size, from, to);
		*rc = t_set_owner(r->e, ipa, size, from, to);
		return s2pt_model_set_owner(&r->m, ipa, size, from, to);
	}
	snprintf(r->op, sizeof(r->op), "collapse(%#" PRIx64 ", %#" PRIx64 ")",
	    ipa, size);
	*rc = t_collapse(r->e, ipa, size);
	T_CHECK(t_log_count(r->e, FAKE_EV_ALLOC) == 0 &&
	    t_log_count(r->e, FAKE_EV_ALLOC_FAIL) == 0, "%s%s allocated",
	    r->e->note, r->op);
	return s2pt_model_collapse(&r->m, ipa, size);
}

/*
 * One random call on table and model; returns the range it touched.  One
 * call in eight runs with table allocations failing (from a random one
 * on): -ENOMEM must then leave everything as before, so the model's
 * change is taken back and the comparison that follows checks the table.
 */
static void
step_once(struct run *r, uint64_t *ipa, uint64_t *size)
{
	struct s2pt_attr a = pick_attr(r);
	unsigned int c = (unsigned int)below(r, 100);
	uint64_t pa, want, failures = r->e->fake->failures;
	bool inject = below(r, 8) == 0, refused;
	struct s2pt_model_saved sv;
	char buf[64];
	int rc;

	pick_range(r, ipa, size);
	pa = pick_pa(r, *ipa);
	if (below(r, 10) == 0) {
		spoil(r, ipa, size, &pa, &a);
	}
	if (inject) {
		ck_assert_int_eq(s2pt_model_save(&r->m, *ipa, *size, &sv), 0);
		s2pt_fake_fail_after(r->e->fake, (long)below(r, 4),
		    below(r, 2) != 0);
	}
	want = call_op(r, c, *ipa, *size, pa, a, &rc);
	if (inject) {
		s2pt_fake_fail_after(r->e->fake, -1, false);
		refused = rc == -ENOMEM && r->e->fake->failures != failures;
		T_CHECK(!refused || want == MODEL_RC(0), "%s%s returned -ENOMEM,"
		    " the model expects %s", r->e->note, r->op,
		    s2pt_model_rc_str(want, buf, sizeof(buf)));
		s2pt_model_restore(&r->m, &sv, refused);
		if (refused) {
			return;
		}
	}
	T_CHECK(!(want & MODEL_UNMODELLED), "%s%s: outside the model",
	    r->e->note, r->op);
	T_CHECK(s2pt_model_rc_ok(want, rc), "%s%s returned %d, the model"
	    " allows %s", r->e->note, r->op, rc,
	    s2pt_model_rc_str(want, buf, sizeof(buf)));
}

static void
compare(struct run *r, uint64_t ipa, uint64_t size)
{
	char msg[512];

	T_CHECK(s2pt_model_compare(&r->m, &r->e->pt, ipa, size, msg,
	    sizeof(msg)) == 0, "%safter %s: %s", r->e->note, r->op, msg);
}

static void
spot_check(struct run *r, uint64_t ipa, uint64_t size)
{
	char msg[512];
	uint64_t at;
	int i;

	for (i = 0; i < 3; i++) {
		at = i == 0 || ipa < r->win_base || ipa >= r->win_base + WIN_SIZE ||
		    size == 0 || size > WIN_SIZE ?
		    r->win_base + below(r, WIN_SIZE) : ipa + below(r, size);
		if (at >= r->win_base + WIN_SIZE) {
			continue;
		}
		T_CHECK(s2pt_model_spot_check(&r->m, &r->e->pt, at, msg,
		    sizeof(msg)) == 0, "%safter %s: %s", r->e->note, r->op, msg);
	}
}

/* The model of the run in progress, for model_teardown() after a failure. */
static struct s2pt_model *model_live;

static void
model_teardown(void)
{
	if (model_live != NULL) {
		s2pt_model_fini(model_live);
		model_live = NULL;
	}
	t_teardown();
}

static void
run_seed(const struct shape *sh, uint64_t seed, unsigned int steps)
{
	struct run r = { .sh = sh, .seed = seed,
	    .rng = seed * 0x9e3779b97f4a7c15ull + 1 };
	uint64_t ipa, size, lo, hi;

	r.win_base = ((uint64_t)1 << sh->ipa_bits) - WIN_SIZE;
	r.e = t_env_new(&(struct t_cfg){ .ipa_bits = sh->ipa_bits,
	    .pa_bits = sh->pa_bits, .pool_pages = 8192,
	    .table_pa = sh->table_pa, .deep_every = FULL_EVERY });
	ck_assert_int_eq(s2pt_model_init(&r.m, r.win_base, WIN_SIZE,
	    sh->ipa_bits, sh->pa_bits), 0);
	model_live = &r.m;
	for (r.step = 0; r.step < steps; r.step++) {
		snprintf(r.e->note, sizeof(r.e->note), "%u-bit IPA seed %"
		    PRIu64 " step %u: ", sh->ipa_bits, seed, r.step);
		step_once(&r, &ipa, &size);
		lo = ipa & ~(SZ_2M - 1);
		hi = ipa + size < ipa ? ~(uint64_t)0 :
		    ((ipa + size + SZ_2M - 1) & ~(SZ_2M - 1));
		compare(&r, lo, hi > lo ? hi - lo : 0);
		spot_check(&r, ipa, size);
		if (r.step % FULL_EVERY == 0) {
			compare(&r, r.win_base, WIN_SIZE);
		}
	}
	compare(&r, r.win_base, WIN_SIZE);
	r.e->note[0] = '\0';
	model_live = NULL;
	s2pt_model_fini(&r.m);
	t_env_free(r.e);
}

START_TEST(model_random_sequences_match_the_model)
{
	const struct shape *sh = &shapes[_i];
	uint64_t seed = t_env_u64("HV_TEST_SEED", 0);
	unsigned int seeds = t_quick() ? 1 : sh->seeds, i;
	unsigned int steps = (unsigned int)t_env_u64("HV_TEST_OPS",
	    t_quick() ? 300 : 2000);

	if (seed != 0) {
		run_seed(sh, seed, steps);
		return;
	}
	for (i = 1; i <= seeds; i++) {
		run_seed(sh, i, steps);
	}
}
END_TEST

/**
 * s2pt_suite_model() - the model-based random suite.
 *
 * Return: the suite.
 */
Suite *
s2pt_suite_model(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("random");

	tcase_add_loop_test(tc, model_random_sequences_match_the_model, 0,
	    (int)(sizeof(shapes) / sizeof(shapes[0])));
	tcase_set_timeout(tc, 600);
	tcase_add_checked_fixture(tc, NULL, model_teardown);
	suite_add_tcase(s, tc);
	return s;
}
