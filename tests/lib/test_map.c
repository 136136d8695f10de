/*
 * test_map: unit tests of lib/sw_map, ending with a model-based random
 * test that checks every operation against a naive array of the same keys.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_map.h"
#include "t.h"

/* Values are addresses in this array, so value i is &vals[i]. */
static char vals[1 << 17];
#define V(i) ((void *)&vals[(i)])
#define VI(p) ((long)((char *)(p) - vals))

static void
test_empty(void)
{
	struct sw_map m = SW_MAP_INIT;
	struct sw_map_entry e;
	size_t pos = 0;
	void *v = V(7);

	T_EQ_INT(sw_map_len(&m), 0);
	T_CHECK(!sw_map_find(&m, "a", 1, &v), "found a key in an empty map");
	T_CHECK(v == V(7), "find clobbered *val on a miss");
	T_CHECK(sw_map_get(&m, NULL, 0) == NULL, "get on empty map");
	T_CHECK(!sw_map_remove(&m, "a", 1, NULL), "removed from empty map");
	T_CHECK(!sw_map_next(&m, &pos, &e), "iterated an empty map");
	sw_map_free(&m, NULL);
	sw_map_free(&m, free);
	T_EQ_INT(m.cap, 0);
}

static void
test_put_get_replace(void)
{
	struct sw_map m = SW_MAP_INIT;
	void *old = NULL;

	T_EQ_INT(sw_map_put(&m, "alpha", 5, V(1), &old), 1);
	T_CHECK(old == NULL, "old set on a new key");
	T_EQ_INT(sw_map_put(&m, "beta", 4, V(2), NULL), 1);
	T_EQ_INT(sw_map_len(&m), 2);
	T_EQ_INT(VI(sw_map_get(&m, "alpha", 5)), 1);
	T_EQ_INT(VI(sw_map_get(&m, "beta", 4)), 2);
	T_EQ_INT(sw_map_put(&m, "alpha", 5, V(3), &old), 0);
	T_EQ_INT(VI(old), 1);
	T_EQ_INT(VI(sw_map_get(&m, "alpha", 5)), 3);
	T_EQ_INT(sw_map_len(&m), 2);
	/* NULL is a value like any other; find tells it from absence. */
	T_EQ_INT(sw_map_put(&m, "nul", 3, NULL, NULL), 1);
	old = V(9);
	T_CHECK(sw_map_find(&m, "nul", 3, &old) && old == NULL,
	    "NULL value not found");
	sw_map_free(&m, NULL);
	T_EQ_INT(sw_map_len(&m), 0);
	/* The map is reusable after free. */
	T_EQ_INT(sw_map_put(&m, "alpha", 5, V(4), NULL), 1);
	T_EQ_INT(VI(sw_map_get(&m, "alpha", 5)), 4);
	sw_map_free(&m, NULL);
}

/* Keys are byte strings: NUL, prefixes and the empty key are all distinct. */
static void
test_binary_keys(void)
{
	static const struct {
		const char *k;
		size_t n;
	} keys[] = {
		{ "", 0 }, { "\0", 1 }, { "\0\0", 2 }, { "a", 1 }, { "a\0", 2 },
		{ "a\0b", 3 }, { "a\0c", 3 }, { "ab", 2 }, { "\xff\xfe", 2 },
		{ "\x01" "route\0id", 9 }, { "\0" "route\0id", 9 },
	};
	size_t n = sizeof(keys) / sizeof(keys[0]);
	struct sw_map m = SW_MAP_INIT;

	for (size_t i = 0; i < n; i++)
		T_EQ_INT(sw_map_put(&m, keys[i].k, keys[i].n, V(i), NULL), 1);
	T_EQ_INT(sw_map_len(&m), n);
	for (size_t i = 0; i < n; i++)
		T_EQ_INT(VI(sw_map_get(&m, keys[i].k, keys[i].n)), i);
	T_CHECK(sw_map_get(&m, "a\0d", 3) == NULL, "found an absent key");
	T_CHECK(sw_map_remove(&m, NULL, 0, NULL), "empty key not removed");
	T_CHECK(!sw_map_find(&m, "", 0, NULL), "empty key still there");
	T_EQ_INT(VI(sw_map_get(&m, "\0", 1)), 1);
	sw_map_free(&m, NULL);
}

