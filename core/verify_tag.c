/* verify_tag.c: the release's tag (see verify.c for the whole).
 *
 * Parsing raw tag objects, following a tag chain to its commit
 * (resolve_tag), the checks tag-exists, tag-commit, tag-version and
 * tag-moved, the tags of the same shape in the repository (the previous
 * release's, emergency releases') and rcb_verify_tag_peek(). */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include <ctype.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "version.h"

/* Does version v appear in s as a whole (not inside a longer number)?
 * Returns the offset of the last such occurrence or -1. */
long find_version(const char *s, const char *v)
{
	size_t vl = strlen(v), sl = strlen(s);
	long found = -1;
	if (vl == 0 || vl > sl)
		return -1;
	for (size_t i = 0; i + vl <= sl; i++) {
		if (memcmp(s + i, v, vl) != 0)
			continue;
		char before = i ? s[i - 1] : '\0', after = s[i + vl];
		if (isdigit((unsigned char)before) || before == '.')
			continue;
		if (isdigit((unsigned char)after) || (after == '.' && isdigit((unsigned char)s[i + vl + 1])))
			continue;
		found = (long)i;
	}
	return found;
}

int rcb_verify_tag_for_version(char **out, const char *tag, const char *version,
			       const char *new_version)
{
	long at = find_version(tag, version);
	rcb_buf b = RCB_BUF_INIT;
	*out = NULL;
	if (at < 0)
		return rcb_error_set(RCB_ENOTFOUND, "tag '%s' does not contain version %s", tag, version);
	if (rcb_buf_put(&b, tag, (size_t)at) < 0 || rcb_buf_puts(&b, new_version) < 0 ||
	    rcb_buf_puts(&b, tag + at + strlen(version)) < 0) {
		rcb_buf_free(&b);
		return RCB_ENOMEM;
	}
	*out = rcb_buf_detach(&b);
	return 0;
}


int parse_tag(tag_info *ti, const char *d, size_t n)
{
	const char *p = d, *end = d + n, *v, *next;
	size_t vl;

	memset(ti, 0, sizeof *ti);
	if (!(next = header_line(p, end, "object", &v, &vl)) || vl != GIT_OID_HEXSZ ||
	    !is_hex_string(v, vl) || git_oid_fromstrn(&ti->target, v, vl) < 0)
		return -1;
	p = next;
	if (!(next = header_line(p, end, "type", &v, &vl)))
		return -1;
	if (vl == 6 && memcmp(v, "commit", 6) == 0)
		ti->type = GIT_OBJECT_COMMIT;
	else if (vl == 4 && memcmp(v, "tree", 4) == 0)
		ti->type = GIT_OBJECT_TREE;
	else if (vl == 4 && memcmp(v, "blob", 4) == 0)
		ti->type = GIT_OBJECT_BLOB;
	else if (vl == 3 && memcmp(v, "tag", 3) == 0)
		ti->type = GIT_OBJECT_TAG;
	else
		return -1;
	p = next;
	if ((next = header_line(p, end, "tag", &v, &vl)) != NULL) {
		ti->name = v;
		ti->namelen = vl;
		p = next;
	}
	if ((next = header_line(p, end, "tagger", &v, &vl)) != NULL) {
		ti->tagger = v;
		ti->taggerlen = vl;
	}
	return 0;
}

/* Does the tag object name itself `name` (its "tag" header)?  A tag object
 * with no such header names nothing and counts as not. */
int tag_names_itself(const tag_info *ti, const char *name)
{
	return ti->name && ti->namelen == strlen(name) && memcmp(ti->name, name, ti->namelen) == 0;
}

