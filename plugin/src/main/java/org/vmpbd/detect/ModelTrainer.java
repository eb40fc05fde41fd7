package org.vmpbd.detect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.trace.ProcessTrace;

/** Builds a {@link DetectionModel} from normal process traces (the training set Q). */
public final class ModelTrainer {

    /**
     * @throws IllegalArgumentException if there are no traces, they mix ABIs, or no trace is as long
     *                                  as M (the library would be empty)
     */
    public DetectionModel train(List<ProcessTrace> traces, TrainingOptions options) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no training traces");
        }
        Abi abi = traces.get(0).abi();
        List<ProcessTrace> kept = new ArrayList<>(traces.size());
        for (ProcessTrace t : traces) {
            if (!t.abi().equals(abi)) {
                throw new IllegalArgumentException("training traces mix ABIs: " + traces.get(0).id() + " is "
                    + abi.name() + " but " + t.id() + " (" + t.source() + ") is " + t.abi().name());
            }
            kept.add(options.filter() == null ? t : filtered(t, options.filter()));
        }
        int m = options.m();
        long calls = 0;
        long windows = 0;
        for (ProcessTrace t : kept) {
            calls += t.length();
            windows += Math.max(0, t.length() - m + 1);
        }
        if (windows == 0) {
            throw new IllegalArgumentException("no training trace has at least M = " + m + " calls ("
                + kept.size() + " traces, " + calls + " calls)");
        }
        SyscallWeights weights = SyscallWeights.train(kept, abi.size(), options.idf());
        WindowLibrary library = WindowLibrary.build(kept, m, abi.size(), weights);
        TrainingSummary summary = new TrainingSummary(digest(kept), kept.size(), calls, windows, options.label());
        return new DetectionModel(abi, m, weights, library, options.filter(), summary);
    }

    static ProcessTrace filtered(ProcessTrace t, SyscallFilter filter) {
        int[] out = new int[t.length()];
        int k = 0;
        for (int s : t.calls()) {
            if (filter.keeps(s)) {
                out[k++] = s;
            }
        }
        return new ProcessTrace(t.id(), t.abi(), java.util.Arrays.copyOf(out, k), t.source());
    }

    /** SHA-256 over the traces in id order: ABI name, then each id and its calls. */
    static String digest(List<ProcessTrace> traces) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<ProcessTrace> sorted = new ArrayList<>(traces);
            sorted.sort(Comparator.comparing(ProcessTrace::id));
            md.update(sorted.get(0).abi().name().getBytes(StandardCharsets.UTF_8));
            ByteBuffer buf = ByteBuffer.allocate(4);
            for (ProcessTrace t : sorted) {
                md.update(t.id().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                for (int s : t.calls()) {
                    buf.clear();
                    buf.putInt(s);
                    md.update(buf.array());
                }
                md.update((byte) 0xFF);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
