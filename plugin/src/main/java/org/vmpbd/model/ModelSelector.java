package org.vmpbd.model;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.SyscallFilter;

/**
 * Chooses the model for a process: the active version of {@code (image, comm)} if that key has one,
 * else the active version of the image-wide fallback {@code (image, *)}, else none. A chosen model
 * built with another syscall filter than the capture's is refused ({@link FilterMismatchException}),
 * never silently used and never skipped for the fallback.
 *
 * <p>Each selection reads the keys' {@code index.json} (a small file; parsed again only when its bytes
 * changed), so a promotion or rollback is seen by the next selection; models are cached by key,
 * version and checksum. Thread-safe.
 */
public final class ModelSelector {
    private final ModelStore store;
    private final ConcurrentHashMap<ModelKey, CachedIndex> indexes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DetectionModel> models = new ConcurrentHashMap<>();

    public ModelSelector(ModelStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The model for a process.
     *
     * @param fallback true when the image-wide model was chosen because {@code (image, comm)} has no active version
     */
    public record Selection(ModelKey key, KeyIndex.Version version, DetectionModel model, boolean fallback) {
    }

    private record CachedIndex(byte[] bytes, KeyIndex index) {
    }

    /**
     * @param comm the process's program ({@code ""} when unknown: the fallback is used)
     * @throws FilterMismatchException if the chosen model's filter differs from {@code capture}'s
     * @throws ModelStoreException     if the chosen key's index or model file is corrupt
     */
    public Optional<Selection> select(String image, String comm, CaptureInfo capture) throws IOException {
        ModelKey fallback = ModelKey.imageWide(image);
        if (comm != null && !comm.isEmpty() && !comm.equals(ModelKey.ANY_PROGRAM)) {
            ModelKey exact = new ModelKey(image, comm);
            Optional<Selection> s = activeOf(exact, false);
            if (s.isPresent()) {
                return Optional.of(checked(s.get(), capture));
            }
        }
        Optional<Selection> s = activeOf(fallback, comm != null && !comm.equals(ModelKey.ANY_PROGRAM));
        return s.isPresent() ? Optional.of(checked(s.get(), capture)) : Optional.empty();
    }

    /** Forgets every cached index and model. */
    public void clear() {
        indexes.clear();
        models.clear();
    }

    private Optional<Selection> activeOf(ModelKey key, boolean fallback) throws IOException {
        Optional<KeyIndex> idx = index(key);
        if (idx.isEmpty() || idx.get().active().isEmpty()) {
            return Optional.empty();
        }
        int n = idx.get().active().getAsInt();
        KeyIndex.Version v = idx.get().version(n).orElseThrow();
        String cacheKey = key + "#" + n + "#" + v.sha256();
        DetectionModel model = models.get(cacheKey);
        if (model == null) {
            model = store.load(key, n);
            models.put(cacheKey, model);
        }
        return Optional.of(new Selection(key, v, model, fallback));
    }

    private Optional<KeyIndex> index(ModelKey key) throws IOException {
        byte[] bytes;
        try {
            bytes = AtomicFiles.read(store.indexFile(key));
        } catch (NoSuchFileException e) {
            indexes.remove(key);
            return Optional.empty();
        }
        CachedIndex c = indexes.get(key);
        if (c != null && Arrays.equals(c.bytes(), bytes)) {
            return Optional.of(c.index());
        }
        KeyIndex idx = store.decode(bytes, key);
        indexes.put(key, new CachedIndex(bytes, idx));
        return Optional.of(idx);
    }

    private static Selection checked(Selection s, CaptureInfo capture) {
        SyscallFilter modelFilter = s.model().filter().orElse(null);
        if (!Objects.equals(modelFilter, capture.filter())) {
            throw new FilterMismatchException("model " + s.key() + " v" + s.version().version() + " was built with "
                + "syscall filter " + CaptureInfo.describe(s.model().abi(), modelFilter) + " but the capture was taken "
                + "with filter " + capture.describeFilter() + "; refused (capture with the model's filter, or learn a "
                + "model from captures of this filter)");
        }
        return s;
    }
}
