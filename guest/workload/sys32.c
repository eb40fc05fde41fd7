/* sys32: a 32-bit (i386) program without libc, for the 32-bit system-call entries. One call through
 * each entry, each a different call so that a trace shows which entries were seen:
 *   int $0x80         getppid   (i386 nr 64)   -> entry_INT80_compat / asm_int80_emulation
 *   syscall (32-bit)  getuid32  (199)          -> entry_SYSCALL_compat   (AMD-style CPUs, TCG)
 *   sysenter          getgid32  (200)          -> entry_SYSENTER_compat  (Intel-style CPUs, TCG)
 *   int $0x80         exit_group(0)  (252)
 * The fast entries return through the vDSO's int80_landing_pad (pop ebp, edx, ecx; ret), so they are
 * called the way __kernel_vsyscall does it. Built: gcc -m32 -static -nostdlib -ffreestanding.
 */
__asm__(
	".text\n"
	".globl fast_syscall\n"
	"fast_syscall:\n"
	"	pushl %ecx\n"
	"	pushl %edx\n"
	"	pushl %ebp\n"
	"	movl %ecx, %ebp\n"
	"	syscall\n"
	"	hlt\n"
	".globl fast_sysenter\n"
	"fast_sysenter:\n"
	"	pushl %ecx\n"
	"	pushl %edx\n"
	"	pushl %ebp\n"
	"	movl %esp, %ebp\n"
	"	sysenter\n"
	"	hlt\n");

void fast_syscall(void);
void fast_sysenter(void);

static int int80(int nr, int arg)
{
	int r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(arg) : "memory");
	return r;
}

/* the number goes in eax, as the fast entries expect */
static int fast(void (*entry)(void), int nr)
{
	int r;

	__asm__ volatile("call *%1" : "=a"(r) : "r"(entry), "a"(nr) : "ecx", "edx", "memory");
	return r;
}

void _start(void)
{
	int80(64, 0);
	fast(fast_syscall, 199);
	fast(fast_sysenter, 200);
	int80(252, 0);
	for (;;)
		;
}