/* "Jane <j@x> on 2024-03-10 14:02:11 +0100" from a raw signature line. */
void put_person(rcb_buf *b, const char *s, size_t len)
{
	char *tmp = malloc(len + 1);
	git_signature *sig = NULL;
	if (!tmp)
		return;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (git_signature_from_buffer(&sig, tmp) == 0) {
		time_t t = (time_t)(sig->when.time + (git_time_t)sig->when.offset * 60);
		struct tm tm;
		char date[64] = "";
		int off = sig->when.offset;
		if (gmtime_r(&t, &tm))
			strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
		rcb_buf_printf(b, "%s <%s> on %s %c%02d%02d", sig->name, sig->email, date,
			       off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
		git_signature_free(sig);
	} else {
		rcb_buf_put(b, s, len);
	}
	free(tmp);
}


#define TAG_MAX_DEPTH 32

void tag_res_free(tag_res *t)
{
	if (t->tagobj)
		git_odb_object_free(t->tagobj);
	rcb_buf_free(&t->why);
}

/* Resolve refs/tags/NAME and follow tag objects to the end. */
int resolve_tag(tag_res *t, git_repository *repo, git_odb *odb, const char *name)
{
	rcb_buf ref = RCB_BUF_INIT;
	git_reference *r = NULL, *res = NULL;
	git_oid cur, seen[TAG_MAX_DEPTH + 1];
	int valid = 0, rc = 0;

	memset(t, 0, sizeof *t);
	if (rcb_buf_printf(&ref, "refs/tags/%s", name) < 0)
		return RCB_ENOMEM;
	if (git_reference_name_is_valid(&valid, ref.ptr) < 0 || !valid) {
		rcb_buf_printf(&t->why, "'%s' is not a valid tag name", name);
		goto out;
	}
	rc = git_reference_lookup(&r, repo, ref.ptr);
	if (rc == GIT_ENOTFOUND) {
		rc = 0;
		goto out;
	}
	if (rc < 0 || (rc = git_reference_resolve(&res, r)) < 0) {
		rcb_buf_printf(&t->why, "cannot read %s: %s", ref.ptr, lg2_msg());
		rc = 0;
		t->exists = 1;
		goto out;
	}
	t->exists = 1;
	git_oid_cpy(&t->ref_oid, git_reference_target(res));
	git_oid_cpy(&cur, &t->ref_oid);
	for (;;) {
		git_odb_object *obj = NULL;
		tag_info ti;
		for (int k = 0; k < t->depth; k++)
			if (git_oid_equal(&seen[k], &cur)) {
				rcb_buf_printf(&t->why, "tag objects form a cycle");
				goto out;
			}
		if (t->depth >= TAG_MAX_DEPTH) {
			rcb_buf_printf(&t->why, "more than %d tags in a chain (a cycle?)", TAG_MAX_DEPTH);
			goto out;
		}
		if (read_obj(&obj, odb, &cur, &t->why) < 0)
			goto out;
		git_object_t ty = git_odb_object_type(obj);
		if (ty != GIT_OBJECT_TAG) {
			t->final_type = ty;
			git_oid_cpy(&t->final_oid, &cur);
			git_odb_object_free(obj);
			break;
		}
		if (parse_tag(&ti, git_odb_object_data(obj), git_odb_object_size(obj)) < 0) {
			char hex[GIT_OID_HEXSZ + 1];
			rcb_buf_printf(&t->why, "tag object %s is malformed", hex_of(hex, sizeof hex, &cur));
			git_odb_object_free(obj);
			goto out;
		}
		git_oid_cpy(&seen[t->depth++], &cur);
		git_oid_cpy(&cur, &ti.target);
		if (!t->tagobj) {
			t->tagobj = obj;
			t->annotated = 1;
		} else {
			git_odb_object_free(obj);
		}
	}
out:
	git_reference_free(res);
	git_reference_free(r);
	rcb_buf_free(&ref);
	return rc;
}

/* An empty repository: not a single reference (HEAD may name any unborn
 * branch, whatever init.defaultBranch was). */
int repo_has_no_refs(git_repository *repo)
{
	git_reference_iterator *it = NULL;
	const char *name;
	int empty;
	if (git_reference_iterator_new(&it, repo) < 0)
		return 0;
	empty = git_reference_next_name(&name, it) == GIT_ITEROVER;
	git_reference_iterator_free(it);
	return empty;
}

/* Tags in the repository that contain the version (a hint when the note's
 * tag is missing). */
void similar_tags(rcb_buf *d, git_repository *repo, const char *version)
{
	git_reference_iterator *it = NULL;
	const char *name;
	int n = 0;
	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") < 0)
		return;
	while (git_reference_next_name(&name, it) == 0) {
		const char *short_name = name + 10;
		if (find_version(short_name, version) < 0)
			continue;
		rcb_buf_printf(d, "%s%s", n ? ", " : "; tags with this version: ", short_name);
		if (++n == 5)
			break;
	}
	git_reference_iterator_free(it);
}

/* Tags of the same shape as tag (tag with another version in place of
 * version), older than version: the newest one into *prev (when prev is
 * not NULL; NULL when none) and the emergency ones into *em / *nem (when em
 * is not NULL; strings owned, free with free_refs()).  Used without a
 * register (RCB_VERIFY_GUESS_PREV, RCB_VERIFY_GUESS_EMERGENCIES). */
void free_refs(rcb_verify_ref *em, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)em[i].version);
		free((char *)em[i].tag);
	}
	free(em);
}

