/* config.h: the person using rcb (issue 16): who the chair is, set once
 * with `rcb config user NAME` and kept in a small per-login file,
 * $XDG_CONFIG_HOME/rcb/config or ~/.config/rcb/config (rcb-config(5)),
 * not in the database (a board's database is shared; who sits at this
 * login is not the board's record).  $RCB_USER overrides it. */
#ifndef RCB_CONFIG_H
#define RCB_CONFIG_H

#include <stddef.h>

/* The config file's path into *out (owned, free()).  RCB_EINVAL when
 * neither XDG_CONFIG_HOME (absolute) nor HOME is set. */
int rcb_config_path(char **out);

/* The name set with rcb_config_user_set() into buf (size n): 0, or
 * RCB_ENOTFOUND when none is set (no file, no user line); RCB_EINVAL
 * naming the file and line for a file that is not rcb-config(5). */
int rcb_config_user_get(char *buf, size_t n);

/* Set the person's name (UTF-8, 1..100 bytes, no control characters),
 * writing the file atomically (mode 0600), its directory made if need be. */
int rcb_config_user_set(const char *name);

/* Who the person is, for a new meeting's chair: $RCB_USER, else the name
 * set once, into buf; RCB_ENOTFOUND (never the login name) when neither. */
int rcb_config_person(char *buf, size_t n);

#endif
