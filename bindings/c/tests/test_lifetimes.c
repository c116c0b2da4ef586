/* Lifetimes of calls started without blocking, in the shapes the header allows: callbacks that
 * free clients in any order (two freeing each other, a ring of three, a client freed from its
 * own callback while another of its callbacks runs), calls started from callbacks while their
 * client is freed, a callback that frees its handle and its context, and a cancelled call's
 * callback that blocks. No deadlock, nothing of a client after its free, no freed memory
 * touched (valgrind). */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* A callback that frees another client once every callback of the group has arrived, so that
 * the frees overlap. */
struct freer {
    BeeperClient *victim;
    atomic_int *arrived;
    int group;
    atomic_int done;
};

static void on_free_other(void *user_data, int32_t status, char *json) {
    (void)status;
    struct freer *f = user_data;
    beeper_string_free(json);
    atomic_fetch_add(f->arrived, 1);
    double until = now_ms() + 1000;
    while (atomic_load(f->arrived) < f->group && now_ms() < until) sleep_ms(1);
    beeper_client_free(f->victim);
    atomic_store(&f->done, 1);
}

/* `n` clients in a ring: client i's callback frees client i+1. */
static void free_in_a_ring(int n) {
    BeeperClient *clients[3];
    struct freer freers[3];
    atomic_int arrived = 0;
    for (int i = 0; i < n; i++) {
        clients[i] = make_client("");
        REQUIRE(clients[i] != NULL);
    }
    for (int i = 0; i < n; i++) {
        freers[i].victim = clients[(i + 1) % n];
        freers[i].arrived = &arrived;
        freers[i].group = n;
        atomic_store(&freers[i].done, 0);
    }
    for (int i = 0; i < n; i++) {
        char *out = NULL;
        int rc = beeper_client_call_async(clients[i], "setup.retrieve", NULL, NULL, NULL,
                                          on_free_other, &freers[i], NULL, &out);
        REQUIRE_OK(rc, out);
        beeper_string_free(out);
    }
    double until = now_ms() + 10000;
    int finished = 0;
    while (finished < n && now_ms() < until) {
        finished = 0;
        for (int i = 0; i < n; i++) finished += atomic_load(&freers[i].done);
        sleep_ms(5);
    }
    /* A deadlock would leave the frees blocked (and the process hung at exit). */
    REQUIRE_EQ(finished, n);
}

void test_lifetime_callbacks_free_each_others_clients(void) {
    free_in_a_ring(2);
    free_in_a_ring(3);
}

/* Two callbacks of one client: the first frees the client while the second still runs. */
struct pair {
    BeeperClient *client;
    atomic_int arrived;
    atomic_int second_running;
    atomic_int second_done;
    atomic_int second_done_when_freed;
};

static void on_free_self(void *user_data, int32_t status, char *json) {
    (void)status;
    struct pair *p = user_data;
    beeper_string_free(json);
    if (atomic_fetch_add(&p->arrived, 1) == 0) {
        /* First: once the other callback is running, free the client from here. */
        double until = now_ms() + 2000;
        while (!atomic_load(&p->second_running) && now_ms() < until) sleep_ms(1);
        beeper_client_free(p->client);
        atomic_store(&p->second_done_when_freed, atomic_load(&p->second_done) + 1);
    } else {
        atomic_store(&p->second_running, 1);
        sleep_ms(200);
        atomic_store(&p->second_done, 1);
    }
}

void test_lifetime_a_client_freed_from_its_own_callback_waits_for_its_others(void) {
    struct pair p;
    memset(&p, 0, sizeof p);
    p.client = make_client("");
    REQUIRE(p.client != NULL);
    for (int i = 0; i < 2; i++) {
        char *out = NULL;
        int rc = beeper_client_call_async(p.client, "setup.retrieve", NULL, NULL, NULL,
                                          on_free_self, &p, NULL, &out);
        REQUIRE_OK(rc, out);
        beeper_string_free(out);
    }
    double until = now_ms() + 10000;
    while (!atomic_load(&p.second_done_when_freed) && now_ms() < until) sleep_ms(5);
    /* 2: the free returned after the other callback had ended. */
    CHECK_EQ(atomic_load(&p.second_done_when_freed), 2);
}