int scan_tag_shapes(git_repository *repo, const char *tag, const char *version, char **prev,
			   rcb_verify_ref **em, size_t *nem)
{
	git_reference_iterator *it = NULL;
	const char *name;
	long at = find_version(tag, version);
	rcb_version cur, best, v;
	int have = 0, rc = 0;
	char best_name[1024];
	size_t cap = 0;

	if (prev)
		*prev = NULL;
	if (em) {
		*em = NULL;
		*nem = 0;
	}
	if (at < 0 || rcb_version_parse(&cur, version) < 0)
		return 0;
	size_t pl = (size_t)at, sl = strlen(tag + at + strlen(version));
	const char *suffix = tag + at + strlen(version);
	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") < 0)
		return 0;
	while (git_reference_next_name(&name, it) == 0) {
		const char *s = name + 10;
		size_t l = strlen(s);
		char mid[64], vb[RCB_VERSION_STRLEN];
		if (l < pl + sl + 7 || memcmp(s, tag, pl) != 0 || memcmp(s + l - sl, suffix, sl) != 0)
			continue;
		if (l - pl - sl >= sizeof mid)
			continue;
		memcpy(mid, s + pl, l - pl - sl);
		mid[l - pl - sl] = '\0';
		if (rcb_version_parse(&v, mid) < 0 || rcb_version_cmp(&v, &cur) >= 0)
			continue;
		if (prev && (!have || rcb_version_cmp(&v, &best) > 0) && l < sizeof best_name) {
			best = v;
			have = 1;
			snprintf(best_name, sizeof best_name, "%s", s);
		}
		if (em && v.part[3] != 0) {
			if (w_grow((void **)em, &cap, *nem + 1, sizeof **em) < 0) {
				rc = RCB_ENOMEM;
				break;
			}
			(*em)[*nem].version = rcb_strdup(rcb_version_format(vb, sizeof vb, &v));
			(*em)[*nem].tag = rcb_strdup(s);
			(*nem)++;
			if (!(*em)[*nem - 1].version || !(*em)[*nem - 1].tag) {
				rc = RCB_ENOMEM;
				break;
			}
		}
	}
	git_reference_iterator_free(it);
	if (rc == 0 && prev && have && !(*prev = rcb_strdup(best_name)))
		rc = RCB_ENOMEM;
	return rc;
}

/* Peel refs/tags/NAME to a commit for history checks.  Returns 0 with *id
 * set, or -1 with why set. */
