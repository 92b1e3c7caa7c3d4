/* Runs the shared validation corpus (tests/cases/validation, split into plain files by
 * tests/c/cases.py) through the C API and compares with the expected findings.
 *
 * usage: conformance CASE_DIR...
 * Writes got.tsv (every bz_violation field) and report.json (bz_report_to_json) into each
 * case folder for `cases.py check`.
 */
#include <bianzhi.h>

#include <inttypes.h>

#include "testutil.h"

#define MAX_LINES 4096
#define MAX_PATH 4096

static char *read_in(const char *dir, const char *name, size_t *len) {
    char path[MAX_PATH];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return tu_read_file(path, len);
}

static void put_cell(FILE *f, const char *s) {
    if (s == NULL) {
        fputs("\\N", f);
        return;
    }
    for (; *s != '\0'; s++) {
        switch (*s) {
            case '\\': fputs("\\\\", f); break;
            case '\t': fputs("\\t", f); break;
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            default: fputc(*s, f);
        }
    }
}

static const char *severity_name(bz_severity s) {
    switch (s) {
        case BZ_SEVERITY_ERROR: return "error";
        case BZ_SEVERITY_WARNING: return "warning";
        case BZ_SEVERITY_INFO: return "info";
    }
    return "?";
}

/* Dumps every field of every violation, and the JSON report, for the cross-check. */
static void dump(const char *dir, const bz_report *r) {
    char path[MAX_PATH];
    FILE *f;
    size_t i, n = bz_report_violation_count(r);
    char *json = NULL;
    size_t json_len = 0;

    snprintf(path, sizeof path, "%s/got.tsv", dir);
    f = fopen(path, "w");
    if (f == NULL) {
        CHECK(!"cannot write got.tsv");
        return;
    }
    for (i = 0; i < n; i++) {
        bz_violation v;
        char num[32];
        CHECK_STATUS(bz_report_violation(r, i, &v), BZ_OK);
        put_cell(f, v.code); fputc('\t', f);
        put_cell(f, severity_name(v.severity)); fputc('\t', f);
        put_cell(f, v.unit); fputc('\t', f);
        put_cell(f, v.staff); fputc('\t', f);
        put_cell(f, v.post); fputc('\t', f);
        put_cell(f, v.duty); fputc('\t', f);
        put_cell(f, v.category); fputc('\t', f);
        put_cell(f, v.level); fputc('\t', f);
        snprintf(num, sizeof num, "%" PRId64, v.expected);
        put_cell(f, v.has_expected ? num : NULL); fputc('\t', f);
        snprintf(num, sizeof num, "%" PRId64, v.actual);
        put_cell(f, v.has_actual ? num : NULL); fputc('\t', f);
        put_cell(f, v.array); fputc('\t', f);
        snprintf(num, sizeof num, "%zu", v.index);
        put_cell(f, v.has_index ? num : NULL); fputc('\t', f);
        put_cell(f, v.field); fputc('\t', f);
        put_cell(f, v.message); fputc('\t', f);
        {
            size_t j, nx = bz_report_violation_excess_count(r, i);
            for (j = 0; j < nx; j++) {
                if (j > 0) fputc(',', f);
                put_cell(f, bz_report_violation_excess(r, i, j));
            }
        }
        fputc('\t', f);
        put_cell(f, bz_report_violation_amount(r, i)); fputc('\n', f);
    }
    fclose(f);

    CHECK_STATUS(bz_report_to_json(r, &json, &json_len), BZ_OK);
    if (json != NULL) {
        CHECK(strlen(json) == json_len);
        snprintf(path, sizeof path, "%s/report.json", dir);
        f = fopen(path, "w");
        if (f != NULL) {
            fwrite(json, 1, json_len, f);
            fclose(f);
        }
        bz_string_free(json);
    }
}

static int compare_violations(const char *dir, const bz_report *r) {
    size_t len, n, i, count = bz_report_violation_count(r);
    char *text = read_in(dir, "expected.tsv", &len);
    char *lines[MAX_LINES];
    int ok = 1;
    if (text == NULL) {
        fprintf(stderr, "%s: no expected.tsv\n", dir);
        return 0;
    }
    n = tu_lines(text, lines, MAX_LINES);
    if (n != count) {
        fprintf(stderr, "%s: %zu violations, expected %zu\n", dir, count, n);
        ok = 0;
    }
    for (i = 0; i < n && i < count; i++) {
        char *f[8];
        bz_violation v;
        if (tu_fields(lines[i], f, 8) != 5 || bz_report_violation(r, i, &v) != BZ_OK) {
            ok = 0;
            continue;
        }
        if (!tu_same(v.code, f[0]) || !tu_same(v.unit, f[1]) || !tu_same(v.staff, f[2]) ||
            !tu_same(v.post, f[3]) || !tu_same(v.duty, f[4])) {
            fprintf(stderr, "%s: violation %zu is %s %s %s %s %s, expected %s %s %s %s %s\n", dir,
                    i, v.code, v.unit ? v.unit : "null", v.staff ? v.staff : "null",
                    v.post ? v.post : "null", v.duty ? v.duty : "null", f[0], f[1], f[2], f[3],
                    f[4]);
            ok = 0;
        }
    }
    for (i = 0; i < count; i++) {
        bz_violation v;
        if (bz_report_violation(r, i, &v) == BZ_OK)
            fprintf(ok ? stdout : stderr, "%s  %-24s %s\n", ok ? "   " : "got", v.code, v.message);
    }
    free(text);
    return ok;
}

