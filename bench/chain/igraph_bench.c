/* igraph's C breadth-first search on the same edges and queries: the near-optimal
 * reference for tiers and blast radius (see bench/chain/README.md for the semantics).
 * Usage: chain_igraph EDGES_TSV QUERIES_TSV ORGANISATIONS [MAX_TIER BLAST_TIERS REPEAT] */
#include <igraph/igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  igraph_integer_t limit;
  igraph_integer_t count;
  long long sum;
  igraph_integer_t root;
} Tally;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double peak_rss_mb(void) {
  FILE* f = fopen("/proc/self/status", "r");
  char line[256];
  double mb = 0;
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, "VmHWM:", 6) == 0) mb = atof(line + 6) / 1024.0;
  }
  if (f) fclose(f);
  return mb;
}

/* Visits in breadth-first order; stops once past the limit. */
static igraph_error_t visit(const igraph_t* graph, igraph_integer_t vid, igraph_integer_t pred,
                            igraph_integer_t succ, igraph_integer_t rank, igraph_integer_t dist,
                            void* extra) {
  (void)graph; (void)pred; (void)succ; (void)rank;
  Tally* tally = (Tally*)extra;
  if (dist > tally->limit) return IGRAPH_STOP;
  if (vid != tally->root) {
    tally->count++;
    tally->sum += dist;
  }
  return IGRAPH_SUCCESS;
}

static Tally bfs(const igraph_t* graph, igraph_integer_t root, igraph_neimode_t mode, igraph_integer_t limit) {
  Tally tally = {limit, 0, 0, root};
  igraph_bfs(graph, root, NULL, mode, /*unreachable=*/0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, visit, &tally);
  return tally;
}

static int compare(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s EDGES QUERIES ORGANISATIONS [MAX_TIER BLAST_TIERS REPEAT]\n", argv[0]);
    return 2;
  }
  const igraph_integer_t n = atoll(argv[3]);
  const int max_tier = argc > 4 ? atoi(argv[4]) : 10;
  const int blast_tiers = argc > 5 ? atoi(argv[5]) : 3;
  const int repeat = argc > 6 ? atoi(argv[6]) : 5;

  double start = now_ms();
  igraph_vector_int_t all, critical;
  igraph_vector_int_init(&all, 0);
  igraph_vector_int_init(&critical, 0);
  FILE* in = fopen(argv[1], "r");
  if (!in) { perror(argv[1]); return 1; }
  long long b, s;
  int c;
  while (fscanf(in, "%lld\t%lld\t%d", &b, &s, &c) == 3) {
    igraph_vector_int_push_back(&all, b);
    igraph_vector_int_push_back(&all, s);
    if (c) {
      igraph_vector_int_push_back(&critical, b);
      igraph_vector_int_push_back(&critical, s);
    }
  }
  fclose(in);
  igraph_t graph, critical_graph;
  igraph_create(&graph, &all, n, IGRAPH_DIRECTED);
  igraph_create(&critical_graph, &critical, n, IGRAPH_DIRECTED);
  igraph_vector_int_destroy(&all);
  igraph_vector_int_destroy(&critical);
  printf("igraph load edges=%lld ms=%.0f peak_rss_mb=%.0f\n", (long long)igraph_ecount(&graph), now_ms() - start,
         peak_rss_mb());

  FILE* q = fopen(argv[2], "r");
  char kind[16];
  long long index;
  double* times = malloc(sizeof(double) * (size_t)repeat);
  while (q && fscanf(q, "%15s\t%lld", kind, &index) == 2) {
    if (strcmp(kind, "tiers") == 0) {
      Tally t = {0, 0, 0, 0};
      for (int r = 0; r < repeat; ++r) {
        double t0 = now_ms();
        t = bfs(&graph, index, IGRAPH_OUT, max_tier);
        times[r] = now_ms() - t0;
      }
      qsort(times, (size_t)repeat, sizeof(double), compare);
      printf("igraph tiers query=%lld count=%lld sum=%lld ms=%.3f\n", index, (long long)t.count, t.sum, times[repeat / 2]);
    } else if (strcmp(kind, "blast") == 0) {
      Tally t = {0, 0, 0, 0}, stop = {0, 0, 0, 0};
      for (int r = 0; r < repeat; ++r) {
        double t0 = now_ms();
        t = bfs(&graph, index, IGRAPH_IN, blast_tiers);
        stop = bfs(&critical_graph, index, IGRAPH_IN, blast_tiers);
        times[r] = now_ms() - t0;
      }
      qsort(times, (size_t)repeat, sizeof(double), compare);
      printf("igraph blast query=%lld count=%lld sum=%lld stops=%lld ms=%.3f\n", index, (long long)t.count, t.sum,
             (long long)stop.count, times[repeat / 2]);
    }
  }
  if (q) fclose(q);
  free(times);
  printf("igraph peak_rss_mb=%.0f\n", peak_rss_mb());
  igraph_destroy(&graph);
  igraph_destroy(&critical_graph);
  return 0;
}