int tag_commit_of(git_oid *id, git_repository *repo, git_odb *odb, const char *name, rcb_buf *why)
{
	tag_res t;
	int rc = resolve_tag(&t, repo, odb, name);
	if (rc < 0) {
		tag_res_free(&t);
		return rc;
	}
	if (!t.exists)
		rcb_buf_printf(why, "tag %s not in the repository", name);
	else if (t.why.len)
		rcb_buf_printf(why, "tag %s: %s", name, rcb_buf_cstr(&t.why));
	else if (t.final_type != GIT_OBJECT_COMMIT)
		rcb_buf_printf(why, "tag %s points at a %s, not a commit", name, type_name(t.final_type));
	else {
		git_oid_cpy(id, &t.final_oid);
		tag_res_free(&t);
		return 0;
	}
	tag_res_free(&t);
	return -1;
}


void check_commit_id(rcb_verify_result *r, git_odb *odb, const git_oid *commit, const char *given, unsigned flags)
{
	const char *who = (flags & RCB_VERIFY_COMMIT_FROM_REGISTER) ? "the register" : "the note";
	char hex[GIT_OID_HEXSZ + 1];
	const char *g = given;
	size_t gl;
	git_oid want, full;
	int rc;

	hex_of(hex, sizeof hex, commit);
	while (*g == ' ')
		g++;
	gl = strlen(g);
	while (gl && isspace((unsigned char)g[gl - 1]))
		gl--;
	if (gl > GIT_OID_HEXSZ && gl <= 64 && is_hex_string(g, gl)) {
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL,
			  "%s's Commit %.*s is not a SHA-1 id like this repository's; the tag is at %s", who, (int)gl, g, hex);
		return;
	}
	if (gl < 4 || gl > GIT_OID_HEXSZ || !is_hex_string(g, gl)) {
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL,
			  "%s's Commit '%.*s' is not an object id (4 to 40 hex digits); the tag is at %s",
			  who, (int)(gl > 64 ? 64 : gl), g, hex);
		return;
	}
	if (git_oid_fromstrn(&want, g, gl) < 0)
		rc = -1;
	else
		rc = gl == GIT_OID_HEXSZ ? (git_oid_cpy(&full, &want), git_odb_exists(odb, &want) ? 0 : GIT_ENOTFOUND)
					 : git_odb_exists_prefix(&full, odb, &want, gl);
	if (rc == GIT_EAMBIGUOUS)
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL,
			  "%s's Commit %.*s is ambiguous in this repository; the tag is at %s", who, (int)gl, g, hex);
	else if (rc < 0 && strncasecmp(hex, g, gl) != 0)
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL,
			  "the tag is at commit %s, %s says %.*s (not in this repository)", hex, who, (int)gl, g);
	else if (rc < 0)
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "cannot resolve %s's Commit %.*s: %s", who, (int)gl, g,
			  lg2_msg());
	else if (!git_oid_equal(&full, commit)) {
		char fh[GIT_OID_HEXSZ + 1];
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "the tag is at commit %s, %s says %s", hex, who,
			  hex_of(fh, sizeof fh, &full));
	} else
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_PASS, "the tag is at commit %s, as %s says", hex, who);
}

/* tag-moved from the pin (see rcb_verify_input). */
void check_moved(rcb_verify_result *r, const char *pinned_commit, const char *pinned_tag_oid, int can_pin)
{
	int i = RCB_VCHECK_TAG_MOVED, have_commit = r->tag_target[0] != '\0';
	if (!pinned_commit || !*pinned_commit) {
		if (!can_pin)
			set_check(r, i, RCB_CHECK_SKIP, "no register: nothing pinned (verify the release in the register to pin its tag)");
		else if (have_commit)
			set_check(r, i, RCB_CHECK_PASS, "first verification: tag pinned at commit %s", r->tag_target);
		else
			set_check(r, i, RCB_CHECK_SKIP, "nothing to pin: the tag does not point at a commit");
		return;
	}
	if (!have_commit) {
		set_check(r, i, RCB_CHECK_FAIL, "the tag was pinned at commit %s and %s", pinned_commit,
			  r->tag_oid[0] ? "no longer points at a commit" : "no longer exists");
		return;
	}
	if (strcasecmp(pinned_commit, r->tag_target) != 0) {
		set_check(r, i, RCB_CHECK_FAIL, "tag moved: first verified at commit %s, now at commit %s (12.9)",
			  pinned_commit, r->tag_target);
		return;
	}
	if (pinned_tag_oid && *pinned_tag_oid && strcasecmp(pinned_tag_oid, r->tag_oid) != 0) {
		set_check(r, i, RCB_CHECK_WARN,
			  "still at commit %s, but the tag was re-created (tag object %s, first verified as %s)",
			  r->tag_target, r->tag_oid, pinned_tag_oid);
		return;
	}
	set_check(r, i, RCB_CHECK_PASS, "still at commit %s, as first verified", r->tag_target);
}


