/*
 * sw_map: open-addressing hash map with linear probing.
 *
 * Workload assumed: the viewer (and later the wrapper) keeps one entry per
 * test in progress, keyed by route code + test id.  A stream of 200,000
 * tests is mostly "insert at inprogress, look up and remove at the final
 * status", with only a handful of entries live at once, and many streams
 * carry final statuses with no inprogress at all, i.e. lookups in an empty
 * map.  Test ids are typically 10-40 bytes.  So:
 *
 *  - keys up to SW_MAP_INLINE bytes live inside the slot, so the common
 *    insert/remove cycle allocates nothing once the table exists;
 *  - a lookup in an empty map returns before hashing;
 *  - removal leaves a tombstone only when the probe chain needs one (the
 *    next slot is in use), and clears the tombstones that become useless,
 *    so insert/remove churn does not fill the table with tombstones;
 *  - the table is rebuilt (grown, or cleaned at the same size) when live
 *    entries plus tombstones would pass 3/4 of it, and shrinks at a
 *    rebuild when few entries are left, so its size follows the peak of
 *    tests in progress, not the length of the stream.
 *
 * The hash is unkeyed (see map_hash): no adversary worth a keyed hash, a
 * hostile stream can only slow its own viewer down.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sw_map.h"

#define SW_MAP_INLINE 40       /* keys up to this size are not allocated */
#define SW_MAP_MIN_CAP 16

/* Slot states, stored in the hash field; real hashes are mapped to >= 2. */
#define SLOT_EMPTY 0
#define SLOT_TOMB 1

struct sw_map_slot {
	uint64_t hash;               /* SLOT_EMPTY, SLOT_TOMB or key hash */
	size_t klen;
	void *val;
	union {
		char *heap;          /* klen > SW_MAP_INLINE */
		char inl[SW_MAP_INLINE];
	} key;
};

