/* Exercises every entry point of the C API: success paths, every error path, ownership
 * (run under ASan/LSan or valgrind: no leak, no invalid access) and 8 threads validating
 * one dataset.
 */
#include <bianzhi.h>

#include <pthread.h>

#include "testutil.h"

/* A small county: over establishment, an unknown unit, an invalid record, a bad ID. */
static const char DATASET[] =
    "{\"as_of\": \"2026-11-30\",\n"
    " \"units\": [\n"
    "  {\"id\": \"U1\", \"name\": \"某县农业农村局\", \"kind\": \"organ\",\n"
    "   \"quotas\": {\"administrative\": 1}, \"leadership\": {\"principal\": 1}},\n"
    "  {\"id\": \"U2\", \"name\": \"县农技中心\", \"kind\": \"institution\", \"parent\": \"U1\"}\n"
    " ],\n"
    " \"staff\": [\n"
    "  {\"id\": \"S1\", \"name\": \"张三\", \"unit\": \"U1\", \"establishment\": \"administrative\",\n"
    "   \"leadership\": \"principal\"},\n"
    "  {\"id\": \"S2\", \"name\": \"李四\", \"unit\": \"U1\", \"establishment\": \"行政编制\",\n"
    "   \"id_number\": \"110105194912310021\"},\n"
    "  {\"id\": \"S3\", \"name\": \"王五\", \"unit\": \"U9\", \"establishment\": \"事业\"},\n"
    "  {\"id\": \"S4\", \"name\": \"赵六\", \"unit\": \"U2\", \"birth_date\": \"1990-02-30\"}\n"
    " ]}\n";

static bz_dataset *load(const char *json) {
    bz_dataset *ds = NULL;
    bz_error *err = NULL;
    bz_status st = bz_dataset_from_json(json, strlen(json), &ds, &err);
    if (st != BZ_OK) {
        fprintf(stderr, "load failed: %s\n", bz_error_message(err));
        bz_error_free(err);
        return NULL;
    }
    return ds;
}

static char *report_json(const bz_dataset *ds, const char *as_of, const char *lang) {
    bz_report *r = NULL;
    char *json = NULL;
    if (bz_validate_lang(ds, as_of, lang, &r, NULL) != BZ_OK) return NULL;
    if (bz_report_to_json(r, &json, NULL) != BZ_OK) json = NULL;
    bz_report_free(r);
    return json;
}

static void test_version(void) {
    char want[64];
    snprintf(want, sizeof want, "%d.%d.%d", BIANZHI_VERSION_MAJOR, BIANZHI_VERSION_MINOR,
             BIANZHI_VERSION_PATCH);
    CHECK(bz_version() != NULL);
    CHECK(strcmp(bz_version(), want) == 0);
    CHECK(strcmp(bz_status_name(BZ_OK), "BZ_OK") == 0);
    CHECK(strcmp(bz_status_name(BZ_PANIC), "BZ_PANIC") == 0);
    CHECK(strcmp(bz_status_name(12345), "BZ_UNKNOWN") == 0);
}

