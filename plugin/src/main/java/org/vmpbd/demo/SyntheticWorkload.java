package org.vmpbd.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vmpbd.detect.abi.Abi;

/**
 * SYNTHETIC: a seeded generator of guest processes for the demo, standing in until traces recorded
 * from the project's own tiny guest are bundled. Three made-up services (a web server worker, an ssh
 * daemon session, a cron job) behave normally; three attacks are injected into otherwise normal
 * processes: a reverse shell from the web worker, a privilege escalation in the ssh session and a
 * file-encrypting loop in the cron job. Nothing here was captured from a real machine.
 */
public final class SyntheticWorkload {
    /** Said wherever these traces are shown or written. */
    public static final String NOTICE = "SYNTHETIC traces from vmpbd's seeded demo generator, not captured from a guest";

    private static final List<String> LOADER = List.of("execve", "brk", "arch_prctl", "mmap", "access", "openat",
        "fstat", "mmap", "close", "openat", "read", "fstat", "mmap", "mprotect", "mmap", "close", "set_tid_address",
        "set_robust_list", "rseq", "mprotect", "prlimit64", "munmap", "getrandom", "brk");

    private final Abi abi;
    private final List<SyntheticProgram> programs;

    public SyntheticWorkload(Abi abi) {
        this.abi = abi;
        this.programs = List.of(webWorker(), sshSession(), cronJob());
    }

    /** One generated process. {@code attack} names the injected attack, or is null for normal ones. */
    public record Process(String comm, int pid, long start, int[] calls, String attack) {
    }

    /** {@code perProgram} normal processes of each program. */
    public List<Process> normal(int perProgram, long seed, int firstPid) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Process> out = new ArrayList<>();
        int pid = firstPid;
        for (int i = 0; i < perProgram; i++) {
            for (SyntheticProgram p : programs) {
                out.add(new Process(p.comm(), pid, pid * 1000L, numbers(run(p, rnd, null)), null));
                pid++;
            }
        }
        return out;
    }

    /** One process per attack, each a normal run of its host program with the attack spliced in. */
    public List<Process> attacks(long seed, int firstPid) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, List<String>> attacks = new LinkedHashMap<>();
        attacks.put("reverse-shell", List.of("socket", "connect", "dup2", "dup2", "dup2", "execve", "brk",
            "arch_prctl", "mmap", "openat", "read", "close", "getuid", "getgid", "geteuid", "getegid", "getpid",
            "rt_sigaction", "rt_sigaction", "read", "write", "read", "write", "wait4", "read", "write", "read",
            "write", "wait4", "read", "write"));
        attacks.put("privilege-escalation", List.of("getuid", "geteuid", "openat", "read", "close", "setresuid",
            "setresgid", "setgroups", "capset", "openat", "read", "write", "close", "openat", "write", "fchmod",
            "chown", "close", "execve", "setuid", "setgid", "openat", "read", "close", "write"));
        attacks.put("file-encryption", List.of("getdents64", "openat", "newfstatat", "read", "read", "lseek",
            "write", "write", "rename", "unlink", "openat", "newfstatat", "read", "read", "lseek", "write", "write",
            "rename", "unlink", "openat", "newfstatat", "read", "read", "lseek", "write", "write", "rename", "unlink",
            "getdents64"));
        List<Process> out = new ArrayList<>();
        int pid = firstPid;
        int i = 0;
        for (Map.Entry<String, List<String>> a : attacks.entrySet()) {
            SyntheticProgram host = programs.get(i++ % programs.size());
            out.add(new Process(host.comm(), pid, pid * 1000L, numbers(run(host, rnd, a.getValue())), a.getKey()));
            pid++;
        }
        return out;
    }

    private static List<String> run(SyntheticProgram p, SplittableRandom rnd, List<String> injected) {
        List<String> calls = new ArrayList<>(LOADER);
        calls.addAll(p.prefix());
        List<List<String>> steps = new ArrayList<>(p.steps().keySet());
        int totalWeight = p.steps().values().stream().mapToInt(Integer::intValue).sum();
        int loops = p.minLoop() + rnd.nextInt(p.maxLoop() - p.minLoop());
        int injectAt = injected == null ? -1 : loops / 2;
        for (int i = 0; i < loops; i++) {
            if (i == injectAt) {
                calls.addAll(injected);
            }
            int pick = rnd.nextInt(totalWeight);
            for (List<String> step : steps) {
                pick -= p.steps().get(step);
                if (pick < 0) {
                    calls.addAll(step);
                    break;
                }
            }
        }
        calls.addAll(p.suffix());
        return calls;
    }

    private int[] numbers(List<String> names) {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            String n = names.get(i);
            out[i] = abi.numberOf(n).orElseThrow(() -> new IllegalStateException(
                "demo generator uses '" + n + "', which ABI " + abi.name() + " lacks"));
        }
        return out;
    }

    private static SyntheticProgram webWorker() {
        Map<List<String>, Integer> steps = new LinkedHashMap<>();
        steps.put(List.of("epoll_wait", "accept4", "epoll_ctl"), 4);
        steps.put(List.of("epoll_wait", "recvfrom", "openat", "newfstatat", "sendfile", "close", "writev"), 8);
        steps.put(List.of("epoll_wait", "recvfrom", "openat", "close", "writev"), 3);
        steps.put(List.of("epoll_wait", "recvfrom", "writev", "close"), 3);
        steps.put(List.of("epoll_wait", "read", "write"), 2);
        return new SyntheticProgram("nginx", List.of("openat", "read", "close", "socket", "setsockopt", "bind",
            "listen", "epoll_create1", "epoll_ctl", "rt_sigprocmask"), steps, List.of("close", "exit_group"), 20, 80);
    }

    private static SyntheticProgram sshSession() {
        Map<List<String>, Integer> steps = new LinkedHashMap<>();
        steps.put(List.of("poll", "read", "write"), 10);
        steps.put(List.of("poll", "read", "getpid", "write", "write"), 3);
        steps.put(List.of("poll", "rt_sigprocmask", "wait4", "rt_sigprocmask"), 1);
        steps.put(List.of("poll", "clock_gettime", "write"), 2);
        return new SyntheticProgram("sshd", List.of("openat", "read", "close", "getuid", "openat", "read", "close",
            "socket", "connect", "sendto", "recvfrom", "close", "setgroups", "setgid", "setuid", "pipe2", "clone",
            "close"), steps, List.of("close", "close", "exit_group"), 30, 120);
    }

    private static SyntheticProgram cronJob() {
        Map<List<String>, Integer> steps = new LinkedHashMap<>();
        steps.put(List.of("openat", "newfstatat", "read", "close"), 5);
        steps.put(List.of("getdents64", "newfstatat", "newfstatat"), 2);
        steps.put(List.of("write"), 3);
        steps.put(List.of("openat", "read", "read", "close", "write"), 2);
        return new SyntheticProgram("logrotate", List.of("openat", "read", "close", "getuid", "getgid",
            "openat", "getdents64", "getdents64", "close"), steps, List.of("close", "exit_group"), 10, 50);
    }
}