/* Each callback starts another call on the same client, for as long as it is allowed to. */
struct chain {
    BeeperClient *client;
    atomic_int callbacks;
    atomic_int refused;
    atomic_int freed; /* set once beeper_client_free has returned */
    atomic_int after_free;
};

static void on_chain(void *user_data, int32_t status, char *json) {
    (void)status;
    struct chain *c = user_data;
    beeper_string_free(json);
    if (atomic_load(&c->freed)) atomic_fetch_add(&c->after_free, 1);
    atomic_fetch_add(&c->callbacks, 1);
    char *out = NULL;
    int rc = beeper_setup_wait_async(c->client, "{\"intervalMs\":50,\"timeoutMs\":3000}",
                                     on_chain, c, NULL, &out);
    if (rc != BEEPER_OK) atomic_fetch_add(&c->refused, 1);
    beeper_string_free(out);
}

void test_lifetime_no_callback_of_a_client_after_its_free(void) {
    struct chain c;
    memset(&c, 0, sizeof c);
    c.client = make_client("");
    REQUIRE(c.client != NULL);
    for (int i = 0; i < 2; i++) {
        char *out = NULL;
        int rc = beeper_setup_wait_async(c.client, "{\"intervalMs\":50,\"timeoutMs\":3000}",
                                         on_chain, &c, NULL, &out);
        REQUIRE_OK(rc, out);
        beeper_string_free(out);
    }
    /* Plain calls that chain too: each ends at once, so the chain runs while the free comes. */
    for (int i = 0; i < 2; i++) {
        char *out = NULL;
        int rc = beeper_client_call_async(c.client, "setup.retrieve", NULL, NULL, NULL, on_chain,
                                          &c, NULL, &out);
        REQUIRE_OK(rc, out);
        beeper_string_free(out);
    }
    sleep_ms(100);
    beeper_client_free(c.client);
    atomic_store(&c.freed, 1);
    int seen = atomic_load(&c.callbacks);
    sleep_ms(3500); /* past the waits' own deadline */
    CHECK_EQ(atomic_load(&c.callbacks), seen);
    CHECK_EQ(atomic_load(&c.after_free), 0);
    CHECK(atomic_load(&c.refused) >= 1); /* the calls started during the free were refused */
}

/* A callback that frees its handle and then its context, which holds the handle. */
struct context {
    BeeperCall *call;
    atomic_int *missing;
    atomic_int *ended;
};

static void on_free_handle_and_context(void *user_data, int32_t status, char *json) {
    (void)status;
    struct context *ctx = user_data;
    beeper_string_free(json);
    if (ctx->call == NULL) atomic_fetch_add(ctx->missing, 1);
    beeper_call_free(ctx->call);
    atomic_int *ended = ctx->ended;
    free(ctx);
    atomic_fetch_add(ended, 1);
}

/* Starts a call for `ctx` on `client`, its handle into ctx->call. */
typedef int (*starter)(BeeperClient *client, struct context *ctx, char **out);

static int start_call(BeeperClient *client, struct context *ctx, char **out) {
    return beeper_client_call_async(client, "setup.retrieve", NULL, NULL, NULL,
                                    on_free_handle_and_context, ctx, &ctx->call, out);
}

/* `n` calls whose callbacks free their handle and context; half the client's calls cancelled
 * at once, so that their callbacks race the start's return. Every callback found its handle. */
