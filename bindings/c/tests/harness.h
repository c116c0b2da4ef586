/* A tiny test harness: CHECK records a failure and goes on; REQUIRE records it and returns
 * from the test function. Each test is a `void test_x(void)` declared in suite.h and listed in
 * the runner's table (test_beeper_setup.c). */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdio.h>
#include <string.h>

extern int g_test_failed;

/* 1 when `ok`; otherwise prints "file:line: MACRO failed: expr", records the failure, 0. */
static inline int harness_check(const char *file, int line, const char *macro, int ok,
                                const char *expr) {
    if (ok) return 1;
    fprintf(stderr, "    %s:%d: %s failed: %s\n", file, line, macro, expr);
    g_test_failed = 1;
    return 0;
}

/* 1 when a == b; otherwise prints both expressions and values, records the failure, 0. */
static inline int harness_check_eq(const char *file, int line, const char *macro,
                                   const char *expr_a, const char *expr_b, long long a,
                                   long long b) {
    if (a == b) return 1;
    fprintf(stderr, "    %s:%d: %s failed: %s == %s (%lld != %lld)\n", file, line, macro, expr_a,
            expr_b, a, b);
    g_test_failed = 1;
    return 0;
}

#define CHECK(cond) \
    do { harness_check(__FILE__, __LINE__, "CHECK", (cond) ? 1 : 0, #cond); } while (0)

#define REQUIRE(cond) \
    do { if (!harness_check(__FILE__, __LINE__, "REQUIRE", (cond) ? 1 : 0, #cond)) return; } while (0)

#define CHECK_EQ(a, b) \
    do { harness_check_eq(__FILE__, __LINE__, "CHECK_EQ", #a, #b, (long long)(a), (long long)(b)); } while (0)

#define REQUIRE_EQ(a, b)                                                                       \
    do {                                                                                       \
        if (!harness_check_eq(__FILE__, __LINE__, "REQUIRE_EQ", #a, #b, (long long)(a),        \
                              (long long)(b)))                                                 \
            return;                                                                            \
    } while (0)

/* Prints the JSON that made a check fail, for context. */
#define NOTE_JSON(label, s) \
    fprintf(stderr, "    %s: %s\n", (label), (s) != NULL ? (s) : "(NULL)")

#endif
