/* C API timing on the same generated data as the Rust and Python benchmarks:
 *   timing <roster.json> [reps]
 * Times bz_dataset_from_json (load, `reps` times) and bz_validate (validate, 5 times per
 * load) separately and prints the best and the median of each, in records per second.
 * Same measurement as crates/bianzhi/examples/bench_rust.rs. Build: see benches/run.sh. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "bianzhi.h"

#define VALIDATES 5

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

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
    if (reps < 1) reps = 1;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) { fprintf(stderr, "read failed\n"); return 1; }
    buf[len] = 0;
    fclose(f);

    double *loads = malloc(sizeof(double) * (size_t)reps);
    double *vals = malloc(sizeof(double) * (size_t)reps * VALIDATES);
    if (!loads || !vals) { fprintf(stderr, "out of memory\n"); return 1; }
    size_t n = 0, findings = 0;
    for (int r = 0; r < reps; r++) {
        bz_dataset *ds = NULL;
        bz_error *err = NULL;
        double t = now();
        if (bz_dataset_from_json(buf, (size_t)len, &ds, &err) != BZ_OK) {
            fprintf(stderr, "load: %s\n", bz_error_message(err));
            return 1;
        }
        loads[r] = now() - t;
        n = bz_dataset_staff_count(ds);
        for (int k = 0; k < VALIDATES; k++) {
            bz_report *rep = NULL;
            t = now();
            if (bz_validate(ds, "2026-11-30", &rep, &err) != BZ_OK) {
                fprintf(stderr, "validate: %s\n", bz_error_message(err));
                return 1;
            }
            vals[r * VALIDATES + k] = now() - t;
            findings = bz_report_violation_count(rep);
            bz_report_free(rep);
        }
        bz_dataset_free(ds);
    }
    double med_load = median(loads, reps), best_load = loads[0];
    double med_val = median(vals, reps * VALIDATES), best_val = vals[0];
    printf("{\"lang\": \"c\", \"staff\": %zu, \"findings\": %zu, \"load_s\": %.4f, "
           "\"load_median_s\": %.4f, \"validate_s\": %.4f, \"validate_median_s\": %.4f, "
           "\"load_per_s\": %.0f, \"validate_per_s\": %.0f, \"validate_median_per_s\": %.0f}\n",
           n, findings, best_load, med_load, best_val, med_val, n / best_load, n / best_val,
           n / med_val);
    free(loads);
    free(vals);
    free(buf);
    return 0;
}
