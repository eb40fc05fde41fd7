/* spawn N: fork and exec /bin/marker N times, one after another, waiting for each.
 * Each marker process makes a known sequence of calls, so a trap session must see N traces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10, i, status;
	char *args[] = { "marker", NULL };
	char *env[] = { NULL };

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execve("/bin/marker", args, env);
			_exit(127);
		}
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		waitpid(pid, &status, 0);
	}
	printf("spawn done %d\n", n);
	return 0;
}
