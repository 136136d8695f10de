/*
 * sw_map: a hash map from byte-string keys to `void *` values.
 *
 * Keys are (pointer, length) pairs and may hold any bytes, NUL included;
 * two keys are equal when their lengths and bytes are equal.  The map
 * copies every key it stores, so the caller's key buffer can be reused as
 * soon as a call returns.  Values are stored as given and never touched,
 * except by the free_val callback of sw_map_free().
 *
 * Like struct sw_buf, a map initialised with SW_MAP_INIT (all zero) is
 * empty and valid, allocates nothing until the first insertion, and
 * sw_map_free() returns it to that state.  The fields are private.
 *
 *	struct sw_map m = SW_MAP_INIT;
 *	if (sw_map_put(&m, "t1", 2, state, NULL) < 0)
 *		return -ENOMEM;
 *	state = sw_map_get(&m, "t1", 2);
 *	sw_map_remove(&m, "t1", 2, NULL);
 *	sw_map_free(&m, free);
 *
 * Error convention: only insertion allocates; it returns -ENOMEM and leaves
 * the map unchanged when memory runs out.  Nothing prints or exits.
 */
#ifndef SW_MAP_H
#define SW_MAP_H

#include <stdbool.h>
#include <stddef.h>

struct sw_map_slot;

struct sw_map {
	struct sw_map_slot *slots; /* cap slots, NULL while cap == 0 */
	size_t cap;                /* 0 or a power of two */
	size_t len;                /* live entries */
	size_t tombs;              /* removed slots still in probe chains */
};

#define SW_MAP_INIT { NULL, 0, 0, 0 }

/* One entry as iteration hands it out; key points into the map. */
struct sw_map_entry {
	const void *key;
	size_t klen;
	void *val;
};

/* Number of entries.  Never fails. */
size_t sw_map_len(const struct sw_map *m);

/*
 * Map key[0..klen) to val.  key may be NULL when klen is 0.  If the key is
 * new, a copy of it is stored and 1 is returned.  If it is already there,
 * its value is replaced, the previous value is stored in *old (when old is
 * not NULL) and 0 is returned; this case never allocates and never moves
 * entries, so it is allowed during iteration.  Returns -ENOMEM (map
 * unchanged, *old untouched) if a new key cannot be stored.  Inserting a
 * new key invalidates iteration positions and entry key pointers.
 */
int sw_map_put(struct sw_map *m, const void *key, size_t klen, void *val,
    void **old);

/*
 * Look key up.  Returns true and stores its value in *val (when val is not
 * NULL) if it is present; returns false and leaves *val alone otherwise.
 * Never fails.
 */
bool sw_map_find(const struct sw_map *m, const void *key, size_t klen,
    void **val);

/*
 * The value stored under key, or NULL if there is none.  Shorthand for
 * sw_map_find() when NULL is never stored as a value.
 */
void *sw_map_get(const struct sw_map *m, const void *key, size_t klen);

/*
 * Remove key.  Returns true and stores the removed value in *val (when val
 * is not NULL) if it was present, false otherwise.  The map's copy of the
 * key is freed; the value is not.  Never allocates, never fails, and may be
 * called during iteration (for the entry just returned or any other).
 */
bool sw_map_remove(struct sw_map *m, const void *key, size_t klen,
    void **val);

/*
 * Iterate: start with *pos = 0 and call until it returns false.  Each call
 * fills *e with the next entry (in no particular order) and returns true.
 * Every entry present for the whole iteration is visited exactly once.
 * Allowed meanwhile: sw_map_remove() and sw_map_put() of a key already
 * present; inserting a new key invalidates *pos.
 */
bool sw_map_next(const struct sw_map *m, size_t *pos, struct sw_map_entry *e);

/*
 * Free the map's memory, calling free_val(value) for each entry first when
 * free_val is not NULL.  The map is empty and reusable afterwards.
 */
void sw_map_free(struct sw_map *m, void (*free_val)(void *));

#endif
