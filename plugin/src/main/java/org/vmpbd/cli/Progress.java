package org.vmpbd.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress on stderr for long work: a bar for counted work, a start/done line for the rest. */
final class Progress {
    private final PrintStream err;
    private final boolean enabled;

    Progress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work}, saying what it does and how long it took. */
    <T> T during(String what, Work<T> work) throws IOException {
        long start = System.nanoTime();
        if (enabled) {
            err.println(what + " ...");
        }
        T result = work.run();
        if (enabled) {
            err.printf("%s: done in %.1f s%n", what, (System.nanoTime() - start) / 1e9);
        }
        return result;
    }

    /** A bar over {@code total} steps; {@link Bar#stepTo} is safe from any thread. */
    Bar bar(String task, long total) {
        if (!enabled) {
            return new Bar(null);
        }
        ProgressBar pb = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(err)).continuousUpdate().build();
        return new Bar(pb);
    }

    /** A bar whose total is learnt from the first {@link Bar#filesRead} call. */
    Bar lazyBar(String task) {
        return new Bar(null) {
            private Bar inner;

            @Override
            void filesRead(int done, int total) {
                if (inner == null) {
                    inner = bar(task, total);
                }
                inner.stepTo(done);
            }

            @Override
            public void close() {
                if (inner != null) {
                    inner.close();
                }
            }
        };
    }

    /** One progress bar; closing it prints the final state. */
    static class Bar implements AutoCloseable {
        private final ProgressBar pb;
        private final AtomicLong highest = new AtomicLong();

        Bar(ProgressBar pb) {
            this.pb = pb;
        }

        void filesRead(int done, int total) {
            stepTo(done);
        }

        /** A note shown after the bar (e.g. convergence so far). */
        void extra(String message) {
            if (pb != null) {
                pb.setExtraMessage(message);
            }
        }

        void stepTo(long done) {
            if (pb != null && highest.accumulateAndGet(done, Math::max) == done) {
                pb.stepTo(done);
            }
        }

        @Override
        public void close() {
            if (pb != null) {
                pb.close();
            }
        }
    }
}