int rcb_verify_tag_peek(rcb_tag_peek *out, const char *repo_path, const char *tag)
{
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	tag_res tr;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&tr, 0, sizeof tr);
	if (!tag || !*tag)
		return rcb_error_set(RCB_EINVAL, "the release has no tag");
	if ((rc = lg2_init()) < 0 || (rc = open_repo(&repo, repo_path)) < 0)
		return rc;
	if (git_repository_odb(&odb, repo) < 0) {
		rc = rcb_error_set(RCB_EGIT, "%s: cannot open the object database: %s", repo_path, lg2_msg());
		goto out;
	}
	if ((rc = resolve_tag(&tr, repo, odb, tag)) < 0)
		goto out;
	out->found = tr.exists;
	if (tr.exists)
		hex_of(out->tag_oid, sizeof out->tag_oid, &tr.ref_oid);
	if (tr.exists && tr.final_type == GIT_OBJECT_COMMIT)
		hex_of(out->commit, sizeof out->commit, &tr.final_oid);
	else if (tr.exists)
		snprintf(out->why, sizeof out->why, "%s", tr.why.len ? rcb_buf_cstr(&tr.why) : "the tag does not point at a commit");
out:
	tag_res_free(&tr);
	git_odb_free(odb);
	git_repository_free(repo);
	return rc;
}



int rcb_verify_parse_tag(rcb_tag_info *ti, const char *d, size_t n) { return parse_tag(ti, d, n); }

void rcb_verify_put_person(rcb_buf *b, const char *s, size_t len) { put_person(b, s, len); }

/* tag-exists and tag-commit for a tag that is not there: why, or a hint at
 * the tags that contain the version. */
static void report_missing_tag(rcb_verify_result *r, git_repository *repo, const tag_res *tr,
			       const rcb_verify_input *in)
{
	rcb_buf d = RCB_BUF_INIT;
	if (tr->why.len)
		rcb_buf_printf(&d, "%s", rcb_buf_cstr(&tr->why));
	else if (repo_has_no_refs(repo))
		rcb_buf_printf(&d, "no tag %s: the repository is empty (no commits, no tags)", in->tag);
	else {
		rcb_buf_printf(&d, "no tag %s in refs/tags/", in->tag);
		similar_tags(&d, repo, in->version);
	}
	set_check_buf(r, RCB_VCHECK_TAG_EXISTS, RCB_CHECK_FAIL, &d);
	rcb_buf_free(&d);
	set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_SKIP, "no tag");
}

/* tag-exists' detail for a tag that is there, into d ("annotated tag T by
 * Jane <j@x> on ...").  Returns 1 when the tag object names another tag
 * (12.9: the ref was pointed at another release's tag object), else 0. */
