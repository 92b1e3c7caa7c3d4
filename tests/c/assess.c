/* Runs assessment inputs through bz_assess_json.
 *
 * usage: assess CASE_DIR...   each folder holds input.json (from `cases.py split-assess`);
 * writes result.json on success or error.txt (status name, newline, message) on failure,
 * for `cases.py check-assess` to compare with the corpus expectations.
 */
#include <bianzhi.h>

#include "testutil.h"

static int write_file(const char *dir, const char *name, const char *a, const char *b,
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

int main(int argc, char **argv) {
    int i;
    for (i = 1; i < argc; i++) {
        char path[4096];
        size_t len = 0, out_len = 0;
        char *input, *out = NULL;
        bz_error *err = NULL;
        bz_status st;
        snprintf(path, sizeof path, "%s/input.json", argv[i]);
        input = tu_read_file(path, &len);
        CHECK(input != NULL);
        if (input == NULL) continue;
        st = bz_assess_json(input, len, &out, &out_len, &err);
        if (st == BZ_OK) {
            CHECK(out != NULL && err == NULL && strlen(out) == out_len);
            CHECK(write_file(argv[i], "result.json", out, "", ""));
        } else {
            CHECK(out == NULL && err != NULL && bz_error_status(err) == st);
            CHECK(write_file(argv[i], "error.txt", bz_status_name((int)st), "\n",
                             bz_error_message(err)));
        }
        bz_string_free(out);
        bz_error_free(err);
        free(input);
    }
    return tu_summary("assess-runner");
}
