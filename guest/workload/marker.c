/* marker: a process of exactly known behaviour, raw syscalls only (no libc start-up noise after
 * main): getppid, getuid, getgid, getppid, then exit_group(0). Static: execve, then libc's own
 * start-up calls (arch_prctl, set_tid_address, ...), then these.
 */
#define _GNU_SOURCE
#include <unistd.h>
#include <sys/syscall.h>

int main(void)
{
	syscall(SYS_getppid);
	syscall(SYS_getuid);
	syscall(SYS_getgid);
	syscall(SYS_getppid);
	syscall(SYS_exit_group, 0);
	return 0;
}