static int compare_occupancy(const char *dir, const bz_report *r) {
    size_t len, n, i, count = bz_report_occupancy_count(r);
    char *text = read_in(dir, "occupancy.tsv", &len);
    char *lines[MAX_LINES];
    int ok = 1;
    if (text == NULL) return 1; /* the case does not pin occupancy */
    n = tu_lines(text, lines, MAX_LINES);
    if (n != count) {
        fprintf(stderr, "%s: %zu occupancy rows, expected %zu\n", dir, count, n);
        ok = 0;
    }
    for (i = 0; i < n && i < count; i++) {
        char *f[8];
        char buf[4][32];
        bz_occupancy_row o;
        if (tu_fields(lines[i], f, 8) != 6 || bz_report_occupancy(r, i, &o) != BZ_OK) {
            ok = 0;
            continue;
        }
        snprintf(buf[0], 32, "%" PRIu64, o.approved);
        snprintf(buf[1], 32, "%" PRIu64, o.occupied);
        snprintf(buf[2], 32, "%" PRIu64, o.vacant);
        snprintf(buf[3], 32, "%" PRIu64, o.over);
        if (!o.approved_known) { /* QUOTA_UNKNOWN: the case writes null (\N) */
            snprintf(buf[0], 32, "\\N");
            snprintf(buf[2], 32, "\\N");
            snprintf(buf[3], 32, "\\N");
        }
        if (!tu_same(o.unit, f[0]) || !tu_same(o.category, f[1]) || strcmp(buf[0], f[2]) != 0 ||
            strcmp(buf[1], f[3]) != 0 || strcmp(buf[2], f[4]) != 0 || strcmp(buf[3], f[5]) != 0) {
            fprintf(stderr, "%s: occupancy row %zu is %s %s %s %s %s %s\n", dir, i, o.unit,
                    o.category, buf[0], buf[1], buf[2], buf[3]);
            ok = 0;
        }
    }
    free(text);
    return ok;
}

static int compare_leadership(const char *dir, const bz_report *r) {
    size_t len, n, i, count = bz_report_leadership_count(r);
    char *text = read_in(dir, "leadership.tsv", &len);
    char *lines[MAX_LINES];
    int ok = 1;
    if (text == NULL) return 1;
    n = tu_lines(text, lines, MAX_LINES);
    if (n != count) {
        fprintf(stderr, "%s: %zu leadership rows, expected %zu\n", dir, count, n);
        ok = 0;
    }
    for (i = 0; i < n && i < count; i++) {
        char *f[8];
        char a[32], b[32];
        bz_leadership_row l;
        if (tu_fields(lines[i], f, 8) != 4 || bz_report_leadership(r, i, &l) != BZ_OK) {
            ok = 0;
            continue;
        }
        snprintf(a, sizeof a, "%" PRIu64, l.approved);
        snprintf(b, sizeof b, "%" PRIu64, l.actual);
        if (!tu_same(l.unit, f[0]) || !tu_same(l.level, f[1]) || strcmp(a, f[2]) != 0 ||
            strcmp(b, f[3]) != 0) {
            fprintf(stderr, "%s: leadership row %zu is %s %s %s %s\n", dir, i, l.unit, l.level, a,
                    b);
            ok = 0;
        }
    }
    free(text);
    return ok;
}

static int compare_messages(const char *dir, const bz_report *r) {
    size_t len, n, i, j, count = bz_report_violation_count(r);
    char *text = read_in(dir, "messages.txt", &len);
    char *lines[MAX_LINES];
    int ok = 1;
    if (text == NULL) return 1;
    n = tu_lines(text, lines, MAX_LINES);
    for (i = 0; i < n; i++) {
        int found = 0;
        for (j = 0; j < count && !found; j++) {
            bz_violation v;
            if (bz_report_violation(r, j, &v) == BZ_OK && strstr(v.message, lines[i]) != NULL)
                found = 1;
        }
        if (!found) {
            fprintf(stderr, "%s: no message contains \"%s\"\n", dir, lines[i]);
            ok = 0;
        }
    }
    free(text);
    return ok;
}

