package org.vmpbd.cli;

import java.util.Locale;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelState;

/** How the model commands write keys, versions and learning progress. */
final class ModelText {
    private ModelText() {
    }

    /** The key as the commands take it back: {@code IMAGE/PROGRAM}, the fallback as {@code IMAGE/*}. */
    static String key(ModelKey key) {
        return key.toString();
    }

    static String converged(KeyIndex.Version v) {
        return v.converged() == null ? "-" : v.converged() ? "yes" : "no";
    }

    /** One line of learning progress. */
    static String progress(KeyIndex.Learning l) {
        String last = l.growth().isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", l.growth().get(l.growth().size() - 1));
        return String.format(Locale.ROOT, "%d processes, %d batches of %d, %d/%d stable (last growth %s per 1000 windows, "
                + "threshold %s), library %d windows; started %s, time limit %s (until %s)", l.processes(), l.batches(),
            l.settings().batchProcesses(), l.stableStreak(), l.settings().stableBatches(), last,
            number(l.settings().growthPerThousand()), l.libraryWindows(), l.started(), l.settings().timeLimit(),
            l.deadline());
    }

    /** What the version is, in a few words. */
    static String state(KeyIndex.Version v) {
        return v.state().label() + (v.state() == ModelState.CANDIDATE && Boolean.FALSE.equals(v.converged())
            ? " (not converged)" : "");
    }

    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }
}
