/* Runs assessment inputs through bz_assess_json.
 *
 * usage: assess CASE_DIR...   each folder holds input.json (from `cases.py split-assess`);
 * writes result.json on success or error.txt (status name, newline, message) on failure,
 * for `cases.py check-assess` to compare with the corpus expectations.
 */
#include <bianzhi.h>

#include "testutil.h"

int main(int argc, char **argv) {
    tu_run_cases(argv + 1, argc - 1, bz_assess_json);
    return tu_summary("assess-runner");
}