/* The people in excess (ids joined by commas) and the amount of the findings that give them. */
static int compare_extra(const char *dir, const bz_report *r) {
    size_t len, n, i;
    char *text = read_in(dir, "extra.tsv", &len);
    char *lines[MAX_LINES];
    int ok = 1;
    if (text == NULL) return 1;
    n = tu_lines(text, lines, MAX_LINES);
    for (i = 0; i < n; i++) {
        char *f[4];
        char got[4096];
        size_t at, j, nx;
        if (tu_fields(lines[i], f, 4) != 3) {
            ok = 0;
            continue;
        }
        at = (size_t)strtoul(f[0], NULL, 10);
        if (strcmp(f[1], "amount") == 0) {
            if (!tu_same(bz_report_violation_amount(r, at), f[2])) {
                const char *a = bz_report_violation_amount(r, at);
                fprintf(stderr, "%s: violation %zu amount is %s, expected %s\n", dir, at,
                        a ? a : "null", f[2]);
                ok = 0;
            }
            continue;
        }
        got[0] = '\0';
        nx = bz_report_violation_excess_count(r, at);
        for (j = 0; j < nx; j++) {
            const char *id = bz_report_violation_excess(r, at, j);
            if (id == NULL || strlen(got) + strlen(id) + 2 > sizeof got) {
                ok = 0;
                break;
            }
            if (j > 0) strcat(got, ",");
            strcat(got, id);
        }
        if (bz_report_violation_excess(r, at, nx) != NULL ||
            strcmp(got, strcmp(f[2], "\\N") == 0 ? "" : f[2]) != 0) {
            fprintf(stderr, "%s: violation %zu excess is [%s], expected [%s]\n", dir, at, got, f[2]);
            ok = 0;
        }
    }
    free(text);
    return ok;
}

static int run_case(const char *dir) {
    size_t meta_len, ds_len;
    char *meta = read_in(dir, "meta.txt", &meta_len);
    char *doc = read_in(dir, "dataset.json", &ds_len);
    char *m[4] = {NULL, NULL, NULL, NULL};
    bz_dataset *ds = NULL;
    bz_report *r = NULL;
    bz_error *err = NULL;
    bz_status st;
    int ok = 1;

    if (meta == NULL || doc == NULL || tu_lines(meta, m, 4) < 3) {
        fprintf(stderr, "%s: missing meta.txt or dataset.json\n", dir);
        free(meta);
        free(doc);
        return 0;
    }
    st = bz_dataset_from_json(doc, ds_len, &ds, &err);
    if (strcmp(m[2], "error") == 0) {
        size_t el;
        char *want = read_in(dir, "error.txt", &el);
        char *wl[2] = {NULL, NULL};
        if (want != NULL) tu_lines(want, wl, 2);
        if (st == BZ_OK) {
            fprintf(stderr, "%s: loaded, expected an error containing \"%s\"\n", dir,
                    wl[0] ? wl[0] : "");
            ok = 0;
        } else if (wl[0] != NULL && strstr(bz_error_message(err), wl[0]) == NULL) {
            fprintf(stderr, "%s: error \"%s\" lacks \"%s\"\n", dir, bz_error_message(err), wl[0]);
            ok = 0;
        }
        free(want);
        goto done;
    }
    if (st != BZ_OK) {
        fprintf(stderr, "%s: load failed: %s\n", dir, bz_error_message(err));
        ok = 0;
        goto done;
    }
    st = bz_validate_lang(ds, m[0][0] ? m[0] : NULL, m[1], &r, &err);
    if (st != BZ_OK) {
        fprintf(stderr, "%s: validate failed: %s\n", dir, bz_error_message(err));
        ok = 0;
        goto done;
    }
    ok &= compare_violations(dir, r);
    ok &= compare_occupancy(dir, r);
    ok &= compare_leadership(dir, r);
    ok &= compare_messages(dir, r);
    ok &= compare_extra(dir, r);
    dump(dir, r);

done:
    bz_report_free(r);
    bz_dataset_free(ds);
    bz_error_free(err);
    free(meta);
    free(doc);
    return ok;
}

int main(int argc, char **argv) {
    int i, cases_ok = 0, cases_failed = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s CASE_DIR...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++) {
        int ok = run_case(argv[i]);
        if (ok) cases_ok++; else cases_failed++;
        printf("%s %s\n", ok ? "ok  " : "FAIL", argv[i]);
    }
    printf("conformance: %d passed, %d failed\n", cases_ok, cases_failed);
    return cases_failed == 0 && tu_failed == 0 ? 0 : 1;
}
