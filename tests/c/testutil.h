/* Small helpers shared by the C tests (test-only; not part of the library). */
#ifndef BIANZHI_TESTUTIL_H
#define BIANZHI_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bianzhi.h>

static int tu_passed = 0;
static int tu_failed = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) {                                                                  \
            tu_passed++;                                                             \
        } else {                                                                     \
            tu_failed++;                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_STATUS(call, want)                                                         \
    do {                                                                                 \
        bz_status got_status_ = (call);                                                  \
        if (got_status_ == (want)) {                                                     \
            tu_passed++;                                                                 \
        } else {                                                                         \
            tu_failed++;                                                                 \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s\n", __FILE__, __LINE__, \
                    #call, bz_status_name((int)got_status_), bz_status_name((int)(want))); \
        }                                                                                \
    } while (0)

/* Reads a whole file; returns NULL if it does not exist. The caller frees. */
static inline char *tu_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)n + 1);
    if (buf == NULL) {
        fclose(f);
        return NULL;
    }
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    buf[n] = '\0';
    fclose(f);
    if (len != NULL) *len = (size_t)n;
    return buf;
}

/* Splits `text` in place into lines (no trailing newline); returns the count. */
static inline size_t tu_lines(char *text, char **lines, size_t max) {
    size_t n = 0;
    char *p = text;
    while (*p != '\0' && n < max) {
        char *nl = strchr(p, '\n');
        lines[n++] = p;
        if (nl == NULL) break;
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

/* Splits a line in place at tabs; returns the field count. */
static inline size_t tu_fields(char *line, char **fields, size_t max) {
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *tab = strchr(p, '\t');
        fields[n++] = p;
        if (tab == NULL) break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* Compares a borrowed C string (NULL = absent) with a TSV cell ("\N" = null). */
static inline int tu_same(const char *got, const char *cell) {
    if (strcmp(cell, "\\N") == 0) return got == NULL;
    return got != NULL && strcmp(got, cell) == 0;
}

static inline int tu_summary(const char *name) {
    printf("%s: %d passed, %d failed\n", name, tu_passed, tu_failed);
    return tu_failed == 0 ? 0 : 1;
}

/* Writes a + b + c to DIR/NAME; returns 1 on success. */
static inline int tu_write_file(const char *dir, const char *name, const char *a, const char *b,
                                const char *c) {
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (f == NULL) return 0;
    fputs(a, f);
    fputs(b, f);
    fputs(c, f);
    return fclose(f) == 0;
}

/* A JSON-in, JSON-out entry point in the shape of bz_assess_json. */
typedef bz_status (*tu_json_fn)(const char *in, size_t len, char **out, size_t *out_len,
                                bz_error **err);

/* The corpus runners' loop: for each case folder DIR, calls `fn` on DIR/input.json (from
 * `cases.py split-*`) and writes DIR/result.json on success or DIR/error.txt (status name,
 * newline, message) on failure, for `cases.py check-*` to compare with the expectations. */
static inline void tu_run_cases(char **dirs, int n, tu_json_fn fn) {
    int i;
    for (i = 0; i < n; i++) {
        char path[4096];
        size_t len = 0, out_len = 0;
        char *input, *out = NULL;
        bz_error *err = NULL;
        bz_status st;
        snprintf(path, sizeof path, "%s/input.json", dirs[i]);
        input = tu_read_file(path, &len);
        CHECK(input != NULL);
        if (input == NULL) continue;
        st = fn(input, len, &out, &out_len, &err);
        if (st == BZ_OK) {
            CHECK(out != NULL && err == NULL && strlen(out) == out_len);
            CHECK(tu_write_file(dirs[i], "result.json", out, "", ""));
        } else {
            CHECK(out == NULL && err != NULL && bz_error_status(err) == st);
            CHECK(tu_write_file(dirs[i], "error.txt", bz_status_name((int)st), "\n",
                                bz_error_message(err)));
        }
        bz_string_free(out);
        bz_error_free(err);
        free(input);
    }
}

#endif