/* The map keeps its own copy of short (inline) and long (heap) keys. */
static void
test_keys_copied(void)
{
	struct sw_map m = SW_MAP_INIT;
	char buf[200];
	struct sw_map_entry e;
	size_t pos = 0;

	for (size_t len = 0; len <= sizeof buf; len += 8) {
		memset(buf, 'k', sizeof buf);
		buf[0] = (char)len;
		T_EQ_INT(sw_map_put(&m, buf, len, V(len), NULL), 1);
		memset(buf, 'x', sizeof buf);
	}
	for (size_t len = 0; len <= sizeof buf; len += 8) {
		memset(buf, 'k', sizeof buf);
		buf[0] = (char)len;
		T_EQ_INT(VI(sw_map_get(&m, buf, len)), len);
	}
	while (sw_map_next(&m, &pos, &e)) {
		T_EQ_INT(e.klen, VI(e.val));
		if (e.klen > 1)
			T_CHECK(((const char *)e.key)[e.klen - 1] == 'k',
			    "key of length %zu not copied", e.klen);
	}
	sw_map_free(&m, NULL);
}

static void
test_grow_many(void)
{
	struct sw_map m = SW_MAP_INIT;
	char key[32];
	int n = 100000, bad = 0;

	for (int i = 0; i < n; i++) {
		int kl = snprintf(key, sizeof key, "test.%d", i);

		if (sw_map_put(&m, key, (size_t)kl, V(i), NULL) != 1)
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(sw_map_len(&m), n);
	for (int i = 0; i < n; i++) {
		int kl = snprintf(key, sizeof key, "test.%d", i);

		if (VI(sw_map_get(&m, key, (size_t)kl)) != i)
			bad++;
		if (i % 2 == 0 && !sw_map_remove(&m, key, (size_t)kl, NULL))
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(sw_map_len(&m), n / 2);
	for (int i = 0; i < n; i++) {
		int kl = snprintf(key, sizeof key, "test.%d", i);

		if (sw_map_find(&m, key, (size_t)kl, NULL) != (i % 2 == 1))
			bad++;
	}
	T_EQ_INT(bad, 0);
	sw_map_free(&m, NULL);
}

/*
 * The viewer's pattern: a few tests in progress at a time, each inserted
 * then removed, ids never reused.  The table must stay small.
 */
static void
test_churn_stays_small(void)
{
	struct sw_map m = SW_MAP_INIT;
	char key[64];
	size_t maxcap = 0;
	int bad = 0;

	for (int i = 0; i < 200000; i++) {
		/* Long ids too, so heap keys are freed (valgrind checks). */
		int kl = snprintf(key, sizeof key, "%s.%d",
		    i % 3 ? "t" : "tests.unit.test_module.TestClass.test", i);

		if (sw_map_put(&m, key, (size_t)kl, V(i % 1000), NULL) != 1)
			bad++;
		if (i >= 3) {
			kl = snprintf(key, sizeof key, "%s.%d", (i - 3) % 3 ?
			    "t" : "tests.unit.test_module.TestClass.test",
			    i - 3);
			if (!sw_map_remove(&m, key, (size_t)kl, NULL))
				bad++;
		}
		if (m.cap > maxcap)
			maxcap = m.cap;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(sw_map_len(&m), 3);
	T_CHECK(maxcap <= 16, "table grew to %zu slots for 4 live keys",
	    maxcap);
	sw_map_free(&m, NULL);
}

static int freed;

static void
count_free(void *v)
{
	(void)v;
	freed++;
}

static void
test_free_calls_free_val(void)
{
	struct sw_map m = SW_MAP_INIT;
	char key[64];

	for (int i = 0; i < 50; i++) {
		int kl = snprintf(key, sizeof key, "%060d", i);

		sw_map_put(&m, key, (size_t)kl, V(i), NULL);
	}
	sw_map_remove(&m, key, 60, NULL);
	freed = 0;
	sw_map_free(&m, count_free);
	T_EQ_INT(freed, 49);
	T_EQ_INT(sw_map_len(&m), 0);
}

/* Remove while iterating: each entry is seen once, removals stick. */
static void
test_remove_during_iteration(void)
{
	struct sw_map m = SW_MAP_INIT;
	static unsigned char seen[1000];
	struct sw_map_entry e;
	size_t pos = 0;
	char key[16];
	int bad = 0;

	for (int i = 0; i < 1000; i++) {
		int kl = snprintf(key, sizeof key, "%d", i);

		sw_map_put(&m, key, (size_t)kl, V(i), NULL);
	}
	while (sw_map_next(&m, &pos, &e)) {
		long i = VI(e.val);
		char copy[16];

		seen[i]++;
		if (i % 2 == 0) {
			memcpy(copy, e.key, e.klen);
			if (!sw_map_remove(&m, copy, e.klen, NULL))
				bad++;
		} else {
			/* Replacing the value in place is allowed too. */
			if (sw_map_put(&m, e.key, e.klen, V(i), NULL) != 0)
				bad++;
		}
	}
	for (int i = 0; i < 1000; i++)
		if (seen[i] != 1)
			bad++;
	T_EQ_INT(bad, 0);
	T_EQ_INT(sw_map_len(&m), 500);
	sw_map_free(&m, NULL);
}

/* ---- model-based random test ---- */

#define POOL 300
#define KEYMAX 64

struct model_key {
	char k[KEYMAX];
	size_t n;
	int present;
	long val;
};

static struct model_key pool[POOL];
static uint64_t rng;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

/*
 * Distinct keys that stress the comparisons: lengths 0..KEYMAX (both sides
 * of the inline limit), bytes from a tiny alphabet with NUL, so many keys
 * are prefixes of others or differ in one byte.
 */
static void
pool_fill(void)
{
	static const char alpha[] = { 0, 'a', 'b', (char)0xff };
	int n = 0;

	while (n < POOL) {
		struct model_key *k = &pool[n];
		int dup = 0;

		k->n = rnd() % 4 == 0 ? rnd() % (KEYMAX + 1) : rnd() % 4;
		if (rnd() % 8 == 0 && n > 0) {
			/* An earlier key with one byte changed. */
			*k = pool[rnd() % n];
			if (k->n > 0)
				k->k[rnd() % k->n] = alpha[rnd() % 4];
		} else {
			for (size_t i = 0; i < k->n; i++)
				k->k[i] = alpha[rnd() % 4];
		}
		for (int j = 0; j < n && !dup; j++)
			dup = pool[j].n == k->n &&
			    memcmp(pool[j].k, k->k, k->n) == 0;
		if (!dup) {
			k->present = 0;
			n++;
		}
	}
}

/* The whole map against the model, through iteration and lookups. */
static int
model_compare(const struct sw_map *m)
{
	static int seen[POOL];
	struct sw_map_entry e;
	size_t pos = 0, live = 0;
	int bad = 0;

	memset(seen, 0, sizeof seen);
	while (sw_map_next(m, &pos, &e)) {
		long i = VI(e.val) % POOL;

		if (!pool[i].present || pool[i].n != e.klen ||
		    memcmp(pool[i].k, e.key, e.klen) != 0 ||
		    VI(e.val) != pool[i].val)
			bad++;
		seen[i]++;
	}
	for (int i = 0; i < POOL; i++) {
		void *v = NULL;
		bool f = sw_map_find(m, pool[i].k, pool[i].n, &v);

		if (pool[i].present) {
			live++;
			if (seen[i] != 1 || !f || VI(v) != pool[i].val)
				bad++;
		} else if (seen[i] != 0 || f) {
			bad++;
		}
	}
	if (live != sw_map_len(m))
		bad++;
	return bad;
}

static void
model_run(uint64_t seed, long ops)
{
	struct sw_map m = SW_MAP_INIT;
	int bad = 0;

	rng = seed;
	pool_fill();
	for (long op = 0; op < ops && bad == 0; op++) {
		int i = (int)(rnd() % POOL), r = (int)(rnd() % 100);
		struct model_key *k = &pool[i];
		void *v = NULL;

		if (r < 45) {
			/* Value encodes the key index, checked by compare. */
			long val = i + POOL * (long)(rnd() % 400);
			int rc = sw_map_put(&m, k->k, k->n, V(val), &v);

			if (rc != (k->present ? 0 : 1) ||
			    (k->present && VI(v) != k->val))
				bad++;
			k->present = 1;
			k->val = val;
		} else if (r < 75) {
			bool got = sw_map_remove(&m, k->k, k->n, &v);

			if (got != (k->present != 0) ||
			    (got && VI(v) != k->val))
				bad++;
			k->present = 0;
		} else if (r < 99) {
			bool got = sw_map_find(&m, k->k, k->n, &v);

			if (got != (k->present != 0) ||
			    (got && VI(v) != k->val))
				bad++;
		} else if (rnd() % 50 == 0) {
			sw_map_free(&m, NULL);
			for (int j = 0; j < POOL; j++)
				pool[j].present = 0;
		}
		if (op % 97 == 0)
			bad += model_compare(&m);
		if (bad)
			printf("#   seed %llu: mismatch at op %ld\n",
			    (unsigned long long)seed, op);
	}
	bad += model_compare(&m);
	T_EQ_INT(bad, 0);
	sw_map_free(&m, NULL);
}

static void
test_model_random(void)
{
	static const uint64_t seeds[] = { 1, 2, 42, 0x5eed, 20240601,
	    0xdeadbeefcafeULL };

	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++)
		model_run(seeds[s], 60000);
}

int
main(void)
{
	T_RUN(test_empty);
	T_RUN(test_put_get_replace);
	T_RUN(test_binary_keys);
	T_RUN(test_keys_copied);
	T_RUN(test_grow_many);
	T_RUN(test_churn_stays_small);
	T_RUN(test_free_calls_free_val);
	T_RUN(test_remove_during_iteration);
	T_RUN(test_model_random);
	return t_done();
}