static void test_load_errors(void) {
    bz_dataset *sentinel = (bz_dataset *)&tu_passed; /* any non-NULL address, never used */
    bz_dataset *ds = sentinel;
    bz_error *err = NULL;
    static const char bad_json[] = "{\"units\": [],\n \"staff\": [\n  {\"id\": }\n]}";
    static const char bad_utf8[] = "{\"units\": [], \"staff\": [], \"x\": \"\xff\xfe\"}";
    static const char no_staff[] = "{\"units\": []}";

    /* NULL arguments: status, a message naming the argument, and no output written. */
    CHECK_STATUS(bz_dataset_from_json(NULL, 0, &ds, &err), BZ_NULL_ARGUMENT);
    CHECK(ds == sentinel);
    CHECK(err != NULL && strstr(bz_error_message(err), "json") != NULL);
    CHECK(bz_error_status(err) == BZ_NULL_ARGUMENT);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_dataset_from_json(DATASET, strlen(DATASET), NULL, &err), BZ_NULL_ARGUMENT);
    CHECK(err != NULL && strstr(bz_error_message(err), "out") != NULL);
    bz_error_free(err);
    err = NULL;
    /* err may be NULL */
    CHECK_STATUS(bz_dataset_from_json(NULL, 0, &ds, NULL), BZ_NULL_ARGUMENT);

    /* Invalid JSON: the message has the line and column. */
    CHECK_STATUS(bz_dataset_from_json(bad_json, strlen(bad_json), &ds, &err), BZ_INVALID_INPUT);
    CHECK(ds == sentinel);
    CHECK(err != NULL && strstr(bz_error_message(err), "line 3") != NULL);
    CHECK(err != NULL && strstr(bz_error_message(err), "column") != NULL);
    if (err != NULL) printf("invalid JSON: %s\n", bz_error_message(err));
    bz_error_free(err);
    err = NULL;

    /* Invalid UTF-8. */
    CHECK_STATUS(bz_dataset_from_json(bad_utf8, strlen(bad_utf8), &ds, &err), BZ_INVALID_UTF8);
    CHECK(ds == sentinel);
    CHECK(err != NULL && strstr(bz_error_message(err), "UTF-8") != NULL);
    bz_error_free(err);
    err = NULL;

    /* Not a dataset. */
    CHECK_STATUS(bz_dataset_from_json(no_staff, strlen(no_staff), &ds, &err), BZ_INVALID_INPUT);
    CHECK(err != NULL && strstr(bz_error_message(err), "staff") != NULL);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_dataset_from_json("[]", 2, &ds, &err), BZ_INVALID_INPUT);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_dataset_from_json("", 0, &ds, &err), BZ_INVALID_INPUT);
    bz_error_free(err);
    err = NULL;
    /* Explicit length: bytes after `len` are not read. */
    CHECK_STATUS(bz_dataset_from_json(DATASET, 10, &ds, &err), BZ_INVALID_INPUT);
    bz_error_free(err);
    CHECK(ds == sentinel);

    /* Freeing NULL is a no-op. */
    bz_dataset_free(NULL);
    bz_report_free(NULL);
    bz_error_free(NULL);
    bz_string_free(NULL);
    CHECK(strcmp(bz_error_message(NULL), "") == 0);
    CHECK(bz_error_status(NULL) == BZ_NULL_ARGUMENT);
}

