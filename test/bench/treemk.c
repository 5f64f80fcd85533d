/* SPDX-License-Identifier: MIT
 * Part of iobench studio (test/bench): the plain-C baseline the agent benchmark compares against.
 *
 * Builds a WIDTH^DEPTH tree of folders named d<level>_w<n>.dir under ROOT (every level first, breadth first,
 * as a prepare stage does), then writes FILES_PER_DIR files of SIZE bytes into every leaf folder, named
 * file_<index, 8 digits>.dat with the index counted over all leaves. THREADS workers take leaves from a shared
 * counter. It prints one line: dirs files bytes seconds files_per_s MiB_per_s
 *
 *   cc -O2 -pthread -o treemk treemk.c && ./treemk ROOT WIDTH DEPTH FILES_PER_DIR SIZE THREADS */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEPTH 32
#define CHUNK (1L << 20)

static const char *base;
static long width, depth, per_dir, size_bytes, threads, leaf_count;
static atomic_long next_leaf;
static char *payload;

/* The folder path of node `k` (0-based, in creation order) at `level` (1-based): digits of k in base `width`. */
static int node_path(char *out, size_t cap, long level, long k) {
  long digit[MAX_DEPTH];
  for (long j = level - 1; j >= 0; j--, k /= width) digit[j] = k % width;
  int n = snprintf(out, cap, "%s", base);
  for (long j = 0; j < level && n < (int)cap; j++)
    n += snprintf(out + n, cap - n, "/d%ld_w%ld.dir", j + 1, digit[j] + 1);
  return n;
}

static void fail(const char *what, const char *path) {
  fprintf(stderr, "treemk: %s %s: %s\n", what, path, strerror(errno));
  exit(1);
}

static void write_file(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) fail("open", path);
  for (long done = 0; done < size_bytes;) {
    long n = size_bytes - done < CHUNK ? size_bytes - done : CHUNK;
    ssize_t w = write(fd, payload, (size_t)n);
    if (w <= 0) fail("write", path);
    done += w;
  }
  if (close(fd)) fail("close", path);
}

static void *worker(void *unused) {
  (void)unused;
  char dir[4096], file[4200];
  for (long leaf; (leaf = atomic_fetch_add(&next_leaf, 1)) < leaf_count;) {
    node_path(dir, sizeof dir, depth, leaf);
    for (long i = 0; i < per_dir; i++) {
      snprintf(file, sizeof file, "%s/file_%08ld.dat", dir, leaf * per_dir + i);
      write_file(file);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: treemk ROOT WIDTH DEPTH FILES_PER_DIR SIZE THREADS\n");
    return 2;
  }
  base = argv[1];
  width = atol(argv[2]);
  depth = atol(argv[3]);
  per_dir = atol(argv[4]);
  size_bytes = atol(argv[5]);
  threads = atol(argv[6]);
  if (width < 1 || depth < 1 || depth > MAX_DEPTH || per_dir < 0 || size_bytes < 0 || threads < 1 ||
      threads > 1024) {
    fprintf(stderr, "treemk: out of range (depth 1..%d, threads 1..1024)\n", MAX_DEPTH);
    return 2;
  }
  payload = malloc(CHUNK);
  if (!payload) return 1;
  unsigned x = 2463534242u; /* xorshift: incompressible bytes, like fill: random */
  for (long i = 0; i < CHUNK; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    payload[i] = (char)x;
  }

  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (mkdir(base, 0755) && errno != EEXIST) fail("mkdir", base);
  long dirs = 0, nodes = 1;
  char path[4096];
  for (long level = 1; level <= depth; level++) {
    nodes *= width;
    for (long k = 0; k < nodes; k++, dirs++) {
      node_path(path, sizeof path, level, k);
      if (mkdir(path, 0755) && errno != EEXIST) fail("mkdir", path);
    }
  }
  leaf_count = nodes;

  pthread_t *tid = calloc((size_t)threads, sizeof *tid);
  if (!tid) return 1;
  for (long t = 0; t < threads; t++) pthread_create(&tid[t], NULL, worker, NULL);
  for (long t = 0; t < threads; t++) pthread_join(tid[t], NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);

  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  long files = leaf_count * per_dir;
  printf("%ld %ld %ld %.4f %.0f %.1f\n", dirs, files, files * size_bytes, secs, files / secs,
         (double)files * (double)size_bytes / secs / 1048576.0);
  free(tid);
  free(payload);
  return 0;
}
