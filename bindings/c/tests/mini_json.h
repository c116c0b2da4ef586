/* A tiny JSON reader for test assertions: validates, and finds values by a dotted path
 * ("session.verification.id", "items.0.state"; numeric segments index arrays). */
#ifndef MINI_JSON_H
#define MINI_JSON_H

/* 1 when `text` is exactly one valid JSON value (surrounding whitespace allowed). */
int json_valid(const char *text);
/* The start of the value at `path` ("" is the whole document), or NULL. */
const char *json_find(const char *text, const char *path);
/* 's' string, 'n' number, 'o' object, 'a' array, 'b' boolean, 'z' null; 0 when missing. */
char json_type(const char *text, const char *path);
/* The decoded string at `path`, malloc'd (free it), or NULL when missing or not a string. */
char *json_string(const char *text, const char *path);
/* 1 when the value at `path` is a string equal to `expected`. */
int json_str_eq(const char *text, const char *path, const char *expected);
/* The integer at `path`, or `dflt`. */
long json_int(const char *text, const char *path, long dflt);
/* 1 true, 0 false, -1 missing or not a boolean. */
int json_bool(const char *text, const char *path);
/* The number of elements of the array at `path`, or -1. */
int json_array_len(const char *text, const char *path);
/* 1 when the array at `path` holds the string `s`. */
int json_array_has(const char *text, const char *path, const char *s);

#endif
