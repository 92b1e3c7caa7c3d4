/* The establishment ledger through the C API.
 *
 * usage: ledger CASE_DIR...   each folder holds input.json (from `cases.py split-assess` on
 * tests/cases/ledger); writes result.json (bz_ledger_json) or error.txt for
 * `cases.py check-ledger`. Then checks bz_request, bz_diff_json and bz_reconcile_json on
 * hand-computed inputs.
 */
#include <bianzhi.h>

#include "testutil.h"

static const char *DATASET =
    "{\"units\": [{\"id\": \"U1\", \"name\": \"县委办\", \"kind\": \"organ\", "
    "\"quotas\": {\"administrative\": 3}},"
    " {\"id\": \"U1-1\", \"name\": \"秘书股\", \"kind\": \"internal\", \"parent\": \"U1\"}],"
    " \"staff\": [{\"id\": \"S1\", \"name\": \"张三\", \"unit\": \"U1-1\", "
    "\"establishment\": \"administrative\", \"id_number\": \"11010519491231002X\"}]}";

/* U1: 3 approved, 1 occupied; E1 reserves 2 until 2026-03-31. */
static const char *LEDGER =
    "{\"opening\": {\"units\": [{\"id\": \"U1\", \"name\": \"县委办\", \"kind\": \"organ\", "
    "\"quotas\": {\"administrative\": 3}}],"
    " \"staff\": [{\"id\": \"S1\", \"name\": \"张三\", \"unit\": \"U1\", \"establishment\": \"administrative\"}]},"
    " \"events\": [{\"id\": \"E1\", \"date\": \"2026-01-05\", \"type\": \"用编核准\", \"unit\": \"U1\","
    " \"category\": \"行政\", \"count\": 2, \"expires\": \"2026-03-31\"}]}";

static void check_request(void) {
    bz_request_result r;
    char *msg = NULL;
    bz_error *err = NULL;
    /* Through the internal unit: U1 has 3 - 1 = 2 free. */
    CHECK_STATUS(bz_request(DATASET, strlen(DATASET), "U1-1", "行政编制", 2, "2026-02-01", &r, &msg, &err),
                 BZ_OK);
    CHECK(r.approved && r.code == NULL && r.available == 2 && r.has_available && msg == NULL);
    CHECK_STATUS(bz_request(DATASET, strlen(DATASET), "U1", "administrative", 3, "2026-02-01", &r, &msg, &err),
                 BZ_OK);
    CHECK(!r.approved && strcmp(r.code, "NO_VACANCY") == 0 && r.requested == 3 && r.available == 2);
    CHECK(msg != NULL && strstr(msg, "空编2名") != NULL);
    bz_string_free(msg);
    msg = NULL;
    CHECK_STATUS(bz_request(DATASET, strlen(DATASET), "U9", "administrative", 1, "2026-02-01", &r, NULL, &err),
                 BZ_OK);
    CHECK(!r.approved && strcmp(r.code, "UNKNOWN_UNIT") == 0 && !r.has_available);
    /* On a ledger: the reservation holds both free places until its last day. */
    CHECK_STATUS(bz_request(LEDGER, strlen(LEDGER), "U1", "行政", 1, "2026-03-31", &r, NULL, &err), BZ_OK);
    CHECK(!r.approved && r.available == 0);
    CHECK_STATUS(bz_request(LEDGER, strlen(LEDGER), "U1", "行政", 2, "2026-04-01", &r, NULL, &err), BZ_OK);
    CHECK(r.approved && r.available == 2);
    /* Bad arguments. */
    CHECK_STATUS(bz_request(LEDGER, strlen(LEDGER), "U1", "行政", 0, "2026-04-01", &r, NULL, &err),
                 BZ_INVALID_ARGUMENT);
    CHECK(err != NULL && strstr(bz_error_message(err), "count") != NULL);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_request(LEDGER, strlen(LEDGER), "U1", "行政", 1, "April", &r, NULL, NULL), BZ_INVALID_ARGUMENT);
    CHECK_STATUS(bz_request(NULL, 0, "U1", "行政", 1, "2026-04-01", &r, NULL, NULL), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_request("[1", 2, "U1", "行政", 1, "2026-04-01", &r, NULL, NULL), BZ_INVALID_INPUT);
}

