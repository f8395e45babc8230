/* test_export.c: RFC 4180 CSV and JSON encodings (16.2 Exports) and the
 * export of a real register. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "export.h"
#include "register.h"
#include "store.h"
#include "fixture.h"

static const char *csv(const char *s, rcb_buf *b)
{
	rcb_buf_clear(b);
	assert_int_equal(rcb_csv_field(b, s), 0);
	return rcb_buf_cstr(b);
}

static const char *json(const char *s, size_t n, rcb_buf *b)
{
	rcb_buf_clear(b);
	assert_int_equal(rcb_json_string(b, s, n), 0);
	return rcb_buf_cstr(b);
}

/* RFC 4180 2.6: fields with a comma, quote, CR or LF are quoted; 2.7:
 * quotes inside are doubled; nothing else is touched. */
static void test_csv_quotes_only_when_needed(void **state)
{
	rcb_buf b = RCB_BUF_INIT;
	(void)state;
	assert_string_equal(csv("plain text", &b), "plain text");
	assert_string_equal(csv("", &b), "");
	assert_string_equal(csv("a,b", &b), "\"a,b\"");
	assert_string_equal(csv("say \"go\"", &b), "\"say \"\"go\"\"\"");
	assert_string_equal(csv("two\nlines", &b), "\"two\nlines\"");
	assert_string_equal(csv("cr\rhere", &b), "\"cr\rhere\"");
	assert_string_equal(csv("Zürich – ok", &b), "Zürich – ok");
	rcb_buf_free(&b);
}

static void test_json_escapes_controls_and_keeps_utf8(void **state)
{
	rcb_buf b = RCB_BUF_INIT;
	(void)state;
	assert_string_equal(json("plain", 5, &b), "\"plain\"");
	assert_string_equal(json("q\"b\\", 4, &b), "\"q\\\"b\\\\\"");
	assert_string_equal(json("\n\r\t\b\f", 5, &b), "\"\\n\\r\\t\\b\\f\"");
	assert_string_equal(json("\x01\x1b\x7f", 3, &b), "\"\\u0001\\u001b\\u007f\"");
	assert_string_equal(json("a\0b", 3, &b), "\"a\\u0000b\"");
	assert_string_equal(json("Zürich ✓ 😀", strlen("Zürich ✓ 😀"), &b), "\"Zürich ✓ 😀\"");
	/* U+2028 LINE SEPARATOR is escaped for JavaScript's sake. */
	assert_string_equal(json("\xe2\x80\xa8", 3, &b), "\"\\u2028\"");
	rcb_buf_free(&b);
}

static void test_json_replaces_invalid_utf8(void **state)
{
	rcb_buf b = RCB_BUF_INIT;
	(void)state;
	assert_string_equal(json("a\xff" "b", 3, &b), "\"a\\ufffdb\"");
	assert_string_equal(json("\xc3", 1, &b), "\"\\ufffd\"");           /* truncated */
	assert_string_equal(json("\xc0\xaf", 2, &b), "\"\\ufffd\\ufffd\""); /* overlong '/' */
	assert_string_equal(json("\xed\xa0\x80", 3, &b), "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
	rcb_buf_free(&b);
}

/* ------------------------------------------------------ exports of a file */

static int setup(void **state)
{
	rcb_release_spec spec = {"DIP", "1.0.0.0", RCB_MAJOR, "First", "SIT A", "RFC-1", NULL, NULL, NULL, NULL};
	fixture *f = fx_open(FX_NOW);

	fx_add_dip(f);
	assert_int_equal(rcb_release_add(f->st, &spec, NULL), 0);
	/* Titles typed into rcb are one line; text from elsewhere (an
	 * imported note, another tool) may hold anything. */
	fx_sql(f, "UPDATE release SET title = 'First, \"big\"' || char(10) || 'release'");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	return fx_close(*state);
}

static int to_buf(void *ctx, const char *data, size_t len)
{
	return rcb_buf_put(ctx, data, len);
}

static int failing_writer(void *ctx, const char *data, size_t len)
{
	(void)ctx, (void)data, (void)len;
	return rcb_error_set(RCB_EIO, "disk full");
}

static void test_csv_export_has_header_and_crlf(void **state)
{
	fixture *f = *state;
	rcb_buf b = RCB_BUF_INIT;

	assert_int_equal(rcb_export(f->st, "releases", RCB_EXPORT_CSV, to_buf, &b), 0);
	assert_true(strncmp(rcb_buf_cstr(&b), "id,component,version,type,title,", 31) == 0);
	assert_non_null(strstr(rcb_buf_cstr(&b), "\r\n1,DIP,1.0.0.0,Major,\"First, \"\"big\"\"\nrelease\",SIT A,RFC-1,"));
	assert_int_equal(b.ptr[b.len - 2], '\r');
	assert_int_equal(b.ptr[b.len - 1], '\n');
	rcb_buf_free(&b);
}

static void test_json_export_is_array_of_objects(void **state)
{
	fixture *f = *state;
	rcb_buf b = RCB_BUF_INIT;

	assert_int_equal(rcb_export(f->st, "releases", RCB_EXPORT_JSON, to_buf, &b), 0);
	assert_int_equal(b.ptr[0], '[');
	assert_non_null(strstr(rcb_buf_cstr(&b), "{\"id\": 1, \"component\": \"DIP\""));
	assert_non_null(strstr(rcb_buf_cstr(&b), "\"title\": \"First, \\\"big\\\"\\nrelease\""));
	assert_non_null(strstr(rcb_buf_cstr(&b), "\"tag\": null"));
	assert_string_equal(rcb_buf_cstr(&b) + b.len - 4, "}\n]\n");
	rcb_buf_clear(&b);
	assert_int_equal(rcb_export(f->st, "deployments", RCB_EXPORT_JSON, to_buf, &b), 0);
	assert_string_equal(rcb_buf_cstr(&b), "[]\n");
	rcb_buf_free(&b);
}

static void test_export_is_audited(void **state)
{
	fixture *f = *state;
	rcb_buf b = RCB_BUF_INIT;
	sqlite3_stmt *s;

	assert_int_equal(rcb_export(f->st, "actions", RCB_EXPORT_CSV, to_buf, &b), 0);
	assert_int_equal(rcb_store_prepare(f->st, &s, "SELECT detail FROM audit WHERE action = 'export'"), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "actions as csv, 0 rows");
	sqlite3_finalize(s);
	rcb_buf_free(&b);
}

static void test_export_refuses_unknown_table_and_stops_on_writer_error(void **state)
{
	fixture *f = *state;
	rcb_buf b = RCB_BUF_INIT;
	rcb_export_format fmt;

	assert_int_equal(rcb_export(f->st, "audit", RCB_EXPORT_CSV, to_buf, &b), RCB_EINVAL);
	assert_int_equal(b.len, 0);
	assert_int_equal(rcb_export(f->st, "releases", RCB_EXPORT_CSV, failing_writer, NULL), RCB_EIO);
	assert_string_equal(rcb_error_msg(), "disk full");
	assert_int_equal(rcb_export_format_parse(&fmt, "JSON"), 0);
	assert_int_equal(fmt, RCB_EXPORT_JSON);
	assert_int_equal(rcb_export_format_parse(&fmt, "xml"), RCB_EINVAL);
	rcb_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quotes_only_when_needed),
		cmocka_unit_test(test_json_escapes_controls_and_keeps_utf8),
		cmocka_unit_test(test_json_replaces_invalid_utf8),
		cmocka_unit_test_setup_teardown(test_csv_export_has_header_and_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_export_is_array_of_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_is_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_refuses_unknown_table_and_stops_on_writer_error, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
