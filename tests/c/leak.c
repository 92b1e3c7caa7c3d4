/* Negative control for the leak checkers: deliberately never frees a dataset, a report, an
 * error and a JSON string. scripts/test-c.sh expects ASan/LSan and valgrind to FAIL on it,
 * which shows that their passing on the real tests means something.
 */
#include <bianzhi.h>

#include <stdio.h>
#include <string.h>

int main(void) {
    static const char doc[] =
        "{\"units\": [{\"id\": \"U1\", \"name\": \"局\", \"kind\": \"organ\"}], \"staff\": []}";
    bz_dataset *ds = NULL;
    bz_report *r = NULL;
    bz_error *err = NULL;
    char *json = NULL;
    if (bz_dataset_from_json(doc, strlen(doc), &ds, &err) != BZ_OK) return 3;
    if (bz_validate(ds, "2026-11-30", &r, &err) != BZ_OK) return 3;
    if (bz_report_to_json(r, &json, NULL) != BZ_OK) return 3;
    (void)bz_dataset_from_json("{", 1, &ds, &err);
    ds = NULL;
    r = NULL;
    err = NULL;
    json = NULL;
    puts("leaked on purpose");
    return 0;
}
