/* attack: attack-like behaviour for the detector test, harmless inside the throw-away guest.
 * Reads the password file, opens a socket and tries to connect out, duplicates it onto stdio
 * (a reverse-shell shape), raises privileges, drops a setuid copy of itself, then execs a shell
 * command. Each step is what such tools do; none succeeds in doing harm (no network, no peer).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>

int main(void)
{
	char buf[4096];
	struct sockaddr_in peer;
	int fd, s, out, i;

	fd = open("/etc/passwd", O_RDONLY);
	if (fd >= 0) {
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	for (i = 0; i < 3; i++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		memset(&peer, 0, sizeof(peer));
		peer.sin_family = AF_INET;
		peer.sin_port = htons(4444);
		peer.sin_addr.s_addr = htonl(0x7f000001);
		connect(s, (struct sockaddr *)&peer, sizeof(peer));
		dup2(s, 3);
		dup2(s, 4);
		close(s);
	}
	setuid(0);
	setgid(0);
	out = open("/tmp/.x", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	fd = open("/bin/attack", O_RDONLY);
	if (fd >= 0 && out >= 0) {
		ssize_t n;

		while ((n = read(fd, buf, sizeof(buf))) > 0)
			write(out, buf, n);
	}
	close(fd);
	close(out);
	chmod("/tmp/.x", 04755);
	chown("/tmp/.x", 0, 0);
	unlink("/tmp/.x");
	execl("/bin/sh", "sh", "-c", "id; uname -a; cat /proc/version", (char *)NULL);
	return 1;
}