static void test_validate(void) {
    bz_dataset *ds = load(DATASET);
    bz_report *r = NULL, *r2 = NULL;
    bz_report *rsentinel = (bz_report *)&tu_passed;
    bz_error *err = NULL;
    bz_violation v, before;
    bz_occupancy_row o;
    bz_leadership_row l;
    size_t i, n;
    int saw_over = 0, saw_unknown = 0, saw_invalid = 0, saw_id = 0;
    char *j1, *j2;
    static const char bad_date[] = {'2', '0', '2', '6', '-', '\xff', '\0'};

    CHECK(ds != NULL);
    if (ds == NULL) return;
    CHECK(bz_dataset_unit_count(ds) == 2);
    CHECK(bz_dataset_staff_count(ds) == 3); /* S4 has an impossible date: skipped */
    CHECK(bz_dataset_unit_count(NULL) == 0);
    CHECK(bz_dataset_staff_count(NULL) == 0);

    /* NULL and bad arguments. */
    r = rsentinel;
    CHECK_STATUS(bz_validate(NULL, NULL, &r, &err), BZ_NULL_ARGUMENT);
    CHECK(err != NULL && strstr(bz_error_message(err), "ds") != NULL);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_validate(ds, NULL, NULL, NULL), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_validate(ds, "2026-13-01", &r, &err), BZ_INVALID_ARGUMENT);
    CHECK(err != NULL && strstr(bz_error_message(err), "2026-13-01") != NULL);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_validate(ds, bad_date, &r, &err), BZ_INVALID_UTF8);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_validate_lang(ds, NULL, "fr", &r, &err), BZ_INVALID_ARGUMENT);
    CHECK(err != NULL && strstr(bz_error_message(err), "fr") != NULL);
    bz_error_free(err);
    err = NULL;
    CHECK(r == rsentinel);

    /* NULL as_of: the document's as_of. */
    CHECK_STATUS(bz_validate(ds, NULL, &r, &err), BZ_OK);
    CHECK(err == NULL);
    CHECK(strcmp(bz_report_as_of(r), "2026-11-30") == 0);
    CHECK(bz_report_as_of(NULL) == NULL);

    n = bz_report_violation_count(r);
    CHECK(n >= 4);
    CHECK(bz_report_error_count(r) >= 4);
    CHECK(bz_report_error_count(r) + bz_report_warning_count(r) + bz_report_info_count(r) == n);
    for (i = 0; i < n; i++) {
        CHECK_STATUS(bz_report_violation(r, i, &v), BZ_OK);
        CHECK(v.code != NULL && v.message != NULL && v.message[0] != '\0');
        if (strcmp(v.code, "OVER_ESTABLISHMENT") == 0 && v.unit && strcmp(v.unit, "U1") == 0) {
            saw_over = 1;
            CHECK(v.severity == BZ_SEVERITY_ERROR);
            CHECK(v.has_expected && v.expected == 1);
            CHECK(v.has_actual && v.actual == 2);
            CHECK(v.category != NULL && strcmp(v.category, "administrative") == 0);
            CHECK(v.staff == NULL && v.post == NULL);
            CHECK(strstr(v.message, "超编1名") != NULL);
        }
        if (strcmp(v.code, "UNKNOWN_REFERENCE") == 0 && v.staff && strcmp(v.staff, "S3") == 0)
            saw_unknown = 1;
        if (strcmp(v.code, "INVALID_RECORD") == 0) {
            saw_invalid = 1;
            CHECK(v.array != NULL && strcmp(v.array, "staff") == 0);
            CHECK(v.has_index && v.index == 3);
            CHECK(v.field != NULL && strcmp(v.field, "birth_date") == 0);
        }
        if (strcmp(v.code, "INVALID_ID_NUMBER") == 0) saw_id = 1;
    }
    CHECK(saw_over);
    CHECK(saw_unknown);
    CHECK(saw_invalid);
    CHECK(saw_id);

    /* Out of range and NULL on the accessors. */
    memset(&before, 0x5a, sizeof before);
    memcpy(&v, &before, sizeof v);
    CHECK_STATUS(bz_report_violation(r, n, &v), BZ_OUT_OF_RANGE);
    CHECK_STATUS(bz_report_violation(r, (size_t)-1, &v), BZ_OUT_OF_RANGE);
    CHECK(memcmp(&v, &before, sizeof v) == 0); /* outputs written only on success */
    CHECK_STATUS(bz_report_violation(NULL, 0, &v), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_report_violation(r, 0, NULL), BZ_NULL_ARGUMENT);
    CHECK(bz_report_violation_count(NULL) == 0);
    CHECK(bz_report_error_count(NULL) == 0);
    CHECK(bz_report_warning_count(NULL) == 0);
    CHECK(bz_report_info_count(NULL) == 0);

    CHECK(bz_report_occupancy_count(r) >= 1);
    CHECK_STATUS(bz_report_occupancy(r, 0, &o), BZ_OK);
    CHECK(strcmp(o.unit, "U1") == 0 && strcmp(o.category, "administrative") == 0);
    CHECK(o.approved == 1 && o.occupied == 2 && o.vacant == 0 && o.over == 1);
    CHECK_STATUS(bz_report_occupancy(r, bz_report_occupancy_count(r), &o), BZ_OUT_OF_RANGE);
    CHECK_STATUS(bz_report_occupancy(NULL, 0, &o), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_report_occupancy(r, 0, NULL), BZ_NULL_ARGUMENT);
    CHECK(bz_report_occupancy_count(NULL) == 0);

    CHECK(bz_report_leadership_count(r) >= 1);
    CHECK_STATUS(bz_report_leadership(r, 0, &l), BZ_OK);
    CHECK(strcmp(l.unit, "U1") == 0 && strcmp(l.level, "principal") == 0);
    CHECK(l.approved == 1 && l.actual == 1);
    CHECK_STATUS(bz_report_leadership(r, 99, &l), BZ_OUT_OF_RANGE);
    CHECK_STATUS(bz_report_leadership(NULL, 0, &l), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_report_leadership(r, 0, NULL), BZ_NULL_ARGUMENT);
    CHECK(bz_report_leadership_count(NULL) == 0);

    /* JSON of the report. */
    {
        char *json = NULL;
        size_t len = 0;
        CHECK_STATUS(bz_report_to_json(r, &json, &len), BZ_OK);
        CHECK(json != NULL && strlen(json) == len);
        CHECK(json != NULL && strstr(json, "\"OVER_ESTABLISHMENT\"") != NULL);
        CHECK(json != NULL && strstr(json, "\"as_of\":\"2026-11-30\"") != NULL);
        bz_string_free(json);
        CHECK_STATUS(bz_report_to_json(NULL, &json, &len), BZ_NULL_ARGUMENT);
        CHECK_STATUS(bz_report_to_json(r, NULL, &len), BZ_NULL_ARGUMENT);
    }

    /* Validating the same dataset twice gives the same report; an explicit as_of wins. */
    CHECK_STATUS(bz_validate(ds, "2026-11-30", &r2, &err), BZ_OK);
    j1 = report_json(ds, NULL, NULL);
    j2 = report_json(ds, "2026-11-30", "zh");
    CHECK(j1 != NULL && j2 != NULL && strcmp(j1, j2) == 0);
    CHECK(bz_report_violation_count(r2) == n);
    bz_string_free(j1);
    bz_string_free(j2);
    bz_report_free(r2);
    r2 = NULL;
    CHECK_STATUS(bz_validate(ds, "2030-01-01", &r2, NULL), BZ_OK);
    CHECK(strcmp(bz_report_as_of(r2), "2030-01-01") == 0);
    bz_report_free(r2);
    r2 = NULL;

    /* English messages. */
    CHECK_STATUS(bz_validate_lang(ds, NULL, "en", &r2, NULL), BZ_OK);
    for (i = 0; i < bz_report_violation_count(r2); i++) {
        CHECK_STATUS(bz_report_violation(r2, i, &v), BZ_OK);
        if (strcmp(v.code, "OVER_ESTABLISHMENT") == 0 && v.unit && strcmp(v.unit, "U1") == 0)
            CHECK(strstr(v.message, "over by 1") != NULL);
    }
    bz_report_free(r2);

    /* A report outlives its dataset. */
    bz_dataset_free(ds);
    CHECK_STATUS(bz_report_violation(r, 0, &v), BZ_OK);
    CHECK(v.code != NULL);
    bz_report_free(r);
}

