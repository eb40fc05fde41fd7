package org.vmpbd.eval;

import java.util.function.IntConsumer;

/** Where an evaluation reports progress (the CLI shows bars; tests ignore it). */
public interface ProgressSink {
    ProgressSink NONE = new ProgressSink() {
        @Override
        public void stage(String what) {
        }

        @Override
        public Step steps(String task, int total) {
            return new Step() {
                @Override
                public void accept(int done) {
                }

                @Override
                public void close() {
                }
            };
        }
    };

    /** A new stage of work begins. */
    void stage(String what);

    /** Counted work: call the step with the number done so far (from any thread), close at the end. */
    Step steps(String task, int total);

    /** A counted piece of work. */
    interface Step extends IntConsumer, AutoCloseable {
        @Override
        void close();
    }
}
