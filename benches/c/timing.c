/* C API timing on the same generated data as the Rust and Python benchmarks:
 *   timing <roster.json> [reps]
 * Times bz_dataset_from_json (load) and bz_validate (validate) separately, best of `reps`,
 * and prints records per second. Build: see benches/run.sh. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "bianzhi.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s roster.json [reps]\n", argv[0]);
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) { fprintf(stderr, "read failed\n"); return 1; }
    buf[len] = 0;
    fclose(f);

    double best_load = 1e30, best_val = 1e30;
    size_t n = 0, findings = 0;
    for (int r = 0; r < reps; r++) {
        bz_dataset *ds = NULL;
        bz_error *err = NULL;
        double t = now();
        if (bz_dataset_from_json(buf, (size_t)len, &ds, &err) != BZ_OK) {
            fprintf(stderr, "load: %s\n", bz_error_message(err));
            return 1;
        }
        double l = now() - t;
        if (l < best_load) best_load = l;
        n = bz_dataset_staff_count(ds);
        bz_report *rep = NULL;
        t = now();
        if (bz_validate(ds, "2026-11-30", &rep, &err) != BZ_OK) {
            fprintf(stderr, "validate: %s\n", bz_error_message(err));
            return 1;
        }
        double v = now() - t;
        if (v < best_val) best_val = v;
        findings = bz_report_violation_count(rep);
        bz_report_free(rep);
        bz_dataset_free(ds);
    }
    printf("{\"staff\": %zu, \"findings\": %zu, \"load_s\": %.4f, \"validate_s\": %.4f, "
           "\"load_per_s\": %.0f, \"validate_per_s\": %.0f}\n",
           n, findings, best_load, best_val, n / best_load, n / best_val);
    free(buf);
    return 0;
}
