/* Validates a bianzhi dataset (JSON, docs/formats.md#dataset-document) and prints the findings.
 *
 *   cc validate.c $(pkg-config --cflags --libs bianzhi) -o validate
 *   ./validate county.json [YYYY-MM-DD] [zh|en]
 *
 * Exit status: 0 no error-severity finding, 1 errors found, 2 unreadable input.
 */
#include <bianzhi.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL) return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            char *bigger = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (bigger == NULL) break;
            buf = bigger;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static const char *or_dash(const char *s) { return s != NULL ? s : "-"; }

int main(int argc, char **argv) {
    const char *as_of = argc > 2 ? argv[2] : NULL; /* NULL: the document's as_of, then today */
    const char *lang = argc > 3 ? argv[3] : NULL;  /* NULL: Chinese */
    bz_dataset *ds = NULL;
    bz_report *report = NULL;
    bz_error *err = NULL;
    size_t len = 0, i, n;
    char *text;
    int status = 2;

    if (argc < 2) {
        fprintf(stderr, "usage: %s DATASET.json [AS_OF] [zh|en]\n", argv[0]);
        return 2;
    }
    text = read_file(argv[1], &len);
    if (text == NULL) {
        fprintf(stderr, "%s: cannot read the file\n", argv[1]);
        return 2;
    }
    if (bz_dataset_from_json(text, len, &ds, &err) != BZ_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], bz_error_message(err));
        goto out;
    }
    if (bz_validate_lang(ds, as_of, lang, &report, &err) != BZ_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], bz_error_message(err));
        goto out;
    }

    n = bz_report_violation_count(report);
    printf("bianzhi %s: %s as of %s: %zu units, %zu staff\n", bz_version(), argv[1],
           bz_report_as_of(report), bz_dataset_unit_count(ds), bz_dataset_staff_count(ds));
    printf("%zu findings: %zu errors, %zu warnings, %zu infos\n", n,
           bz_report_error_count(report), bz_report_warning_count(report),
           bz_report_info_count(report));
    for (i = 0; i < bz_report_occupancy_count(report); i++) {
        bz_occupancy_row o;
        if (bz_report_occupancy(report, i, &o) == BZ_OK)
            printf("  occupancy %-8s %-16s approved %3" PRIu64 " occupied %3" PRIu64
                   " vacant %3" PRIu64 " over %3" PRIu64 "\n",
                   o.unit, o.category, o.approved, o.occupied, o.vacant, o.over);
    }
    for (i = 0; i < n; i++) {
        bz_violation v;
        if (bz_report_violation(report, i, &v) != BZ_OK) continue;
        printf("%s %-22s unit=%s staff=%s post=%s", v.severity == BZ_SEVERITY_ERROR ? "E"
                                                    : v.severity == BZ_SEVERITY_WARNING ? "W"
                                                                                        : "I",
               v.code, or_dash(v.unit), or_dash(v.staff), or_dash(v.post));
        if (v.has_expected && v.has_actual)
            printf(" expected=%" PRId64 " actual=%" PRId64, v.expected, v.actual);
        printf("\n    %s\n", v.message);
    }
    status = bz_report_error_count(report) == 0 ? 0 : 1;

out:
    bz_report_free(report);
    bz_dataset_free(ds);
    bz_error_free(err);
    free(text);
    return status;
}