static void test_ident(void) {
    bz_id_number id;
    bz_credit_code cc;
    bz_retirement_info ri;
    bz_error *err = NULL;
    static const char legacy[] = "110105491231002";
    static const char bad[] = "110105194912310021";
    static const char not_utf8[] = "\xff\xff";

    CHECK_STATUS(bz_check_id_number("11010519491231002X", 18, &id, &err), BZ_OK);
    CHECK(strcmp(id.normalized, "11010519491231002X") == 0);
    CHECK(strcmp(id.region, "110105") == 0);
    CHECK(id.birth_year == 1949 && id.birth_month == 12 && id.birth_day == 31);
    CHECK(id.gender == BZ_GENDER_FEMALE);
    CHECK(!id.legacy);
    CHECK_STATUS(bz_check_id_number(legacy, strlen(legacy), &id, &err), BZ_OK);
    CHECK(id.legacy && strcmp(id.normalized, "11010519491231002X") == 0);
    CHECK(err == NULL);
    CHECK_STATUS(bz_check_id_number(bad, strlen(bad), &id, &err), BZ_INVALID_INPUT);
    CHECK(err != NULL && strstr(bz_error_message(err), "check character") != NULL);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_check_id_number(not_utf8, 2, &id, &err), BZ_INVALID_UTF8);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_check_id_number(NULL, 0, &id, NULL), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_check_id_number(bad, strlen(bad), NULL, NULL), BZ_NULL_ARGUMENT);

    CHECK_STATUS(bz_check_credit_code("91110000600037341L", 18, &cc, &err), BZ_OK);
    CHECK(strcmp(cc.code, "91110000600037341L") == 0);
    CHECK(cc.authority == '9' && cc.category == '1');
    CHECK(strcmp(cc.kind, "工商-企业") == 0);
    CHECK(strcmp(cc.region, "110000") == 0);
    CHECK(strcmp(cc.organisation_code, "600037341") == 0);
    CHECK_STATUS(bz_check_credit_code("91110000600037341M", 18, &cc, &err), BZ_INVALID_INPUT);
    CHECK(err != NULL && bz_error_message(err)[0] != '\0');
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_check_credit_code(NULL, 0, &cc, NULL), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_check_credit_code("x", 1, NULL, NULL), BZ_NULL_ARGUMENT);

    CHECK_STATUS(bz_retirement(1965, 12, BZ_RETIREMENT_MALE, &ri), BZ_OK);
    CHECK(ri.age_years == 60 && ri.age_months == 3 && ri.year == 2026 && ri.month == 3);
    CHECK_STATUS(bz_retirement(1971, 4, BZ_RETIREMENT_FEMALE_55, &ri), BZ_OK);
    CHECK(ri.year == 2026 && ri.month == 8);
    CHECK_STATUS(bz_retirement(1980, 1, BZ_RETIREMENT_FEMALE_50, &ri), BZ_OK);
    CHECK_STATUS(bz_retirement(1965, 13, BZ_RETIREMENT_MALE, &ri), BZ_OUT_OF_RANGE);
    CHECK_STATUS(bz_retirement(1965, 0, BZ_RETIREMENT_MALE, &ri), BZ_OUT_OF_RANGE);
    CHECK_STATUS(bz_retirement(1965, 1, 7, &ri), BZ_INVALID_ARGUMENT);
    CHECK_STATUS(bz_retirement(1965, 1, -1, &ri), BZ_INVALID_ARGUMENT);
    CHECK_STATUS(bz_retirement(1965, 1, BZ_RETIREMENT_MALE, NULL), BZ_NULL_ARGUMENT);
}