static void handles_before_callbacks(starter start, int n) {
    BeeperClient *client = make_client("");
    REQUIRE(client != NULL);
    atomic_int missing = 0, ended = 0;
    for (int i = 0; i < n; i++) {
        struct context *ctx = calloc(1, sizeof *ctx);
        REQUIRE(ctx != NULL);
        ctx->missing = &missing;
        ctx->ended = &ended;
        char *out = NULL;
        int rc = start(client, ctx, &out);
        REQUIRE_OK(rc, out);
        beeper_string_free(out);
        if (i % 2 == 1) beeper_client_cancel(client);
    }
    double until = now_ms() + 20000;
    while (atomic_load(&ended) < n && now_ms() < until) sleep_ms(5);
    CHECK_EQ(atomic_load(&ended), n);
    CHECK_EQ(atomic_load(&missing), 0);
    beeper_client_free(client);
}

void test_lifetime_the_handle_is_written_before_the_callback_runs(void) {
    handles_before_callbacks(start_call, 500);
}

/* A cancelled call's callback that blocks holds no other client's timing. */
struct blocking {
    atomic_int ran_on_timer;
    atomic_int done;
};

static int on_timer_thread(void) {
    char name[32] = "";
#ifdef __linux__
    prctl(PR_GET_NAME, name, 0, 0, 0);
#endif
    return strcmp(name, "beeper-setup-timer") == 0;
}

static void on_block(void *user_data, int32_t status, char *json) {
    (void)status;
    struct blocking *b = user_data;
    beeper_string_free(json);
    atomic_store(&b->ran_on_timer, on_timer_thread());
    sleep_ms(1000);
    atomic_store(&b->done, 1);
}

static void on_timed(void *user_data, int32_t status, char *json) {
    double *ended = user_data;
    beeper_string_free(json);
    *ended = status == BEEPER_ERR_TIMEOUT ? now_ms() : -1;
}

void test_lifetime_a_blocking_cancelled_callback_holds_no_other_clients_timing(void) {
    BeeperClient *a = make_client("");
    BeeperClient *b = make_client("");
    REQUIRE(a != NULL && b != NULL);
    struct blocking blocked;
    memset(&blocked, 0, sizeof blocked);
    double ended = 0;
    char *out = NULL;
    BeeperCall *call = NULL;
    int rc = beeper_setup_wait_async(a, "{\"until\":[\"never\"],\"intervalMs\":1000}", on_block,
                                     &blocked, &call, &out);
    REQUIRE_OK(rc, out);
    beeper_string_free(out);
    rc = beeper_setup_wait_async(b, "{\"until\":[\"never\"],\"timeoutMs\":300,\"intervalMs\":100}",
                                 on_timed, &ended, NULL, &out);
    REQUIRE_OK(rc, out);
    beeper_string_free(out);
    double started = now_ms();
    beeper_call_cancel(call);
    double until = now_ms() + 5000;
    while (ended == 0 && now_ms() < until) sleep_ms(2);
    CHECK(ended > 0);
    /* Its 300 ms, not the 1 s the other callback blocks for. */
    CHECK(ended - started < 800);
    CHECK_EQ(atomic_load(&blocked.ran_on_timer), 0);
    while (!atomic_load(&blocked.done) && now_ms() < until) sleep_ms(5);
    beeper_call_free(call);
    beeper_client_free(a);
    beeper_client_free(b);
}

/* A watch's first delivery finds its handle written too, whose end frees it and its context. */
static void on_watch_free_handle(void *user_data, int32_t status, char *json, int32_t more) {
    (void)status;
    struct context *ctx = user_data;
    beeper_string_free(json);
    if (ctx->call == NULL) atomic_fetch_add(ctx->missing, 1);
    if (more) {
        beeper_call_cancel(ctx->call); /* one change is enough: end it */
        return;
    }
    beeper_call_free(ctx->call);
    atomic_int *ended = ctx->ended;
    free(ctx);
    atomic_fetch_add(ended, 1);
}

static int start_watch(BeeperClient *client, struct context *ctx, char **out) {
    return beeper_setup_watch_async(client, "{\"intervalMs\":50}", on_watch_free_handle, ctx,
                                    &ctx->call, out);
}

void test_lifetime_a_watchs_handle_is_written_before_its_first_delivery(void) {
    handles_before_callbacks(start_watch, 100);
}
