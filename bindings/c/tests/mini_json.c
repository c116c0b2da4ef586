#define _POSIX_C_SOURCE 200809L
#include "mini_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *ws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Skips a string starting at its opening quote; returns the position after it, or NULL. */
static const char *skip_string(const char *p) {
    if (*p != '"') return NULL;
    p++;
    while (*p != '"') {
        if (*p == '\0' || (unsigned char)*p < 0x20) return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (hexval(p[i]) < 0) return NULL;
                p += 5;
                continue;
            }
            if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0') return NULL;
        }
        p++;
    }
    return p + 1;
}

static const char *skip_number(const char *p) {
    const char *start = p;
    if (*p == '-') p++;
    if (*p < '0' || *p > '9') return NULL;
    while (*p >= '0' && *p <= '9') p++;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9') return NULL;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (*p < '0' || *p > '9') return NULL;
        while (*p >= '0' && *p <= '9') p++;
    }
    return p > start ? p : NULL;
}

static const char *skip_value(const char *p, int depth) {
    if (depth > 200) return NULL;
    p = ws(p);
    switch (*p) {
    case '"':
        return skip_string(p);
    case '{':
        p = ws(p + 1);
        if (*p == '}') return p + 1;
        for (;;) {
            p = skip_string(ws(p));
            if (p == NULL) return NULL;
            p = ws(p);
            if (*p != ':') return NULL;
            p = skip_value(p + 1, depth + 1);
            if (p == NULL) return NULL;
            p = ws(p);
            if (*p == '}') return p + 1;
            if (*p != ',') return NULL;
            p++;
        }
    case '[':
        p = ws(p + 1);
        if (*p == ']') return p + 1;
        for (;;) {
            p = skip_value(p, depth + 1);
            if (p == NULL) return NULL;
            p = ws(p);
            if (*p == ']') return p + 1;
            if (*p != ',') return NULL;
            p++;
        }
    case 't':
        return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f':
        return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n':
        return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
    default:
        return skip_number(p);
    }
}

int json_valid(const char *text) {
    if (text == NULL) return 0;
    const char *end = skip_value(text, 0);
    return end != NULL && *ws(end) == '\0';
}

/* Compares the raw JSON string at p (no escapes expected in keys) with key[0..klen). */
static int key_is(const char *p, const char *key, size_t klen) {
    return *p == '"' && strncmp(p + 1, key, klen) == 0 && p[1 + klen] == '"';
}

const char *json_find(const char *text, const char *path) {
    if (text == NULL || path == NULL || !json_valid(text)) return NULL;
    const char *p = ws(text);
    while (*path != '\0') {
        size_t seglen = strcspn(path, ".");
        if (*p == '{') {
            const char *found = NULL;
            p = ws(p + 1);
            while (*p != '}') {
                const char *k = ws(p);
                const char *v = ws(skip_string(k));
                v = ws(v + 1); /* past ':' */
                if (key_is(k, path, seglen)) found = v; /* the last duplicate wins, as in serde */
                p = ws(skip_value(v, 0));
                if (*p == ',') p++;
            }
            if (found == NULL) return NULL;
            p = found;
        } else if (*p == '[') {
            char *endnum;
            long idx = strtol(path, &endnum, 10);
            if (endnum != path + seglen || idx < 0) return NULL;
            p = ws(p + 1);
            if (*p == ']') return NULL;
            for (long i = 0; i < idx; i++) {
                p = ws(skip_value(p, 0));
                if (*p != ',') return NULL;
                p = ws(p + 1);
            }
        } else {
            return NULL;
        }
        path += seglen;
        if (*path == '.') path++;
    }
    return p;
}

char json_type(const char *text, const char *path) {
    const char *v = json_find(text, path);
    if (v == NULL) return 0;
    switch (*v) {
    case '"': return 's';
    case '{': return 'o';
    case '[': return 'a';
    case 't':
    case 'f': return 'b';
    case 'n': return 'z';
    default: return 'n';
    }
}

static void put_utf8(char **o, unsigned long cp) {
    unsigned char *u = (unsigned char *)*o;
    if (cp < 0x80) {
        *u++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *u++ = (unsigned char)(0xC0 | (cp >> 6));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *u++ = (unsigned char)(0xE0 | (cp >> 12));
        *u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *u++ = (unsigned char)(0xF0 | (cp >> 18));
        *u++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *u++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    *o = (char *)u;
}

char *json_string(const char *text, const char *path) {
    const char *v = json_find(text, path);
    if (v == NULL || *v != '"') return NULL;
    const char *end = skip_string(v);
    char *out = malloc((size_t)(end - v) + 1);
    if (out == NULL) return NULL;
    char *o = out;
    for (const char *p = v + 1; p < end - 1; p++) {
        if (*p != '\\') {
            *o++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned long cp = 0;
            for (int i = 1; i <= 4; i++) cp = cp * 16 + (unsigned long)hexval(p[i]);
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
                unsigned long lo = 0;
                for (int i = 3; i <= 6; i++) lo = lo * 16 + (unsigned long)(hexval(p[i]) & 0xF);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            put_utf8(&o, cp);
            break;
        }
        default: *o++ = *p; break;
        }
    }
    *o = '\0';
    return out;
}

int json_str_eq(const char *text, const char *path, const char *expected) {
    char *s = json_string(text, path);
    int eq = s != NULL && strcmp(s, expected) == 0;
    free(s);
    return eq;
}

long json_int(const char *text, const char *path, long dflt) {
    const char *v = json_find(text, path);
    if (v == NULL || (*v != '-' && (*v < '0' || *v > '9'))) return dflt;
    return strtol(v, NULL, 10);
}

int json_bool(const char *text, const char *path) {
    const char *v = json_find(text, path);
    if (v == NULL) return -1;
    if (strncmp(v, "true", 4) == 0) return 1;
    if (strncmp(v, "false", 5) == 0) return 0;
    return -1;
}

int json_array_len(const char *text, const char *path) {
    const char *p = json_find(text, path);
    if (p == NULL || *p != '[') return -1;
    p = ws(p + 1);
    if (*p == ']') return 0;
    int n = 0;
    for (;;) {
        n++;
        p = ws(skip_value(p, 0));
        if (*p != ',') return n;
        p++;
    }
}

int json_array_has(const char *text, const char *path, const char *s) {
    int n = json_array_len(text, path);
    size_t plen = strlen(path);
    char *sub = malloc(plen + 24);
    if (sub == NULL) return 0;
    int found = 0;
    for (int i = 0; i < n && !found; i++) {
        if (plen > 0)
            sprintf(sub, "%s.%d", path, i);
        else
            sprintf(sub, "%d", i);
        found = json_str_eq(text, sub, s);
    }
    free(sub);
    return found;
}