static void check_ledger_args(void) {
    char *out = NULL;
    size_t len = 0;
    bz_error *err = NULL;
    CHECK_STATUS(bz_ledger_json(LEDGER, strlen(LEDGER), "2026-04-01", "en", &out, &len, &err), BZ_OK);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(strstr(out, "\"status\":\"expired\"") != NULL);
    bz_string_free(out);
    out = NULL;
    CHECK_STATUS(bz_ledger_json(LEDGER, strlen(LEDGER), NULL, "fr", &out, &len, &err), BZ_INVALID_ARGUMENT);
    CHECK(out == NULL);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_ledger_json("{\"events\": []}", 14, NULL, NULL, &out, &len, &err), BZ_INVALID_INPUT);
    CHECK(err != NULL && strstr(bz_error_message(err), "opening") != NULL);
    bz_error_free(err);
}

static void check_diff_and_reconcile(void) {
    /* S1 is the same person (15 → 18 digits); S2 left; S3 joined; U1 gains one place. */
    const char *diff =
        "{\"old\": {\"units\": [{\"id\": \"U1\", \"name\": \"县委办\", \"kind\": \"organ\", \"quotas\": {\"administrative\": 2}}],"
        " \"staff\": [{\"id\": \"S1\", \"name\": \"张三\", \"unit\": \"U1\", \"establishment\": \"administrative\", \"id_number\": \"110105491231002\"},"
        " {\"id\": \"S2\", \"name\": \"李四\", \"unit\": \"U1\", \"establishment\": \"administrative\"}]},"
        " \"new\": {\"units\": [{\"id\": \"U1\", \"name\": \"县委办\", \"kind\": \"organ\", \"quotas\": {\"administrative\": 3}}],"
        " \"staff\": [{\"id\": \"S1\", \"name\": \"张三\", \"unit\": \"U1\", \"establishment\": \"administrative\", \"id_number\": \"11010519491231002X\"},"
        " {\"id\": \"S3\", \"name\": \"王五\", \"unit\": \"U1\", \"establishment\": \"administrative\"}]}}";
    const char *rec =
        "{\"roster\": {\"units\": [{\"id\": \"U1\", \"name\": \"县委办\", \"kind\": \"organ\"}],"
        " \"staff\": [{\"id\": \"S1\", \"name\": \"张三\", \"unit\": \"U1\", \"establishment\": \"administrative\", \"id_number\": \"11010519491231002X\"}]},"
        " \"registry\": [{\"id_number\": \"110105491231002\"}],"
        " \"payroll\": [{\"id_number\": \"440305198507155017\", \"name\": \"李四\"}]}";
    char *out = NULL;
    size_t len = 0;
    CHECK_STATUS(bz_diff_json(diff, strlen(diff), &out, &len, NULL), BZ_OK);
    CHECK(out != NULL && strstr(out, "\"joined\":[{\"staff\":\"S3\"") != NULL);
    CHECK(strstr(out, "\"left\":[{\"staff\":\"S2\"") != NULL);
    CHECK(strstr(out, "\"delta\":1") != NULL);
    bz_string_free(out);
    out = NULL;
    CHECK_STATUS(bz_reconcile_json(rec, strlen(rec), &out, &len, NULL), BZ_OK);
    CHECK(out != NULL && strstr(out, "\"ghost_payroll\":[{\"id_number\":\"440305198507155017\"") != NULL);
    CHECK(strstr(out, "\"unpaid_holding\":[{\"id_number\":\"11010519491231002X\",\"name\":\"张三\",\"staff\":\"S1\"") != NULL);
    bz_string_free(out);
    out = NULL;
    CHECK_STATUS(bz_diff_json("{\"old\": {}}", 11, &out, &len, NULL), BZ_INVALID_INPUT);
    CHECK(out == NULL);
}

static bz_status ledger_json(const char *in, size_t len, char **out, size_t *out_len,
                             bz_error **err) {
    return bz_ledger_json(in, len, NULL, NULL, out, out_len, err);
}

int main(int argc, char **argv) {
    tu_run_cases(argv + 1, argc - 1, ledger_json);
    check_request();
    check_ledger_args();
    check_diff_and_reconcile();
    return tu_summary("ledger");
}
