/* A tiny test harness: CHECK records a failure and goes on; REQUIRE records it and returns
 * from the test function. Each test is a `static void test_x(void)` listed in main's table. */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdio.h>
#include <string.h>

extern int g_test_failed;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "    %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            g_test_failed = 1;                                                        \
        }                                                                             \
    } while (0)

#define REQUIRE(cond)                                                                   \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "    %s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
            g_test_failed = 1;                                                          \
            return;                                                                     \
        }                                                                               \
    } while (0)

#define CHECK_EQ(a, b)                                                                      \
    do {                                                                                    \
        long long _a = (long long)(a), _b = (long long)(b);                                 \
        if (_a != _b) {                                                                     \
            fprintf(stderr, "    %s:%d: CHECK_EQ failed: %s == %s (%lld != %lld)\n", __FILE__, \
                    __LINE__, #a, #b, _a, _b);                                              \
            g_test_failed = 1;                                                              \
        }                                                                                   \
    } while (0)

#define REQUIRE_EQ(a, b)                                                                      \
    do {                                                                                      \
        long long _a = (long long)(a), _b = (long long)(b);                                   \
        if (_a != _b) {                                                                       \
            fprintf(stderr, "    %s:%d: REQUIRE_EQ failed: %s == %s (%lld != %lld)\n", __FILE__, \
                    __LINE__, #a, #b, _a, _b);                                                \
            g_test_failed = 1;                                                                \
            return;                                                                           \
        }                                                                                     \
    } while (0)

/* Prints the JSON that made a check fail, for context. */
#define NOTE_JSON(label, s) \
    fprintf(stderr, "    %s: %s\n", (label), (s) != NULL ? (s) : "(NULL)")

#endif
