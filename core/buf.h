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

/* strdup that sets the error record on failure; caller frees. */
char *rcb_strdup(const char *s);

#endif