static uint64_t
rotl64(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

/*
 * FxHash-style: one multiply per 8 bytes (test ids are 10-100 bytes, and
 * FNV's multiply per byte was a quarter of the viewer's time), then
 * MurmurHash3's finaliser so the low bits the table uses are well mixed.
 * The length seeds it, so "ab" and "ab\0" differ.
 */
static uint64_t
map_hash(const void *key, size_t klen)
{
	const uint64_t k = 0x517cc1b727220a95u;
	const unsigned char *p = key;
	uint64_t h = (uint64_t)klen * 0x9e3779b97f4a7c15u, w;

	for (; klen >= 8; p += 8, klen -= 8) {
		memcpy(&w, p, 8);
		h = (rotl64(h, 5) ^ w) * k;
	}
	if (klen > 0) {
		w = 0;
		memcpy(&w, p, klen);
		h = (rotl64(h, 5) ^ w) * k;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h < 2 ? h + 2 : h;
}

static const char *
slot_key(const struct sw_map_slot *s)
{
	return s->klen > SW_MAP_INLINE ? s->key.heap : s->key.inl;
}

static bool
slot_is(const struct sw_map_slot *s, uint64_t h, const void *key,
    size_t klen)
{
	if (s->hash != h || s->klen != klen)
		return false;
	return klen == 0 || memcmp(slot_key(s), key, klen) == 0;
}

/*
 * Probe for key.  Returns the slot holding it, or NULL; in that case
 * *freep (if not NULL) gets the slot a new entry should take: the first
 * tombstone of the chain, else the empty slot that ended it.
 */
static struct sw_map_slot *
map_probe(const struct sw_map *m, uint64_t h, const void *key, size_t klen,
    struct sw_map_slot **freep)
{
	size_t mask = m->cap - 1;
	struct sw_map_slot *tomb = NULL;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct sw_map_slot *s = &m->slots[i];

		if (s->hash == SLOT_EMPTY) {
			if (freep != NULL)
				*freep = tomb != NULL ? tomb : s;
			return NULL;
		}
		if (s->hash == SLOT_TOMB) {
			if (tomb == NULL)
				tomb = s;
		} else if (slot_is(s, h, key, klen)) {
			return s;
		}
	}
}

/* Smallest power-of-two table that holds n entries at most half full. */
static size_t
map_cap_for(size_t n)
{
	size_t cap = SW_MAP_MIN_CAP;

	while (cap / 2 < n) {
		if (cap > SIZE_MAX / 2 / sizeof(struct sw_map_slot))
			return 0;
		cap *= 2;
	}
	return cap;
}

/* Move every live entry into a new table of ncap slots (no tombstones). */
static int
map_rebuild(struct sw_map *m, size_t ncap)
{
	struct sw_map_slot *ns;

	if (ncap == 0 || (ns = calloc(ncap, sizeof(*ns))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		struct sw_map_slot *s = &m->slots[i];
		size_t j;

		if (s->hash < 2)
			continue;
		for (j = s->hash & (ncap - 1); ns[j].hash != SLOT_EMPTY;
		    j = (j + 1) & (ncap - 1))
			;
		ns[j] = *s;
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	m->tombs = 0;
	return 0;
}

size_t
sw_map_len(const struct sw_map *m)
{
	return m->len;
}

int
sw_map_put(struct sw_map *m, const void *key, size_t klen, void *val,
    void **old)
{
	uint64_t h = map_hash(key, klen);
	struct sw_map_slot *s = NULL, *dst = NULL;
	char *copy = NULL;
	int rc;

	if (m->cap != 0 && (s = map_probe(m, h, key, klen, &dst)) != NULL) {
		if (old != NULL)
			*old = s->val;
		s->val = val;
		return 0;
	}
	if (klen > SW_MAP_INLINE) {
		if ((copy = malloc(klen)) == NULL)
			return -ENOMEM;
		memcpy(copy, key, klen);
	}
	/* A tombstone is reused as is; only an empty slot adds to the load. */
	if (dst == NULL || (dst->hash == SLOT_EMPTY &&
	    (m->len + m->tombs + 1) * 4 > m->cap * 3)) {
		if ((rc = map_rebuild(m, map_cap_for(m->len + 1))) < 0) {
			free(copy);
			return rc;
		}
		map_probe(m, h, key, klen, &dst);
	}
	if (dst->hash == SLOT_TOMB)
		m->tombs--;
	dst->hash = h;
	dst->klen = klen;
	dst->val = val;
	if (copy != NULL)
		dst->key.heap = copy;
	else if (klen != 0)
		memcpy(dst->key.inl, key, klen);
	m->len++;
	return 1;
}

bool
sw_map_find(const struct sw_map *m, const void *key, size_t klen,
    void **val)
{
	struct sw_map_slot *s;

	if (m->len == 0)
		return false;
	s = map_probe(m, map_hash(key, klen), key, klen, NULL);
	if (s == NULL)
		return false;
	if (val != NULL)
		*val = s->val;
	return true;
}

void *
sw_map_get(const struct sw_map *m, const void *key, size_t klen)
{
	void *val = NULL;

	sw_map_find(m, key, klen, &val);
	return val;
}

bool
sw_map_remove(struct sw_map *m, const void *key, size_t klen, void **val)
{
	size_t mask = m->cap - 1, i;
	struct sw_map_slot *s;

	if (m->len == 0)
		return false;
	s = map_probe(m, map_hash(key, klen), key, klen, NULL);
	if (s == NULL)
		return false;
	if (val != NULL)
		*val = s->val;
	if (s->klen > SW_MAP_INLINE)
		free(s->key.heap);
	m->len--;
	i = (size_t)(s - m->slots);
	if (m->slots[(i + 1) & mask].hash != SLOT_EMPTY) {
		/* Keys further down the chain still need to probe past it. */
		s->hash = SLOT_TOMB;
		m->tombs++;
		return true;
	}
	/*
	 * The chain ends right after this slot, so no key sits behind it:
	 * it and the tombstones just before it are needed by nobody.
	 */
	s->hash = SLOT_EMPTY;
	for (i = (i - 1) & mask; m->slots[i].hash == SLOT_TOMB;
	    i = (i - 1) & mask) {
		m->slots[i].hash = SLOT_EMPTY;
		m->tombs--;
	}
	return true;
}

bool
sw_map_next(const struct sw_map *m, size_t *pos, struct sw_map_entry *e)
{
	while (*pos < m->cap) {
		const struct sw_map_slot *s = &m->slots[(*pos)++];

		if (s->hash < 2)
			continue;
		e->key = slot_key(s);
		e->klen = s->klen;
		e->val = s->val;
		return true;
	}
	return false;
}

void
sw_map_free(struct sw_map *m, void (*free_val)(void *))
{
	for (size_t i = 0; i < m->cap; i++) {
		struct sw_map_slot *s = &m->slots[i];

		if (s->hash < 2)
			continue;
		if (free_val != NULL)
			free_val(s->val);
		if (s->klen > SW_MAP_INLINE)
			free(s->key.heap);
	}
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = m->tombs = 0;
}
