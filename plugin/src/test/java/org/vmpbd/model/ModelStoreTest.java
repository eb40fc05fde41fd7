package org.vmpbd.model;

import org.vmpbd.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.DetectionModel;

class ModelStoreTest {
    private static final ModelKey NGINX = new ModelKey("ubuntu-22.04", "nginx");
    private static final ModelKey WIDE = ModelKey.imageWide("ubuntu-22.04");

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock();

    private ModelStore store() {
        return new ModelStore(root, clock);
    }

    @Test
    void importedModelRoundTripsThroughTheIndexAndAFreshStore() throws IOException {
        DetectionModel model = Fixtures.model(1);
        KeyIndex.Version v = store().importModel(NGINX, model, "alice", "trained by hand");
        assertEquals(1, v.version());
        assertEquals(ModelState.CANDIDATE, v.state());
        assertTrue(Files.isRegularFile(root.resolve("ubuntu-22.04/nginx/v1.vmpbd")));
        assertTrue(Files.isRegularFile(root.resolve("ubuntu-22.04/nginx/index.json")));

        ModelStore fresh = store();
        KeyIndex idx = fresh.index(NGINX);
        assertEquals(List.of(NGINX), fresh.keys());
        assertEquals(v, idx.version(1).orElseThrow());
        assertEquals(model.training().digest(), idx.version(1).orElseThrow().training().digest());
        assertEquals(model.library().rows(), idx.version(1).orElseThrow().training().libraryWindows());
        DetectionModel back = fresh.load(NGINX, 1);
        assertEquals(model.training(), back.training());
        assertEquals(model.library().rows(), back.library().rows());
        assertTrue(fresh.active(NGINX).isEmpty(), "a candidate is not active");

        KeyIndex.Version active = fresh.promote(NGINX, null, "bob", "looks good");
        assertEquals(ModelState.ACTIVE, active.state());
        assertEquals("bob", active.promoted().by());
        assertEquals("looks good", active.promoted().why());
        assertEquals(clock.instant(), active.promoted().at());
        assertEquals(1, store().active(NGINX).orElseThrow().version().version());
        assertEquals(List.of("imported", "promoted"), store().index(NGINX).history().stream()
            .map(KeyIndex.Event::action).toList());
    }

    @Test
    void theFallbackKeyLivesInAnEncodedDirectoryAndOddNamesRoundTrip() throws IOException {
        ModelKey odd = new ModelKey("img one", "kworker/0:1");
        store().importModel(WIDE, Fixtures.model(1), "t", "");
        store().importModel(odd, Fixtures.model(2), "t", "");
        assertTrue(Files.isRegularFile(root.resolve("ubuntu-22.04/%2A/v1.vmpbd")));
        assertTrue(Files.isRegularFile(root.resolve("img%20one/kworker%2F0%3A1/index.json")));
        assertEquals(List.of(odd, WIDE), store().keys());
    }

    @Test
    void versionsPromoteRetireAndRollBackThroughTheActivationStack() throws IOException {
        ModelStore s = store();
        for (int i = 1; i <= 3; i++) {
            s.importModel(NGINX, Fixtures.model(i), "t", "");
            assertEquals(i, s.promote(NGINX, null, "t", "").version());
        }
        KeyIndex idx = s.index(NGINX);
        assertEquals(List.of(1, 2, 3), idx.activeStack());
        assertEquals(ModelState.RETIRED, idx.version(1).orElseThrow().state());
        assertEquals("replaced by v2", idx.version(1).orElseThrow().retired().why());

        ModelStoreException noCandidate = assertThrows(ModelStoreException.class, () -> s.promote(NGINX, null, "t", ""));
        assertTrue(noCandidate.getMessage().contains("no candidate"), noCandidate.getMessage());
        assertTrue(assertThrows(ModelStoreException.class, () -> s.promote(NGINX, 3, "t", "")).getMessage()
            .contains("already active"));
        assertTrue(assertThrows(ModelStoreException.class, () -> s.promote(NGINX, 9, "t", "")).getMessage()
            .contains("has no version 9 (versions: 1, 2, 3)"));

        assertEquals(2, s.rollback(NGINX, "carol", "v3 raises alarms").version());
        idx = s.index(NGINX);
        assertEquals(ModelState.RETIRED, idx.version(3).orElseThrow().state());
        assertEquals("rolled back: v3 raises alarms", idx.version(3).orElseThrow().retired().why());
        assertEquals(ModelState.ACTIVE, idx.version(2).orElseThrow().state());
        assertEquals(1, s.rollback(NGINX, "carol", "").version());
        ModelStoreException first = assertThrows(ModelStoreException.class, () -> s.rollback(NGINX, "carol", ""));
        assertTrue(first.getMessage().contains("no earlier one"), first.getMessage());
        assertEquals(1, s.active(NGINX).orElseThrow().version().version(), "a refused rollback changes nothing");

        // a retired version can be promoted again, and rollback then returns to the one it replaced
        assertEquals(3, s.promote(NGINX, 3, "t", "fixed").version());
        assertEquals(1, s.rollback(NGINX, "t", "").version());
    }

