/* sysloop: guest micro-benchmark for the trap cost.
 *   sysloop N [nr]   issue raw syscall nr (default getppid) N times; print "sysloop N nr ns_per_call"
 *   sysloop t        print the monotonic clock in ns
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n, nr = SYS_getppid, i;
	long long t0, t1;

	if (argc > 1 && argv[1][0] == 't') {
		printf("%lld\n", now_ns());
		return 0;
	}
	n = argc > 1 ? atol(argv[1]) : 100000;
	if (argc > 2)
		nr = atol(argv[2]);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		syscall(nr);
	t1 = now_ns();
	printf("sysloop %ld %ld %.1f\n", n, nr, n ? (double)(t1 - t0) / n : 0.0);
	return 0;
}