static void test_assess(void) {
    static const char input[] =
        "{\"scheme\": \"civil_servant_annual\", \"people\": "
        "[{\"id\": \"A1\", \"unit\": \"U1\", \"score\": 93.5}]}";
    static const char not_json[] = "{\"scheme\": ";
    static const char bad_scheme[] = "{\"scheme\": \"no_such_scheme\", \"people\": []}";
    char sentinel[] = "untouched";
    char *out = NULL;
    size_t len = 0;
    bz_error *err = NULL;

    CHECK_STATUS(bz_assess_json(NULL, 0, &out, &len, &err), BZ_NULL_ARGUMENT);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_assess_json(input, strlen(input), NULL, &len, NULL), BZ_NULL_ARGUMENT);
    CHECK_STATUS(bz_assess_json("\xff", 1, &out, &len, NULL), BZ_INVALID_UTF8);

    CHECK_STATUS(bz_assess_json(input, strlen(input), &out, &len, &err), BZ_OK);
    CHECK(err == NULL);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(out != NULL && strstr(out, "\"A1\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"outcomes\"") != NULL);
    bz_string_free(out);
    out = NULL;
    /* len is optional */
    CHECK_STATUS(bz_assess_json(input, strlen(input), &out, NULL, NULL), BZ_OK);
    bz_string_free(out);
    out = (char *)sentinel;
    CHECK_STATUS(bz_assess_json(not_json, strlen(not_json), &out, &len, &err), BZ_INVALID_INPUT);
    CHECK(out == sentinel);
    CHECK(err != NULL && bz_error_status(err) == BZ_INVALID_INPUT);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_assess_json(bad_scheme, strlen(bad_scheme), &out, &len, &err),
                 BZ_INVALID_SCHEME);
    CHECK(err != NULL && strstr(bz_error_message(err), "no_such_scheme") != NULL);
    if (err != NULL) printf("invalid scheme: %s\n", bz_error_message(err));
    out = NULL;
    bz_string_free(out);
    bz_error_free(err);
}

#define THREADS 8
#define ROUNDS 25

struct job {
    const bz_dataset *ds;
    const char *want;
    int mismatches;
};

static void *worker(void *arg) {
    struct job *job = arg;
    int i;
    for (i = 0; i < ROUNDS; i++) {
        char *got = report_json(job->ds, "2026-11-30", i % 2 ? "zh" : NULL);
        if (got == NULL || strcmp(got, job->want) != 0) job->mismatches++;
        bz_string_free(got);
    }
    return NULL;
}

static void test_threads(void) {
    bz_dataset *ds = load(DATASET);
    char *want;
    pthread_t t[THREADS];
    struct job jobs[THREADS];
    int i, started = 0;
    if (ds == NULL) {
        CHECK(ds != NULL);
        return;
    }
    want = report_json(ds, "2026-11-30", NULL);
    CHECK(want != NULL);
    for (i = 0; i < THREADS && want != NULL; i++) {
        jobs[i].ds = ds;
        jobs[i].want = want;
        jobs[i].mismatches = 0;
        if (pthread_create(&t[i], NULL, worker, &jobs[i]) == 0) started++;
    }
    CHECK(want == NULL || started == THREADS);
    for (i = 0; i < started; i++) {
        pthread_join(t[i], NULL);
        CHECK(jobs[i].mismatches == 0);
    }
    bz_string_free(want);
    bz_dataset_free(ds);
}

