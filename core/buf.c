/* buf.c: growable buffer (see buf.h for ownership). */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rcb_buf_grow(rcb_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > ((size_t)-1) / 2 - b->len)
		return rcb_error_set(RCB_ENOMEM, "buffer too large");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->ptr, cap);
	if (p == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	b->ptr = p;
	b->cap = cap;
	return 0;
}

void *rcb_array_room(void *v, size_t *cap, size_t n, size_t elem, size_t first)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap : first;
	if (*cap && ncap > ((size_t)-1) / 2)
		ncap = 0;
	else if (*cap)
		ncap *= 2;
	if (ncap == 0 || elem == 0 || ncap > ((size_t)-1) / elem) {
		rcb_error_set(RCB_ENOMEM, "array too large");
		return NULL;
	}
	nv = realloc(v, ncap * elem);
	if (nv == NULL) {
		rcb_error_set(RCB_ENOMEM, "out of memory");
		return NULL;
	}
	*cap = ncap;
	return nv;
}

int rcb_buf_put(rcb_buf *b, const char *data, size_t len)
{
	int rc = rcb_buf_grow(b, len);
	if (rc < 0)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int rcb_buf_puts(rcb_buf *b, const char *s) { return rcb_buf_put(b, s, strlen(s)); }

int rcb_buf_putc(rcb_buf *b, char c) { return rcb_buf_put(b, &c, 1); }

int rcb_buf_vprintf(rcb_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, rc;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return rcb_error_set(RCB_EINVAL, "bad format");
	if ((rc = rcb_buf_grow(b, (size_t)n)) < 0)
		return rc;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int rcb_buf_printf(rcb_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = rcb_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *rcb_buf_cstr(const rcb_buf *b) { return b->ptr ? b->ptr : ""; }

char *rcb_buf_detach(rcb_buf *b)
{
	char *p = b->ptr;
	if (p == NULL)
		p = rcb_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void rcb_buf_clear(rcb_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void rcb_buf_free(rcb_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *rcb_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p == NULL) {
		rcb_error_set(RCB_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(p, s, n);
	return p;
}