    @Test
    void unknownKeysAreClearErrors() {
        ModelStoreException e = assertThrows(ModelStoreException.class, () -> store().index(NGINX));
        assertTrue(e.getMessage().contains("no models for ubuntu-22.04/nginx"), e.getMessage());
        assertThrows(ModelStoreException.class, () -> store().rollback(NGINX, "t", ""));
        assertThrows(ModelStoreException.class, () -> store().promote(NGINX, null, "t", ""));
    }

    /** Fails the atomic rename of one file name, as a crash between the temp write and the move would. */
    private static final class CrashBeforeMove extends AtomicFiles {
        private final String name;

        CrashBeforeMove(String name) {
            this.name = name;
        }

        @Override
        void move(Path tmp, Path target) throws IOException {
            if (target.getFileName().toString().equals(name)) {
                throw new IOException("simulated crash before renaming " + tmp + " to " + target);
            }
            super.move(tmp, target);
        }
    }

    @Test
    void aCrashBeforeTheIndexMoveLeavesTheOldVersionsIntactAndTheOrphanIsNeverReused() throws IOException {
        store().importModel(NGINX, Fixtures.model(1), "t", "");
        store().promote(NGINX, 1, "t", "");
        byte[] indexBefore = Files.readAllBytes(store().indexFile(NGINX));
        byte[] modelBefore = Files.readAllBytes(store().modelFile(NGINX, 1));

        ModelStore crashing = new ModelStore(root, clock, new CrashBeforeMove(ModelStore.INDEX));
        assertThrows(IOException.class, () -> crashing.importModel(NGINX, Fixtures.model(2), "t", ""));
        assertArrayEquals(indexBefore, Files.readAllBytes(store().indexFile(NGINX)), "old index intact");
        assertArrayEquals(modelBefore, Files.readAllBytes(store().modelFile(NGINX, 1)), "old model intact");
        assertEquals(1, store().active(NGINX).orElseThrow().version().version());
        assertEquals(1, store().index(NGINX).versions().size());
        assertEquals(List.of("v2.vmpbd"), store().strays(NGINX), "the model moved in before the crash is unrecorded");

        KeyIndex.Version next = store().importModel(NGINX, Fixtures.model(3), "t", "");
        assertEquals(3, next.version(), "version numbers skip a model file already on disk");
        assertEquals(Fixtures.model(3).training().digest(), store().load(NGINX, 3).training().digest());
    }

    @Test
    void strayTempFilesOfACrashedWriterAreIgnoredByReadersAndRemovedByTheNextWriter() throws IOException {
        store().importModel(NGINX, Fixtures.model(1), "t", "");
        store().promote(NGINX, 1, "t", "");
        Path dir = store().directory(NGINX);
        Path strayIndex = dir.resolve(".index.json.tmp-1234");
        Path strayModel = dir.resolve(".v2.vmpbd.tmp-5678");
        Files.writeString(strayIndex, "{\"format\": \"vmpbd-model-in");
        Files.write(strayModel, new byte[] {1, 2, 3});

        assertEquals(List.of(NGINX), store().keys());
        assertEquals(1, store().active(NGINX).orElseThrow().version().version());
        assertEquals(List.of(".index.json.tmp-1234", ".v2.vmpbd.tmp-5678"), store().strays(NGINX));

        assertEquals(2, store().importModel(NGINX, Fixtures.model(2), "t", "").version());
        assertFalse(Files.exists(strayIndex));
        assertFalse(Files.exists(strayModel));
        assertEquals(List.of(), store().strays(NGINX));
    }