/* Any thread count gives the same report, byte for byte. */
static void test_thread_counts(void) {
    bz_dataset *ds = load(DATASET);
    char *want = report_json(ds, "2026-11-30", "en");
    size_t counts[] = {1, 2, 3, 64, (size_t)-1};
    size_t i;
    CHECK(ds != NULL && want != NULL);
    for (i = 0; i < sizeof counts / sizeof counts[0] && want != NULL; i++) {
        bz_report *r = NULL;
        char *got = NULL;
        CHECK_STATUS(bz_validate_threads(ds, "2026-11-30", "en", counts[i], &r, NULL), BZ_OK);
        CHECK(bz_report_to_json(r, &got, NULL) == BZ_OK && got != NULL && strcmp(got, want) == 0);
        bz_string_free(got);
        bz_report_free(r);
    }
    {
        bz_report *r = NULL;
        bz_error *err = NULL;
        CHECK_STATUS(bz_validate_threads(ds, "2026-13-01", NULL, 2, &r, &err), BZ_INVALID_ARGUMENT);
        CHECK(r == NULL && err != NULL);
        bz_error_free(err);
    }
    bz_string_free(want);
    bz_dataset_free(ds);
}

/* Staffing plans, evaluation and rectification: JSON in, JSON out, hand-computed results. */
static void test_plan(void) {
    /* 4651200 / (16 x 251 x 0.95) = 1219.12 -> ceil 1220; 9 / 2 = 4.5 -> floor 4. */
    static const char plan[] =
        "{\"rounding\": \"ceil\", \"items\": ["
        "{\"method\": \"efficiency\", \"workload\": 4651200, \"output_per_day\": 16,"
        " \"working_days\": 251, \"attendance\": 0.95},"
        "{\"method\": \"ratio\", \"served\": 9, \"per\": 2, \"rounding\": \"floor\"}]}";
    static const char bad_plan[] =
        "[{\"method\": \"ratio\", \"served\": 9, \"per\": 2},"
        " {\"method\": \"efficiency\", \"workload\": -1, \"output_per_day\": 16,"
        " \"working_days\": 251, \"attendance\": 0.95}]";
    /* One leadership excess: the default scheme deducts 25 of 100 from that aspect. */
    static const char eval[] =
        "{\"scheme\": \"default\", \"units\": [{\"unit\": \"U1\","
        " \"facts\": {\"leadership_excess\": 1}}]}";
    static const char bad_scheme[] = "{\"scheme\": \"no_such_scheme\", \"units\": []}";
    /* As of 05-01: T1 (due 04-30) is overdue by one day, T2 is not yet due. */
    static const char ledger[] =
        "{\"as_of\": \"2026-05-01\", \"tasks\": [{\"id\": \"T1\", \"deadline\": \"2026-04-30\"},"
        " {\"id\": \"T2\", \"deadline\": \"2026-05-31\"}]}";
    char *out = NULL;
    size_t len = 0;
    bz_error *err = NULL;

    CHECK_STATUS(bz_plan_json(plan, strlen(plan), &out, &len, &err), BZ_OK);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(out != NULL && strstr(out, "\"headcount\":1220") != NULL);
    CHECK(out != NULL && strstr(out, "\"headcount\":4}") != NULL);
    CHECK(out != NULL && strstr(out, "\"total_headcount\":1224") != NULL);
    bz_string_free(out);
    out = NULL;

    CHECK_STATUS(bz_plan_json(bad_plan, strlen(bad_plan), &out, &len, &err), BZ_INVALID_INPUT);
    CHECK(out == NULL);
    CHECK(err != NULL && strstr(bz_error_message(err), "item 1") != NULL);
    CHECK(err != NULL && strstr(bz_error_message(err), "workload") != NULL);
    bz_error_free(err);
    err = NULL;

    CHECK_STATUS(bz_evaluate_json(eval, strlen(eval), &out, NULL, &err), BZ_OK);
    CHECK(out != NULL && strstr(out, "\"unit\":\"U1\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"total\":\"75.00\"") != NULL);
    bz_string_free(out);
    out = NULL;
    CHECK_STATUS(bz_evaluate_json(bad_scheme, strlen(bad_scheme), &out, NULL, &err),
                 BZ_INVALID_SCHEME);
    CHECK(out == NULL && err != NULL);
    bz_error_free(err);
    err = NULL;

    CHECK_STATUS(bz_rectification_json(ledger, strlen(ledger), NULL, &out, &len, &err), BZ_OK);
    CHECK(out != NULL && strstr(out, "\"remaining\":2") != NULL);
    CHECK(out != NULL && strstr(out, "\"overdue_days\":1") != NULL);
    bz_string_free(out);
    out = NULL;
    /* A later date given by the caller: both tasks overdue (T2 by one day). */
    CHECK_STATUS(bz_rectification_json(ledger, strlen(ledger), "2026-06-01", &out, &len, &err),
                 BZ_OK);
    CHECK(out != NULL && strstr(out, "\"as_of\":\"2026-06-01\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"overdue_days\":32") != NULL);
    CHECK(out != NULL && strstr(out, "\"overdue_days\":1,") != NULL);
    bz_string_free(out);
    out = NULL;
    CHECK_STATUS(bz_rectification_json(ledger, strlen(ledger), "June", &out, &len, &err),
                 BZ_INVALID_ARGUMENT);
    CHECK(out == NULL && err != NULL && strstr(bz_error_message(err), "June") != NULL);
    bz_error_free(err);
    err = NULL;
    CHECK_STATUS(bz_plan_json(NULL, 0, &out, &len, &err), BZ_NULL_ARGUMENT);
    bz_error_free(err);
}

