/* gsslazy.c: GSSAPI loaded when libgit2 first needs it.
 *
 * Linked only into the rcb binary, and only when it links Debian's static
 * libgit2.a (Makefile: GSS_LAZY): that archive calls the eight gss_*
 * functions below, for HTTP "Negotiate" (Kerberos) authentication to a
 * source, and GSSAPI has no archive.  libgit2 calls them only when its
 * caller offers default credentials to a server that asks for Negotiate,
 * and rcb's credential callback never does (tests/cli/sources.sh: such a
 * server is refused, asking for a credential file).  Yet, linked by its
 * soname, libgssapi_krb5.so.2 and the six libraries it needs were loaded
 * and relocated at the start of every rcb process -- each command, the
 * TUI, each worker that execs: 1.0 ms of a 3.0 ms `rcb --version`
 * (hyperfine).
 *
 * These definitions stand in for the library's.  The first call dlopen()s
 * it (once, for every thread: pthread_once) and takes the eight functions
 * from it; each call then goes to the library's own with the same
 * arguments.  The executable does not export these names (no shared
 * library it links refers to them), so the library's calls among its own
 * functions stay its own.  Without the library every call fails as GSSAPI
 * does without a mechanism, GSS_S_UNAVAILABLE, and libgit2 reports that
 * Negotiate cannot be used.
 *
 * GSS_C_NT_HOSTBASED_SERVICE, the one variable libgit2 reads, is RFC 2744's
 * OID 1.2.840.113554.1.2.1.4 here; GSSAPI compares name types by value. */
#include <dlfcn.h>
#include <gssapi/gssapi.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#define GSS_SONAME "libgssapi_krb5.so.2"

static gss_OID_desc hostbased = {10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"};
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostbased;

/* The library's functions, set once by load(); all NULL when it is not
 * there or lacks one. */
static struct {
	OM_uint32 (*delete_sec_context)(OM_uint32 *, gss_ctx_id_t *, gss_buffer_t);
	OM_uint32 (*display_status)(OM_uint32 *, OM_uint32, int, gss_OID, OM_uint32 *, gss_buffer_t);
	OM_uint32 (*import_name)(OM_uint32 *, gss_buffer_t, gss_OID, gss_name_t *);
	OM_uint32 (*indicate_mechs)(OM_uint32 *, gss_OID_set *);
	OM_uint32 (*init_sec_context)(OM_uint32 *, gss_cred_id_t, gss_ctx_id_t *, gss_name_t, gss_OID, OM_uint32,
				      OM_uint32, gss_channel_bindings_t, gss_buffer_t, gss_OID *, gss_buffer_t,
				      OM_uint32 *, OM_uint32 *);
	OM_uint32 (*release_buffer)(OM_uint32 *, gss_buffer_t);
	OM_uint32 (*release_name)(OM_uint32 *, gss_name_t *);
	OM_uint32 (*release_oid_set)(OM_uint32 *, gss_OID_set *);
} lib;
static int loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* *slot (a function pointer) = the library's symbol name; 0, or -1 when
 * it has none.  Its bytes are copied: ISO C has no conversion from
 * dlsym's void *, and POSIX guarantees the representation. */
static int take(void *h, const char *name, void *slot)
{
	void *f = dlsym(h, name);
	if (!f)
		return -1;
	memcpy(slot, &f, sizeof f);
	return 0;
}

static void load(void)
{
	void *h = dlopen(GSS_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;
	if (take(h, "gss_delete_sec_context", &lib.delete_sec_context) < 0 ||
	    take(h, "gss_display_status", &lib.display_status) < 0 ||
	    take(h, "gss_import_name", &lib.import_name) < 0 ||
	    take(h, "gss_indicate_mechs", &lib.indicate_mechs) < 0 ||
	    take(h, "gss_init_sec_context", &lib.init_sec_context) < 0 ||
	    take(h, "gss_release_buffer", &lib.release_buffer) < 0 ||
	    take(h, "gss_release_name", &lib.release_name) < 0 ||
	    take(h, "gss_release_oid_set", &lib.release_oid_set) < 0) {
		dlclose(h);
		return;
	}
	loaded = 1; /* h stays open: the process's GSSAPI from now on */
}

/* 1 when the library's functions are there (loading it on first use);
 * else 0 with *minor cleared, for the caller's GSS_S_UNAVAILABLE. */
static int ready(OM_uint32 *minor)
{
	pthread_once(&once, load);
	if (!loaded && minor)
		*minor = 0;
	return loaded;
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor, gss_ctx_id_t *ctx, gss_buffer_t out)
{
	return ready(minor) ? lib.delete_sec_context(minor, ctx, out) : GSS_S_UNAVAILABLE;
}

OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, gss_OID mech, OM_uint32 *msgctx,
			     gss_buffer_t text)
{
	return ready(minor) ? lib.display_status(minor, status, type, mech, msgctx, text) : GSS_S_UNAVAILABLE;
}

OM_uint32 gss_import_name(OM_uint32 *minor, gss_buffer_t in, gss_OID type, gss_name_t *out)
{
	return ready(minor) ? lib.import_name(minor, in, type, out) : GSS_S_UNAVAILABLE;
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor, gss_OID_set *set)
{
	return ready(minor) ? lib.indicate_mechs(minor, set) : GSS_S_UNAVAILABLE;
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor, gss_cred_id_t cred, gss_ctx_id_t *ctx, gss_name_t target,
			       gss_OID mech, OM_uint32 flags, OM_uint32 time_req, gss_channel_bindings_t cb,
			       gss_buffer_t in, gss_OID *actual, gss_buffer_t out, OM_uint32 *ret_flags,
			       OM_uint32 *time_rec)
{
	if (!ready(minor))
		return GSS_S_UNAVAILABLE;
	return lib.init_sec_context(minor, cred, ctx, target, mech, flags, time_req, cb, in, actual, out, ret_flags,
				    time_rec);
}

OM_uint32 gss_release_buffer(OM_uint32 *minor, gss_buffer_t buf)
{
	return ready(minor) ? lib.release_buffer(minor, buf) : GSS_S_UNAVAILABLE;
}

OM_uint32 gss_release_name(OM_uint32 *minor, gss_name_t *name)
{
	return ready(minor) ? lib.release_name(minor, name) : GSS_S_UNAVAILABLE;
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor, gss_OID_set *set)
{
	return ready(minor) ? lib.release_oid_set(minor, set) : GSS_S_UNAVAILABLE;
}