    @Test
    void aCorruptIndexIsNamedAndNeverOverwritten() throws IOException {
        store().importModel(NGINX, Fixtures.model(1), "t", "");
        store().promote(NGINX, 1, "t", "");
        Path index = store().indexFile(NGINX);
        assertTrue(Files.isRegularFile(store().directory(NGINX).resolve(ModelStore.PREVIOUS_INDEX)));
        String good = Files.readString(index);
        for (String bad : new String[] {"", "{\"format\": \"vmpbd-model-index\", \"formatVersion\": 1, \"im",
            good.replace("\"state\" : \"active\"", "\"state\" : \"sleeping\""),
            good.replace("\"activeStack\" : [ 1 ]", "\"activeStack\" : [ ]")}) {
            Files.writeString(index, bad);
            ModelStoreException e = assertThrows(ModelStoreException.class, () -> store().find(NGINX));
            assertTrue(e.getMessage().startsWith(index + ": corrupt model index"), e.getMessage());
            assertThrows(ModelStoreException.class, () -> store().importModel(NGINX, Fixtures.model(2), "t", ""));
            assertThrows(ModelStoreException.class, () -> store().rollback(NGINX, "t", ""));
            assertEquals(bad, Files.readString(index), "a writer never replaces a corrupt index");
            assertFalse(Files.exists(store().modelFile(NGINX, 2)), "nothing was written");
        }
        ModelStoreException state = assertThrows(ModelStoreException.class, () -> {
            Files.writeString(index, good.replace("\"state\" : \"active\"", "\"state\" : \"sleeping\""));
            store().find(NGINX);
        });
        assertTrue(state.getMessage().contains("unknown model state 'sleeping'"), state.getMessage());
        Files.writeString(index, good);
        assertEquals(1, store().active(NGINX).orElseThrow().version().version(), "restored, everything is there");
    }

    @Test
    void aCorruptModelFileIsNamedAndCannotBeActivated() throws IOException {
        store().importModel(NGINX, Fixtures.model(1), "t", "");
        store().importModel(NGINX, Fixtures.model(2), "t", "");
        store().promote(NGINX, 1, "t", "");
        Path file = store().modelFile(NGINX, 2);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        ModelStoreException e = assertThrows(ModelStoreException.class, () -> store().load(NGINX, 2));
        assertTrue(e.getMessage().startsWith(file + ": model file of ubuntu-22.04/nginx v2 is corrupt"), e.getMessage());
        assertThrows(ModelStoreException.class, () -> store().promote(NGINX, 2, "t", ""));
        assertEquals(1, store().active(NGINX).orElseThrow().version().version(), "v1 stays active");
        Files.delete(file);
        assertTrue(assertThrows(ModelStoreException.class, () -> store().load(NGINX, 2)).getMessage()
            .contains("is missing"));
    }

    @Test
    void readersNeverSeeAHalfWrittenIndexWhileWritersChangeIt() throws Exception {
        ModelStore s = store();
        for (int i = 1; i <= 3; i++) {
            s.importModel(NGINX, Fixtures.model(i), "t", "");
        }
        s.promote(NGINX, 1, "t", "");
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(pool.submit(() -> {
                    ModelStore reader = new ModelStore(root, clock);
                    int reads = 0;
                    while (!done.get() || reads == 0) {
                        KeyIndex idx = reader.index(NGINX);
                        assertTrue(idx.active().isPresent());
                        reader.active(NGINX).orElseThrow();
                        reads++;
                    }
                    return reads;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                for (int k = 0; k < 30; k++) {
                    s.promote(NGINX, 2 + k % 2, "w", "");
                }
                return null;
            });
            Future<?> importer = pool.submit(() -> {
                ModelStore other = new ModelStore(root, clock);
                for (int k = 0; k < 10; k++) {
                    other.importModel(NGINX, Fixtures.model(10 + k), "i", "");
                }
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            importer.get(60, TimeUnit.SECONDS);
            done.set(true);
            for (Future<Integer> r : readers) {
                assertTrue(r.get(60, TimeUnit.SECONDS) > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        KeyIndex idx = store().index(NGINX);
        assertEquals(13, idx.versions().size(), "no import was lost to a concurrent writer");
        assertEquals(31, idx.activeStack().size());
        assertEquals(List.of(), store().strays(NGINX));
    }

    @Test
    void theIndexIsReadableJson() throws IOException {
        store().importModel(NGINX, Fixtures.model(1), "t", "why");
        String json = Files.readString(store().indexFile(NGINX), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"format\" : \"vmpbd-model-index\""), json);
        assertTrue(json.contains("\"state\" : \"candidate\""), json);
        assertTrue(json.contains("\"created\" : \"2025-01-01T00:00:00Z\""), json);
    }
}
