/* buf.h: a growable byte buffer, always NUL-terminated when non-empty.
 *
 * Ownership: a rcb_buf owns b->ptr; release it with rcb_buf_free().
 * rcb_buf_detach() hands the string to the caller, who frees it with free(). */
#ifndef RCB_BUF_H
#define RCB_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "error.h"

typedef struct {
	char *ptr;  /* owned; NULL until something is put */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap;
} rcb_buf;

#define RCB_BUF_INIT {NULL, 0, 0}

int rcb_buf_grow(rcb_buf *b, size_t extra);
int rcb_buf_put(rcb_buf *b, const char *data, size_t len);
int rcb_buf_puts(rcb_buf *b, const char *s);
int rcb_buf_putc(rcb_buf *b, char c);
int rcb_buf_printf(rcb_buf *b, const char *fmt, ...) RCB_PRINTF(2, 3);
int rcb_buf_vprintf(rcb_buf *b, const char *fmt, va_list ap);
/* The contents as a C string; "" when empty.  Borrowed. */
const char *rcb_buf_cstr(const rcb_buf *b);
/* Give the string to the caller (free() it); the buffer becomes empty. */
char *rcb_buf_detach(rcb_buf *b);
void rcb_buf_clear(rcb_buf *b);
void rcb_buf_free(rcb_buf *b);

/* Room for one more element in the array v of *cap elements of elem bytes
 * each, n of them used: v itself while n < *cap, else v grown to twice its
 * capacity (first elements when empty) with *cap updated.  NULL, with the
 * error record set (RCB_ENOMEM) and v and *cap unchanged, when it cannot
 * grow.  The caller owns the array before and after:
 *     T *nv = rcb_array_room(a->v, &a->cap, a->n, sizeof *a->v, 16);
 *     if (nv == NULL) return RCB_ENOMEM;
 *     a->v = nv; */
void *rcb_array_room(void *v, size_t *cap, size_t n, size_t elem, size_t first);

/* strdup that sets the error record on failure; caller frees. */
char *rcb_strdup(const char *s);

#endif
