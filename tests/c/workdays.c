/* Working days through the C API: direct calls with hand-counted answers, then (with
 * arguments) a corpus runner like assess.c for tests/cases/workdays.
 *
 * usage: workdays [--ledger] [CASE_DIR...]   each folder holds input.json (from `cases.py
 * split-assess`, or `split-ledger` for tests/cases/rectification); writes result.json
 * (bz_workdays_json, or bz_rectification_json with --ledger) or error.txt (status name,
 * newline, message).
 */
#include <bianzhi.h>

#include "testutil.h"

static void direct(void) {
    char date[BZ_DATE_BUFFER];
    bool w = true;
    int64_t n = 0;
    bz_error *err = NULL;

    /* 2026-09-30 (Wed) + 3: 10-01..07 国庆 off, 10-08, 10-09, 10-10 (Sat, 调休 working day). */
    CHECK_STATUS(bz_add_workdays("2026-09-30", 3, NULL, date, NULL), BZ_OK);
    CHECK(strcmp(date, "2026-10-10") == 0);
    /* Backwards across 春节 2026: 02-24 − 1 = 02-14 (Sat, 调休). */
    CHECK_STATUS(bz_add_workdays("2026-02-24", -1, NULL, date, NULL), BZ_OK);
    CHECK(strcmp(date, "2026-02-14") == 0);
    /* 2026-02-13 < d ≤ 2026-02-28: 02-14, 02-24..27, 02-28 = 6. */
    CHECK_STATUS(bz_workdays_between("2026-02-13", "2026-02-28", NULL, &n, NULL), BZ_OK);
    CHECK(n == 6);
    CHECK_STATUS(bz_workdays_between("2026-02-28", "2026-02-13", NULL, &n, NULL), BZ_OK);
    CHECK(n == -6);
    CHECK_STATUS(bz_is_workday("2026-10-10", NULL, &w, NULL), BZ_OK);
    CHECK(w);
    CHECK_STATUS(bz_is_workday("2025-02-04", NULL, &w, NULL), BZ_OK); /* 春节, a Tuesday */
    CHECK(!w);

    /* An unknown year is an error, not a weekday. */
    CHECK_STATUS(bz_is_workday("2027-01-04", NULL, &w, &err), BZ_OUT_OF_RANGE);
    CHECK(err != NULL && strstr(bz_error_message(err), "2027") != NULL);
    bz_error_free(err);
    err = NULL;

    /* A user year: 2027-01-01 off, then 12-31 = 1, 01-04 = 2, 01-05 = 3. */
    {
        const char *cal =
            "{\"years\": {\"2027\": {\"holidays\": [[\"2027-01-01\", \"2027-01-01\"]]}}}";
        CHECK_STATUS(bz_add_workdays("2026-12-30", 3, cal, date, NULL), BZ_OK);
        CHECK(strcmp(date, "2027-01-05") == 0);
        CHECK_STATUS(bz_is_workday("2027-01-01", cal, &w, NULL), BZ_OK);
        CHECK(!w);
    }
    CHECK_STATUS(bz_is_workday("2026-10-10", "{\"years\": 1}", &w, &err), BZ_INVALID_INPUT);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_is_workday("30/09/2026", NULL, &w, NULL), BZ_INVALID_ARGUMENT);
    CHECK_STATUS(bz_is_workday(NULL, NULL, &w, NULL), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_is_workday("2026-10-10", NULL, NULL, NULL), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_add_workdays("2026-10-10", 1, NULL, NULL, NULL), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_workdays_between("2026-10-10", NULL, NULL, &n, NULL), BZ_NULL_ARGUMENT);
}

static bz_status rectification_json(const char *in, size_t len, char **out, size_t *out_len,
                                    bz_error **err) {
    return bz_rectification_json(in, len, NULL, out, out_len, err);
}

int main(int argc, char **argv) {
    int ledger = argc > 1 && strcmp(argv[1], "--ledger") == 0;
    direct();
    tu_run_cases(argv + 1 + ledger, argc - 1 - ledger,
                 ledger ? rectification_json : bz_workdays_json);
    return tu_summary("workdays");
}