static int describe_tag(rcb_buf *d, const tag_res *tr, const rcb_verify_input *in)
{
	int misnamed = 0;
	if (tr->annotated) {
		tag_info ti;
		git_odb_object *o = tr->tagobj;
		parse_tag(&ti, git_odb_object_data(o), git_odb_object_size(o));
		rcb_buf_printf(d, "annotated tag %s", in->tag);
		if (ti.tagger) {
			rcb_buf_puts(d, " by ");
			put_person(d, ti.tagger, ti.taggerlen);
		} else {
			rcb_buf_puts(d, " (no tagger)");
		}
		if (!tag_names_itself(&ti, in->tag)) {
			/* 12.9: the ref was pointed at another release's
			 * tag object (an older signed tag, say) */
			rcb_buf_printf(d, "; but the tag object names itself '%.*s': refs/tags/%s was pointed at another "
				       "tag", (int)(ti.namelen > 200 ? 200 : ti.namelen), ti.name ? ti.name : "", in->tag);
			misnamed = 1;
		}
		if (tr->depth > 1)
			rcb_buf_printf(d, "; it points at another annotated tag (%d tags deep)", tr->depth);
	} else if (tr->why.len && !tr->final_type) {
		/* the ref or its object could not be read: annotated
		 * or lightweight is unknown (a corrupt pack, a ref that
		 * is a symlink to /dev/zero) */
		rcb_buf_printf(d, "tag %s", in->tag);
	} else {
		rcb_buf_printf(d, "lightweight tag %s (no tagger or date)", in->tag);
	}
	return misnamed;
}

/* tag-commit for a tag that ends at a commit: is it readable, and the one
 * the note names?  Sets r->tag_target, *commit_obj (see check_tag) and,
 * when the commit parses, *tree.  Returns 1 when it does, else 0. */
static int check_tag_commit(rcb_verify_result *r, git_odb *odb, const tag_res *tr, const rcb_verify_input *in,
			    git_odb_object **commit_obj, git_oid *tree)
{
	git_odb_object *co = NULL;
	commit_info ci;
	rcb_buf why = RCB_BUF_INIT;
	int commit_ok = 0;
	hex_of(r->tag_target, sizeof r->tag_target, &tr->final_oid);
	if (read_obj(&co, odb, &tr->final_oid, &why) < 0 ||
	    parse_commit(&ci, git_odb_object_data(co), git_odb_object_size(co)) < 0) {
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "the tag's commit %s: %s", r->tag_target,
			  why.len ? rcb_buf_cstr(&why) : "malformed commit");
	} else {
		commit_ok = 1;
		git_oid_cpy(tree, &ci.tree);
		if (in->commit && *in->commit)
			check_commit_id(r, odb, &tr->final_oid, in->commit, in->flags);
		else
			set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_PASS, "the tag is at commit %s (%s)", r->tag_target,
				  (in->flags & RCB_VERIFY_NO_NOTE) ? "no Commit in the register, and no release note"
								   : "the note gives no Commit");
	}
	*commit_obj = co;
	rcb_buf_free(&why);
	return commit_ok;
}

int check_tag(rcb_verify_result *r, git_repository *repo, git_odb *odb, const tag_res *tr,
	      const rcb_verify_input *in, git_odb_object **commit_obj, git_oid *tree)
{
	rcb_buf d = RCB_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int misnamed, commit_ok = 0;
	if (!tr->exists) {
		report_missing_tag(r, repo, tr, in);
		return 0;
	}
	hex_of(r->tag_oid, sizeof r->tag_oid, &tr->ref_oid);
	r->annotated = tr->annotated;
	misnamed = describe_tag(&d, tr, in);
	if (tr->why.len || misnamed) {
		if (tr->why.len)
			rcb_buf_printf(&d, "; %s", rcb_buf_cstr(&tr->why));
		set_check_buf(r, RCB_VCHECK_TAG_EXISTS, RCB_CHECK_FAIL, &d);
	}
	if (tr->why.len) {
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "cannot follow the tag: %s", rcb_buf_cstr(&tr->why));
	} else {
		if (!misnamed)
			set_check_buf(r, RCB_VCHECK_TAG_EXISTS, RCB_CHECK_PASS, &d);
		if (tr->final_type != GIT_OBJECT_COMMIT)
			set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "the tag points at a %s (%s), not a commit",
				  type_name(tr->final_type), hex_of(hex, sizeof hex, &tr->final_oid));
		else
			commit_ok = check_tag_commit(r, odb, tr, in, commit_obj, tree);
	}
	rcb_buf_free(&d);
	return commit_ok;
}
