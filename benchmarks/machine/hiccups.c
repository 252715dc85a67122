/*
 * Machine hiccup meter: one thread per CPU, each pinned to its CPU, sleeps 1 ms again and again
 * and records by how much each sleep overran. On a quiet machine a sleep overruns by well under
 * a millisecond; an overrun of tens of milliseconds means the CPU was taken away from every
 * process on it (by the hypervisor, say), which no service running there can avoid.
 * Usage: hiccups <seconds>. Prints one line per CPU at the end, or when sent SIGTERM or SIGINT.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int seconds;
static volatile sig_atomic_t stop;

static void on_signal(int sig) {
    (void) sig;
    stop = 1;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *meter(void *arg) {
    long cpu = (long) arg;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    static const long long bounds[] = {1, 5, 10, 20, 50, 100};
    long long counts[7] = {0};
    long long worst = 0, stalled = 0, samples = 0, started = now_ns();
    struct timespec ms = {0, 1000000};
    long long end = now_ns() + seconds * 1000000000LL;
    while (!stop && now_ns() < end) {
        long long before = now_ns();
        nanosleep(&ms, NULL);
        long long over = (now_ns() - before - 1000000) / 1000; /* µs */
        int bucket = 0;
        while (bucket < 6 && over >= bounds[bucket] * 1000) {
            bucket++;
        }
        counts[bucket]++;
        samples++;
        if (over > worst) {
            worst = over;
        }
        if (over >= 10000) {
            stalled += over;
        }
    }
    printf("cpu %ld: %lld sleeps of 1 ms; overrun <1 ms %lld, 1-5 ms %lld, 5-10 ms %lld, 10-20 ms %lld, "
           "20-50 ms %lld, 50-100 ms %lld, >=100 ms %lld; worst %.1f ms; time lost in overruns >= 10 ms: "
           "%.0f ms (%.2f %% of the run)\n",
           cpu, samples, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], worst / 1000.0,
           stalled / 1000.0, stalled * 100.0 / ((now_ns() - started) / 1000.0));
    return NULL;
}

int main(int argc, char **argv) {
    seconds = argc > 1 ? atoi(argv[1]) : 60;
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    pthread_t threads[256];
    for (long c = 0; c < cpus && c < 256; c++) {
        pthread_create(&threads[c], NULL, meter, (void *) c);
    }
    for (long c = 0; c < cpus && c < 256; c++) {
        pthread_join(threads[c], NULL);
    }
    return 0;
}
