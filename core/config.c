/* config.c: the per-login config file (config.h, rcb-config(5)).  The
 * file is hostile input like any other: bounded, checked line by line. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "error.h"
#include "fileio.h"
#include "meeting.h"

#define CONFIG_MAX 4096

static int config_dir(rcb_buf *b)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return rcb_buf_printf(b, "%s/rcb", xdg);
	if (home && *home)
		return rcb_buf_printf(b, "%s/.config/rcb", home);
	return rcb_error_set(RCB_EINVAL, "cannot find the config file: set HOME or XDG_CONFIG_HOME");
}

int rcb_config_path(char **out)
{
	rcb_buf b = RCB_BUF_INIT;
	int rc;

	if ((rc = config_dir(&b)) < 0 || (rc = rcb_buf_puts(&b, "/config")) < 0) {
		rcb_buf_free(&b);
		return rc;
	}
	*out = rcb_buf_detach(&b);
	return *out ? 0 : RCB_ENOMEM;
}

/* The value of "user = NAME" in text (the file at path), into buf. */
static int parse_user(const char *path, char *text, char *buf, size_t n)
{
	int line = 0, found = RCB_ENOTFOUND;

	for (char *p = text, *nl; p && *p; p = nl) {
		char *v, *end;
		line++;
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		p += strspn(p, " \t");
		if (*p == '#' || *p == '\0')
			continue;
		if (strncmp(p, "user", 4) != 0 || (v = strchr(p, '=')) == NULL || p[4 + strspn(p + 4, " \t")] != '=')
			return rcb_error_set(RCB_EINVAL, "%s line %d: expected 'user = NAME' or a # comment", path, line);
		v++;
		v += strspn(v, " \t");
		for (end = v + strlen(v); end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'); end--)
			;
		*end = '\0';
		if (rcb_text_check("user", v, 100, 0) < 0) {
			rcb_error_prefix("%s line %d", path, line);
			return RCB_EINVAL;
		}
		snprintf(buf, n, "%s", v);
		found = 0;
	}
	return found;
}

int rcb_config_user_get(char *buf, size_t n)
{
	char *path = NULL, *text = NULL;
	size_t len;
	struct stat sb;
	int rc;

	if ((rc = rcb_config_path(&path)) < 0)
		return rc;
	if (stat(path, &sb) < 0 && errno == ENOENT)
		rc = RCB_ENOTFOUND;
	else if ((rc = rcb_file_read(&text, &len, path, CONFIG_MAX)) == 0)
		rc = parse_user(path, text, buf, n);
	free(text);
	free(path);
	return rc;
}

int rcb_config_user_set(const char *name)
{
	rcb_buf dir = RCB_BUF_INIT, body = RCB_BUF_INIT;
	char *path = NULL;
	int rc;

	if ((rc = rcb_text_check("user", name, 100, 0)) < 0)
		return rc;
	if ((rc = config_dir(&dir)) < 0 || (rc = rcb_config_path(&path)) < 0)
		goto out;
	/* the parent (~/.config) and the directory, private */
	{
		char *slash = strrchr(dir.len ? dir.ptr : "", '/');
		if (slash) {
			*slash = '\0';
			(void)mkdir(dir.ptr, 0700);
			*slash = '/';
		}
		if (mkdir(dir.ptr, 0700) < 0 && errno != EEXIST) {
			rc = rcb_error_set(RCB_EIO, "cannot make %s: %s", dir.ptr, strerror(errno));
			goto out;
		}
	}
	if ((rc = rcb_buf_printf(&body, "# rcb-config(5): written by 'rcb config user'\nuser = %s\n", name)) == 0)
		rc = rcb_file_write_atomic(path, rcb_buf_cstr(&body), body.len);
out:
	free(path);
	rcb_buf_free(&body);
	rcb_buf_free(&dir);
	return rc;
}

int rcb_config_person(char *buf, size_t n)
{
	const char *u = getenv("RCB_USER");

	if (u && *u) {
		snprintf(buf, n, "%s", u);
		return 0;
	}
	return rcb_config_user_get(buf, n);
}
