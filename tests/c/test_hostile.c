/* Hostile input through the C API: every call returns a status (and an error message) or a
 * report; nothing crashes, leaks (run under ASan/LSan or valgrind) or hangs.
 * Mirrors crates/bianzhi/tests/hostile.rs with smaller sizes.
 * Build: cc -std=c99 tests/c/test_hostile.c -Iinclude -Ltarget/debug -lbianzhi -pthread */
#include <bianzhi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(c)                                                        \
    do {                                                                \
        if (!(c)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                 \
        }                                                               \
    } while (0)

/* Loads and validates; returns the status of the load (the report is freed). */
static bz_status load(const char *buf, size_t len, size_t *violations) {
    bz_dataset *ds = NULL;
    bz_error *err = NULL;
    bz_status st = bz_dataset_from_json(buf, len, &ds, &err);
    if (st != BZ_OK) {
        CHECK(err != NULL && bz_error_message(err) != NULL && bz_error_message(err)[0] != 0);
        bz_error_free(err);
        return st;
    }
    bz_report *r = NULL;
    bz_status vs = bz_validate(ds, "2026-06-30", &r, &err);
    CHECK(vs == BZ_OK);
    if (vs == BZ_OK) {
        if (violations) *violations = bz_report_violation_count(r);
        char *json = NULL;
        size_t jl = 0;
        CHECK(bz_report_to_json(r, &json, &jl) == BZ_OK && json != NULL);
        bz_string_free(json);
        bz_report_free(r);
    } else {
        bz_error_free(err);
    }
    bz_dataset_free(ds);
    return st;
}

static char *repeat_doc(const char *head, const char *item, size_t n, const char *sep,
                        const char *tail, size_t *len) {
    size_t hl = strlen(head), il = strlen(item), sl = strlen(sep), tl = strlen(tail);
    char *buf = malloc(hl + n * (il + sl) + tl + 1);
    char *p = buf;
    memcpy(p, head, hl); p += hl;
    for (size_t i = 0; i < n; i++) {
        if (i) { memcpy(p, sep, sl); p += sl; }
        memcpy(p, item, il); p += il;
    }
    memcpy(p, tail, tl); p += tl;
    *p = 0;
    *len = (size_t)(p - buf);
    return buf;
}

int main(void) {
    size_t len, nv = 0;
    /* Deep nesting: a record 10,000 deep is one INVALID_RECORD; a document is an error. */
    char *open = repeat_doc("{\"units\":[],\"staff\":[", "[", 10000, "", "", &len);
    char *deep = repeat_doc(open, "]", 10000, "", "]}", &len);
    CHECK(load(deep, len, &nv) == BZ_OK && nv == 1);
    free(open); free(deep);
    open = repeat_doc("", "[", 10000, "", "", &len);
    deep = repeat_doc(open, "]", 10000, "", "", &len);
    CHECK(load(deep, len, NULL) != BZ_OK);
    free(open); free(deep);

    /* Invalid UTF-8, embedded NUL (len counts it), empty input. */
    CHECK(load("{\"units\":[],\"staff\":[]}\xe7\xbc", 25, NULL) != BZ_OK);
    CHECK(load("{\"units\":[],\0\"staff\":[]}", 24, NULL) != BZ_OK);
    CHECK(load("", 0, NULL) != BZ_OK);

    /* Lone surrogate, 2^64 quota, a category given twice: one finding each. */
    const char *odd = "{\"units\":[{\"id\":\"U2\",\"name\":\"x\",\"kind\":\"organ\","
                      "\"quotas\":{\"administrative\":18446744073709551616}},"
                      "{\"id\":\"U3\",\"name\":\"x\",\"kind\":\"organ\","
                      "\"quotas\":{\"administrative\":1,\"administrative\":2}}],"
                      "\"staff\":[{\"id\":\"S1\",\"name\":\"\\ud800\",\"unit\":\"U1\"}]}";
    nv = 0;
    CHECK(load(odd, strlen(odd), &nv) == BZ_OK && nv == 3);

    /* 100,000 identical staff records: linear (one DUPLICATE_ID per later copy + …). */
    const char *rec = "{\"id\":\"S1\",\"name\":\"x\",\"unit\":\"U1\",\"establishment\":\"administrative\"}";
    char *mass = repeat_doc("{\"units\":[{\"id\":\"U1\",\"name\":\"x\",\"kind\":\"organ\"}],\"staff\":[",
                            rec, 100000, ",", "]}", &len);
    nv = 0;
    CHECK(load(mass, len, &nv) == BZ_OK && nv >= 99999);
    free(mass);

    /* NaN and huge scores in assessment input. */
    const char *scores[] = {"NaN", "Infinity", "1e400", "-1e400"};
    for (size_t i = 0; i < 4; i++) {
        char doc[256];
        int n = snprintf(doc, sizeof doc,
                         "{\"scheme\":\"civil_servant_annual\",\"people\":[{\"id\":\"A1\",\"score\":%s}]}",
                         scores[i]);
        char *out = NULL;
        size_t ol = 0;
        bz_error *err = NULL;
        bz_status st = bz_assess_json(doc, (size_t)n, &out, &ol, &err);
        CHECK(st != BZ_OK);
        if (st == BZ_OK) bz_string_free(out); else bz_error_free(err);
    }

    if (failures) {
        fprintf(stderr, "%d hostile check(s) failed\n", failures);
        return 1;
    }
    printf("hostile: all checks passed\n");
    return 0;
}