/* Row strings are made on first read: threads reading one report at once must all see the
 * same, complete strings (the pointers of a row are the same for every reader). */
struct reader {
    const bz_report *rep;
    const char *messages[16];
    const char *units[64];
    int failures;
};

static void *read_rows(void *arg) {
    struct reader *rd = arg;
    size_t i, n = bz_report_violation_count(rd->rep), m = bz_report_occupancy_count(rd->rep);
    for (i = 0; i < n && i < 16; i++) {
        bz_violation v;
        if (bz_report_violation(rd->rep, i, &v) != BZ_OK || v.code == NULL || v.message == NULL)
            rd->failures++;
        else
            rd->messages[i] = v.message;
    }
    for (i = 0; i < m && i < 64; i++) {
        bz_occupancy_row o;
        if (bz_report_occupancy(rd->rep, i, &o) != BZ_OK || o.unit == NULL)
            rd->failures++;
        else
            rd->units[i] = o.unit;
    }
    return NULL;
}

static void test_shared_report(void) {
    bz_dataset *ds = load(DATASET);
    bz_report *rep = NULL;
    bz_error *err = NULL;
    struct reader rd[THREADS];
    pthread_t t[THREADS];
    int i, started = 0;
    size_t k;
    if (ds == NULL) {
        CHECK(ds != NULL);
        return;
    }
    CHECK_STATUS(bz_validate(ds, "2026-11-30", &rep, &err), BZ_OK);
    memset(rd, 0, sizeof rd);
    for (i = 0; i < THREADS && rep != NULL; i++) {
        rd[i].rep = rep;
        if (pthread_create(&t[i], NULL, read_rows, &rd[i]) == 0) started++;
    }
    CHECK(started == THREADS);
    for (i = 0; i < started; i++) {
        pthread_join(t[i], NULL);
        CHECK(rd[i].failures == 0);
    }
    CHECK(bz_report_violation_count(rep) > 0);
    for (i = 1; i < started; i++) {
        for (k = 0; k < 16; k++) CHECK(rd[i].messages[k] == rd[0].messages[k]);
        for (k = 0; k < 64; k++) CHECK(rd[i].units[k] == rd[0].units[k]);
    }
    if (started > 0 && rd[0].messages[0] != NULL) {
        bz_violation v;
        CHECK_STATUS(bz_report_violation(rep, 0, &v), BZ_OK);
        CHECK(v.message == rd[0].messages[0]);
        CHECK(strlen(v.message) > 0);
    }
    bz_report_free(rep);
    bz_dataset_free(ds);
}

int main(void) {
    test_version();
    test_load_errors();
    test_validate();
    test_ident();
    test_assess();
    test_threads();
    test_shared_report();
    test_plan();
    test_thread_counts();
    return tu_summary("api");
}
