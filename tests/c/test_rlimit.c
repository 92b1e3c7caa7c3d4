/* Issue 20's inputs that grew memory with the input (and aborted a C host inside bz_validate)
 * through the C API under an address-space cap of 2.5 GB (setrlimit RLIMIT_AS): each call
 * returns a status and a message, or a report whose findings are checked against the
 * hand-computed outcome. An allocation past the cap would abort the process (exit 134) and
 * fail the suite rather than the machine. Not run under ASan (its shadow memory needs far
 * more address space than the cap). The sizes match crates/bianzhi-cli/tests/hostile.rs.
 * Build: cc -std=c99 tests/c/test_rlimit.c -Iinclude -Ltarget/release -lbianzhi -pthread */
#define _POSIX_C_SOURCE 200809L
#include <bianzhi.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifndef CAP_BYTES
#define CAP_BYTES (2500UL * 1000 * 1000)
#endif

static int failures = 0;
#define CHECK(c)                                                                  \
    do {                                                                          \
        if (!(c)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                           \
        }                                                                         \
    } while (0)

/* A growing text buffer; running out of memory here is the test's fault, so it exits. */
typedef struct {
    char *p;
    size_t len, cap;
} buf;

static void put(buf *b, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) exit(3);
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        b->cap = b->cap * 2 + (size_t)n + 64;
        b->p = realloc(b->p, b->cap);
        if (!b->p) exit(3);
    }
}

static buf new_buf(void) {
    buf b = {malloc(1024), 0, 1024};
    if (!b.p) exit(3);
    b.p[0] = 0;
    return b;
}

/* Loads `doc` and validates it with `threads` threads; NULL (and a failed check) if either
 * fails. The caller frees the report. */
static bz_report *validate_doc(const buf *doc, size_t threads) {
    bz_dataset *ds = NULL;
    bz_error *err = NULL;
    bz_status st = bz_dataset_from_json(doc->p, doc->len, &ds, &err);
    CHECK(st == BZ_OK);
    if (st != BZ_OK) {
        fprintf(stderr, "load: %s\n", bz_error_message(err));
        bz_error_free(err);
        return NULL;
    }
    bz_report *r = NULL;
    st = bz_validate_threads(ds, "2026-06-30", "en", threads, &r, &err);
    CHECK(st == BZ_OK);
    if (st != BZ_OK) {
        fprintf(stderr, "validate: %s\n", bz_error_message(err));
        bz_error_free(err);
        r = NULL;
    }
    bz_dataset_free(ds);
    return r;
}

static int eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* 70 000 declared categories over 20 000 institutions, one quota and one holder each
 * (1.4 billion unit x category counters, and one set per thread, before): the two planted
 * over-establishments are found, also past the old 16-bit codes. */
static void categories_times_units(void) {
    const int ncat = 70000, nunits = 20000;
    buf d = new_buf();
    put(&d, "{\"settings\":{\"categories\":[");
    for (int c = 0; c < ncat; c++) put(&d, "%s\"c%d\"", c ? "," : "", c);
    put(&d, "]},\"units\":[");
    for (int u = 0; u < nunits; u++)
        put(&d, "%s{\"id\":\"U%d\",\"name\":\"x\",\"kind\":\"institution\",\"quotas\":{\"c%d\":1}}",
            u ? "," : "", u, ncat - 1 - u);
    put(&d, "],\"staff\":[");
    for (int u = 0; u < nunits; u++)
        put(&d, "{\"id\":\"S%d\",\"name\":\"x\",\"unit\":\"U%d\",\"establishment\":\"c%d\"},", u, u,
            ncat - 1 - u);
    /* U0: a second holder of c69999; U1: a holder of c65531 (code 65535, the old "no
     * category"), where it has no quota. */
    put(&d, "{\"id\":\"X1\",\"name\":\"x\",\"unit\":\"U0\",\"establishment\":\"c69999\"},"
            "{\"id\":\"X2\",\"name\":\"x\",\"unit\":\"U1\",\"establishment\":\"c65531\"}]}");
    bz_report *r = validate_doc(&d, 16);
    free(d.p);
    if (!r) return;
    const char *want[2][2] = {{"U0", "c69999"}, {"U1", "c65531"}};
    size_t over = 0;
    for (size_t i = 0; i < bz_report_violation_count(r); i++) {
        bz_violation v;
        CHECK(bz_report_violation(r, i, &v) == BZ_OK);
        if (!eq(v.code, "OVER_ESTABLISHMENT")) continue;
        CHECK(over < 2 && eq(v.unit, want[over][0]) && eq(v.category, want[over][1]));
        CHECK(v.has_expected && v.has_actual && v.actual == v.expected + 1);
        over++;
    }
    CHECK(over == 2);
    /* One occupancy row per (unit, category) pair that occurs: 20 000 + U1's c65531. */
    CHECK(bz_report_occupancy_count(r) == (size_t)nunits + 1);
    bz_report_free(r);
}

/* 1 000 norms matched by kind over 2 000 institutions, each short (2 million findings and a
 * 616 MB report before): MAX_NORM_FINDINGS = 10 000 listed, then one closing finding per
 * other norm counting its 2 000 unlisted units. */
