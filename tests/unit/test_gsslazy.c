/* test_gsslazy.c: core/gsslazy.c, the GSSAPI the rcb binary loads on
 * first use.  Linked with gsslazy.o alone (not with libgssapi_krb5, not
 * with librcb.a): every call here goes through the stand-ins, which must
 * load Debian's library only then and give its answers -- the Kerberos
 * mechanism listed, a host-based service name imported with the OID the
 * stand-in defines, a context refused without credentials with the
 * library's own message.  And the rcb binary itself starts without the
 * library (RCB_BIN, when it is the statically linked one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gssapi/gssapi.h>

/* Whether this process has libgssapi_krb5 mapped (/proc/self/maps). */
static int gss_mapped(void)
{
	char line[4096];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	assert_non_null(f);
	while (!found && fgets(line, sizeof line, f))
		found = strstr(line, "libgssapi_krb5") != NULL;
	fclose(f);
	return found;
}

static int has_oid(const gss_OID_set set, const char *bytes, size_t len)
{
	for (size_t i = 0; i < set->count; i++)
		if (set->elements[i].length == len && memcmp(set->elements[i].elements, bytes, len) == 0)
			return 1;
	return 0;
}

static void test_the_library_is_loaded_on_first_use_and_answers(void **state)
{
	(void)state;
	static const char krb5_mech[] = "\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"; /* 1.2.840.113554.1.2.2 */
	OM_uint32 minor = 77, major;
	gss_OID_set mechs = GSS_C_NO_OID_SET;

	assert_false(gss_mapped());
	major = gss_indicate_mechs(&minor, &mechs);
	assert_int_equal(major, GSS_S_COMPLETE);
	assert_true(gss_mapped());
	assert_non_null(mechs);
	assert_true(has_oid(mechs, krb5_mech, sizeof krb5_mech - 1));
	assert_int_equal(gss_release_oid_set(&minor, &mechs), GSS_S_COMPLETE);
	assert_true(mechs == GSS_C_NO_OID_SET);
}

static void test_a_service_name_imports_with_the_stand_in_oid(void **state)
{
	(void)state;
	char svc[] = "HTTP@localhost";
	gss_buffer_desc in = {sizeof svc - 1, svc};
	gss_name_t name = GSS_C_NO_NAME;
	OM_uint32 minor;

	assert_int_equal(GSS_C_NT_HOSTBASED_SERVICE->length, 10);
	assert_int_equal(gss_import_name(&minor, &in, GSS_C_NT_HOSTBASED_SERVICE, &name), GSS_S_COMPLETE);
	assert_true(name != GSS_C_NO_NAME);
	assert_int_equal(gss_release_name(&minor, &name), GSS_S_COMPLETE);
	assert_true(name == GSS_C_NO_NAME);
}

/* No credentials cache, no configuration: the library refuses the context
 * and its status text says why (every one of the 13 arguments passed). */
static void test_a_context_without_credentials_is_refused_with_the_library_message(void **state)
{
	(void)state;
	char svc[] = "HTTP@localhost";
	gss_buffer_desc in = {sizeof svc - 1, svc}, out = GSS_C_EMPTY_BUFFER, text = GSS_C_EMPTY_BUFFER;
	gss_name_t name = GSS_C_NO_NAME;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	OM_uint32 minor = 0, major, flags = 0, msgctx = 0, st;

	setenv("KRB5CCNAME", "FILE:/nonexistent/rcb-test-ccache", 1);
	setenv("KRB5_CONFIG", "/dev/null", 1);
	assert_int_equal(gss_import_name(&st, &in, GSS_C_NT_HOSTBASED_SERVICE, &name), GSS_S_COMPLETE);
	major = gss_init_sec_context(&minor, GSS_C_NO_CREDENTIAL, &ctx, name, GSS_C_NO_OID, GSS_C_MUTUAL_FLAG, 0,
				     GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER, NULL, &out, &flags, NULL);
	assert_true(GSS_ERROR(major));
	assert_int_equal(gss_display_status(&st, major, GSS_C_GSS_CODE, GSS_C_NO_OID, &msgctx, &text), GSS_S_COMPLETE);
	assert_true(text.length > 0);
	assert_int_equal(gss_release_buffer(&st, &text), GSS_S_COMPLETE);
	assert_int_equal(gss_release_buffer(&st, &out), GSS_S_COMPLETE);
	if (ctx != GSS_C_NO_CONTEXT)
		assert_int_equal(gss_delete_sec_context(&st, &ctx, GSS_C_NO_BUFFER), GSS_S_COMPLETE);
	assert_int_equal(gss_release_name(&st, &name), GSS_S_COMPLETE);
}

/* The rcb binary (statically linked, so with these stand-ins) starts
 * without loading the library: the loader's own list (LD_DEBUG=files). */
static void test_rcb_starts_without_the_library(void **state)
{
	(void)state;
	const char *bin = getenv("RCB_BIN");
	char cmd[4400], line[4096];
	int lines = 0, gss = 0, git2 = 0;
	if (!bin || !*bin || strchr(bin, '\''))
		skip();
	assert_true((size_t)snprintf(cmd, sizeof cmd, "env LD_DEBUG=files '%s' --version 2>&1 >/dev/null", bin) <
		    sizeof cmd);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof line, p)) {
		lines++;
		gss |= strstr(line, "libgssapi_krb5") != NULL;
		git2 |= strstr(line, "libgit2") != NULL;
	}
	assert_int_equal(pclose(p), 0);
	assert_true(lines > 0); /* the loader did list what it loaded */
	if (git2)
		skip(); /* linked with the shared libgit2 (STATIC=0): it needs the library itself */
	assert_false(gss);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_library_is_loaded_on_first_use_and_answers),
		cmocka_unit_test(test_a_service_name_imports_with_the_stand_in_oid),
		cmocka_unit_test(test_a_context_without_credentials_is_refused_with_the_library_message),
		cmocka_unit_test(test_rcb_starts_without_the_library),
	};
	return cmocka_run_group_tests_name("gsslazy", tests, NULL, NULL);
}
