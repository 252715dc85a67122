/*
 * Machine speed probe: how fast this machine is right now, in the three respects that decide the
 * services' CPU per job. Benchmarks on a shared virtual machine vary by hour; run this before and
 * after one to tell a change of the code from a change of the machine.
 *
 *  1. compute: one thread per CPU, pinned, runs a fixed integer workload (xorshift) for the given
 *     time; reported as millions of steps per second per CPU.
 *  2. memory: one thread per CPU follows a random cycle of pointers through its own 64 MiB
 *     (far larger than any cache), one dependent read at a time; reported as nanoseconds per read.
 *     Other tenants of the host that fill its caches or its memory bus make this dearer while
 *     compute stays the same, and with it everything a service does with its heap.
 *  3. wake-up: two threads pinned to different CPUs hand a token back and forth through pipes (each
 *     blocks in read until the other writes), as a service hands a request from one thread to
 *     another; reported as microseconds per hand-off (half a round trip), median and 99th
 *     percentile. On a virtual machine a cross-CPU wake-up is an inter-processor interrupt, which
 *     the hypervisor delivers; when the host is busy it gets dearer, and so does every thread hop.
 *
 * Usage: speed <seconds per part> (benchmarks/machine/run.sh speed [seconds]).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int seconds;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

struct compute {
    int cpu;
    double steps_per_second;
    uint64_t sink;
};

static void *compute(void *arg) {
    struct compute *c = arg;
    pin(c->cpu);
    uint64_t x = 88172645463325252ULL + (uint64_t) c->cpu;
    long long steps = 0;
    long long start = now_ns(), end = start + seconds * 1000000000LL, t = start;
    while (t < end) {
        for (int i = 0; i < 1000000; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }
        steps += 1000000;
        t = now_ns();
    }
    c->sink = x;
    c->steps_per_second = steps / ((t - start) / 1e9);
    return NULL;
}

struct memory {
    int cpu;
    double ns_per_read;
    size_t sink;
};

#define CHASE_SLOTS (64 * 1024 * 1024 / sizeof(size_t))

static void *memory(void *arg) {
    struct memory *m = arg;
    pin(m->cpu);
    size_t *next = malloc(CHASE_SLOTS * sizeof *next);
    size_t *order = malloc(CHASE_SLOTS * sizeof *order);
    if (next == NULL || order == NULL) {
        m->ns_per_read = -1;
        return NULL;
    }
    uint64_t x = 0x9E3779B97F4A7C15ULL + (uint64_t) m->cpu;
    for (size_t i = 0; i < CHASE_SLOTS; i++) {
        order[i] = i;
    }
    for (size_t i = CHASE_SLOTS - 1; i > 0; i--) { /* Fisher-Yates: one random cycle through every slot */
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t j = (size_t) (x % (i + 1)), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < CHASE_SLOTS; i++) {
        next[order[i]] = order[(i + 1) % CHASE_SLOTS];
    }
    free(order);
    size_t at = 0;
    long long reads = 0;
    long long start = now_ns(), end = start + seconds * 1000000000LL, t = start;
    while (t < end) {
        for (int i = 0; i < 100000; i++) {
            at = next[at];
        }
        reads += 100000;
        t = now_ns();
    }
    m->sink = at;
    m->ns_per_read = (t - start) / (double) reads;
    free(next);
    return NULL;
}

static int ping[2], pong[2];

static void *echo(void *arg) {
    pin(*(int *) arg);
    char token;
    while (read(ping[0], &token, 1) == 1) {
        if (token == 'q' || write(pong[1], &token, 1) != 1) {
            break;
        }
    }
    return NULL;
}

static int compare(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    seconds = argc > 1 ? atoi(argv[1]) : 5;
    if (seconds <= 0) {
        seconds = 5;
    }
    int cpus = (int) sysconf(_SC_NPROCESSORS_ONLN);

    struct compute *cs = calloc(cpus, sizeof *cs);
    pthread_t *threads = calloc(cpus, sizeof *threads);
    for (int i = 0; i < cpus; i++) {
        cs[i].cpu = i;
        pthread_create(&threads[i], NULL, compute, &cs[i]);
    }
    for (int i = 0; i < cpus; i++) {
        pthread_join(threads[i], NULL);
        printf("cpu %d: compute %.0f million steps/s\n", i, cs[i].steps_per_second / 1e6);
    }

    struct memory *ms = calloc(cpus, sizeof *ms);
    for (int i = 0; i < cpus; i++) {
        ms[i].cpu = i;
        pthread_create(&threads[i], NULL, memory, &ms[i]);
    }
    for (int i = 0; i < cpus; i++) {
        pthread_join(threads[i], NULL);
        printf("cpu %d: memory %.1f ns per random read over 64 MiB\n", i, ms[i].ns_per_read);
    }

    if (cpus < 2) {
        printf("wake-up: needs 2 CPUs\n");
        return 0;
    }
    if (pipe(ping) != 0 || pipe(pong) != 0) {
        perror("pipe");
        return 1;
    }
    int other = 1;
    pthread_t echoer;
    pthread_create(&echoer, NULL, echo, &other);
    pin(0);
    size_t capacity = 1 << 20, n = 0;
    long long *samples = malloc(capacity * sizeof *samples);
    char token = 't';
    long long end = now_ns() + seconds * 1000000000LL;
    while (n < capacity) {
        long long start = now_ns();
        if (start >= end || write(ping[1], &token, 1) != 1 || read(pong[0], &token, 1) != 1) {
            break;
        }
        samples[n++] = now_ns() - start;
    }
    token = 'q';
    if (write(ping[1], &token, 1) == 1) {
        pthread_join(echoer, NULL);
    }
    qsort(samples, n, sizeof *samples, compare);
    if (n > 0) {
        printf("wake-up across CPUs: %zu round trips; per hand-off median %.1f us, p99 %.1f us\n", n,
                samples[n / 2] / 2e3, samples[(size_t) (n * 0.99)] / 2e3);
    }
    return 0;
}