static void norms_times_units(void) {
    buf d = new_buf();
    put(&d, "{\"units\":[");
    for (int u = 0; u < 2000; u++)
        put(&d, "%s{\"id\":\"U%d\",\"name\":\"x\",\"kind\":\"institution\"}", u ? "," : "", u);
    put(&d, "],\"norms\":[");
    for (int n = 0; n < 1000; n++)
        put(&d, "%s{\"id\":\"N%d\",\"kind\":\"institution\",\"min\":5}", n ? "," : "", n);
    put(&d, "],\"staff\":[]}");
    bz_report *r = validate_doc(&d, 0);
    free(d.p);
    if (!r) return;
    size_t below = 0, closing = 0;
    for (size_t i = 0; i < bz_report_violation_count(r); i++) {
        bz_violation v;
        CHECK(bz_report_violation(r, i, &v) == BZ_OK);
        if (!eq(v.code, "STAFFING_BELOW_NORM")) continue;
        below++;
        if (v.unit == NULL) {
            if (closing == 0) CHECK(eq(v.duty, "N5") && v.has_actual && v.actual == 2000);
            CHECK(strstr(v.message, "2000 more units") != NULL);
            closing++;
        }
    }
    CHECK(below == 10000 + 995);
    CHECK(closing == 995);
    bz_report_free(r);
}

/* Counts at and past the widths the loader holds: a population of 2^64 - 1 at ratio 1
 * saturates `expected` at INT64_MAX (it wrapped negative); a population of 2^64 and quotas
 * of 2^32, 2^63, -1, 1.5 and 1e400 are INVALID_RECORD naming the field; u32::MAX quotas in
 * 50 units sum without overflow. */
static void huge_counts(void) {
    buf d = new_buf();
    put(&d, "{\"units\":[{\"id\":\"P1\",\"name\":\"x\",\"kind\":\"organ\",\"tags\":[\"t\"],"
            "\"population\":18446744073709551615},"
            "{\"id\":\"P2\",\"name\":\"x\",\"kind\":\"organ\",\"population\":18446744073709551616}");
    const char *bad[] = {"4294967296", "9223372036854775808", "-1", "1.5", "1e400"};
    for (int i = 0; i < 5; i++)
        put(&d, ",{\"id\":\"Q%d\",\"name\":\"x\",\"kind\":\"organ\",\"quotas\":{\"administrative\":%s}}",
            i, bad[i]);
    for (int i = 0; i < 50; i++)
        put(&d, ",{\"id\":\"M%d\",\"name\":\"x\",\"kind\":\"organ\",\"quotas\":{\"administrative\":4294967295}}",
            i);
    put(&d, "],\"norms\":[{\"id\":\"N1\",\"tag\":\"t\",\"per\":\"population\",\"ratio\":1}],"
            "\"staff\":[]}");
    bz_report *r = validate_doc(&d, 1);
    free(d.p);
    if (!r) return;
    size_t invalid = 0, below = 0;
    for (size_t i = 0; i < bz_report_violation_count(r); i++) {
        bz_violation v;
        CHECK(bz_report_violation(r, i, &v) == BZ_OK);
        if (eq(v.code, "INVALID_RECORD")) {
            CHECK(eq(v.array, "units"));
            CHECK(eq(v.field, "population") || eq(v.field, "quotas.administrative") ||
                  eq(v.field, "quotas"));
            invalid++;
        } else if (eq(v.code, "STAFFING_BELOW_NORM")) {
            CHECK(eq(v.unit, "P1") && v.has_expected && v.expected == INT64_MAX);
            CHECK(strstr(v.message, "18446744073709551615") != NULL);
            below++;
        } else {
            CHECK(v.has_expected == false || v.expected >= 0);
        }
    }
    CHECK(invalid == 6);
    CHECK(below == 1);
    bz_report_free(r);
}

/* Input the loader must refuse outright stays a status and a message. */
static void refused(void) {
    const char *docs[] = {
        /* a category declared twice under two spellings of one kind */
        "{\"settings\":{\"allowed_categories\":{\"institution\":[\"career\"],\"事业单位\":[\"career\"]}},"
        "\"units\":[],\"staff\":[]}",
        /* an unknown settings key (configuration is exact) */
        "{\"settings\":{\"categoriez\":[]},\"units\":[],\"staff\":[]}",
    };
    for (int i = 0; i < 2; i++) {
        bz_dataset *ds = NULL;
        bz_error *err = NULL;
        bz_status st = bz_dataset_from_json(docs[i], strlen(docs[i]), &ds, &err);
        if (st == BZ_OK) {
            /* allowed_categories given twice is the settings record's INVALID_RECORD */
            bz_report *r = NULL;
            CHECK(bz_validate(ds, "2026-06-30", &r, &err) == BZ_OK);
            int found = 0;
            for (size_t j = 0; r && j < bz_report_violation_count(r); j++) {
                bz_violation v;
                CHECK(bz_report_violation(r, j, &v) == BZ_OK);
                if (eq(v.code, "INVALID_RECORD") && strstr(v.message, "重复给出")) found = 1;
            }
            CHECK(i == 0 && found);
            bz_report_free(r);
            bz_dataset_free(ds);
        } else {
            CHECK(i == 1 && st == BZ_INVALID_INPUT);
            CHECK(strstr(bz_error_message(err), "categoriez") != NULL);
            bz_error_free(err);
        }
    }
}

int main(void) {
    struct rlimit cap = {CAP_BYTES, CAP_BYTES};
    if (setrlimit(RLIMIT_AS, &cap) != 0) {
        perror("setrlimit");
        return 2;
    }
    categories_times_units();
    norms_times_units();
    huge_counts();
    refused();
    if (failures) {
        fprintf(stderr, "%d check(s) under RLIMIT_AS failed\n", failures);
        return 1;
    }
    printf("rlimit: all checks passed under a %lu-byte address-space cap\n", CAP_BYTES);
    return 0;
}
