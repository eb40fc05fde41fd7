package org.vmpbd.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: valid changes are taken, an invalid file keeps its previous version in force, nothing throws. */
class PolicyStoreTest {
    @TempDir
    Path dir;

    private final PolicyLoader loader = PolicyFixtures.loader();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final PolicyListener listener = new PolicyListener() {
        @Override
        public void loaded(String file) {
            heard.add("loaded " + Path.of(file).getFileName());
        }

        @Override
        public void rejected(String file, List<PolicyError> errors, boolean keptPrevious) {
            heard.add("rejected " + Path.of(file).getFileName() + (keptPrevious ? " kept" : " none") + " "
                + errors.get(0));
        }

        @Override
        public void removed(String file) {
            heard.add("removed " + Path.of(file).getFileName());
        }
    };

    private double epsilon(PolicyStore store, String name) {
        return store.forProject(null, name).policy().detection().epsilon();
    }

    private Path shop(String epsilon) throws Exception {
        return PolicyFixtures.write(dir, "tenants/shop.yaml",
            PolicyFixtures.tenant("shop", "detection:\n  epsilon: " + epsilon + "\n"));
    }

    @Test
    void aValidChangeIsTaken() throws Exception {
        shop("0.7");
        PolicyStore store = new PolicyStore(loader, dir, listener);
        assertEquals(0.7, epsilon(store, "shop"));
        assertEquals(List.of("loaded shop.yaml"), heard);
        shop("0.8");
        assertEquals(List.of(), store.reload());
        assertEquals(0.8, epsilon(store, "shop"));
        assertEquals(List.of("loaded shop.yaml", "loaded shop.yaml"), heard);
        store.reload();
        assertEquals(2, heard.size(), "an unchanged file is not announced again");
    }

    @Test
    void anInvalidChangeKeepsThePreviousPolicyAndSaysWhy() throws Exception {
        Path f = shop("0.7");
        PolicyStore store = new PolicyStore(loader, dir, listener);
        shop("1.5");
        List<PolicyError> errors = store.reload();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(f + ":5: detection.epsilon: must be in (0, 1], got 1.5", errors.get(0).toString());
        assertEquals(0.7, epsilon(store, "shop"), "the previous valid version stays in force");
        assertTrue(heard.get(1).startsWith("rejected shop.yaml kept "), heard.toString());
        store.reload();
        assertEquals(2, heard.size(), "the same problem is reported once: " + heard);
        Files.writeString(f, "version: 1\nmatch: [oops\n");
        store.reload();
        assertEquals(0.7, epsilon(store, "shop"), "bad YAML too");
        assertTrue(heard.get(2).contains("YAML syntax"), heard.toString());
        shop("0.9");
        assertEquals(List.of(), store.reload());
        assertEquals(0.9, epsilon(store, "shop"), "fixed: taken");
    }

    @Test
    void aNewInvalidFileHasNoPreviousVersionSoItsProjectsGetTheDefault() throws Exception {
        shop("2");
        PolicyStore store = new PolicyStore(loader, dir, listener);
        assertEquals(0.6, epsilon(store, "shop"));
        assertTrue(heard.get(0).startsWith("rejected shop.yaml none "), heard.toString());
    }

    @Test
    void anInvalidDefaultKeepsThePreviousDefaultAndTenantsStayOverIt() throws Exception {
        PolicyFixtures.write(dir, "default.yaml", "version: 1\ndetection:\n  epsilon: 0.5\nfailMode: closed\n");
        PolicyFixtures.write(dir, "tenants/shop.yaml", PolicyFixtures.tenant("shop", "model:\n  m: 8\n"));
        PolicyStore store = new PolicyStore(loader, dir, listener);
        assertEquals(0.5, epsilon(store, "other"));
        PolicyFixtures.write(dir, "default.yaml", "version: 1\ndetection:\n  epsilon: 0.4\nfailMode: sideways\n");
        List<PolicyError> errors = store.reload();
        assertEquals("failMode", errors.get(0).field());
        assertEquals(0.5, epsilon(store, "other"), "previous default kept");
        assertEquals(0.5, epsilon(store, "shop"), "the tenant is resolved over the kept default");
        assertEquals(TenantPolicy.FailMode.CLOSED, store.forProject(null, "shop").policy().failMode());
    }

    @Test
    void aTenantMadeInvalidByANewDefaultKeepsItsPreviousPolicy() throws Exception {
        PolicyFixtures.write(dir, "tenants/shop.yaml", PolicyFixtures.tenant("shop",
            "severity:\n  thresholds:\n    low: 0.3\n"));
        PolicyStore store = new PolicyStore(loader, dir, listener);
        assertEquals(0.3, store.forProject(null, "shop").policy().severity().thresholds().low());
        // the new default's medium (0.25) is below the tenant's low: the tenant file is now invalid
        PolicyFixtures.write(dir, "default.yaml", "version: 1\nseverity:\n  thresholds:\n    low: 0.05\n    medium: 0.25\n");
        List<PolicyError> errors = store.reload();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).file().endsWith("shop.yaml"), errors.toString());
        assertEquals(0.3, store.forProject(null, "shop").policy().severity().thresholds().low());
        assertEquals(0.25, store.forProject(null, "x").policy().severity().thresholds().medium(), "the default changed");
    }

    @Test
    void aDeletedTenantFileFallsBackToTheDefault() throws Exception {
        Path f = shop("0.7");
        PolicyStore store = new PolicyStore(loader, dir, listener);
        Files.delete(f);
        store.reload();
        assertEquals(0.6, epsilon(store, "shop"));
        assertEquals("removed shop.yaml", heard.get(heard.size() - 1));
    }

    @Test
    void aConflictingNewFileIsRejected() throws Exception {
        shop("0.7");
        PolicyStore store = new PolicyStore(loader, dir, listener);
        PolicyFixtures.write(dir, "tenants/zz-shop-too.yaml", PolicyFixtures.tenant("shop", "failMode: closed\n"));
        List<PolicyError> errors = store.reload();
        assertEquals("match.projectNames[0]", errors.get(0).field());
        assertEquals(0.7, epsilon(store, "shop"));
        assertEquals(TenantPolicy.FailMode.OPEN, store.forProject(null, "shop").policy().failMode());
    }

    @Test
    void aListenerThatThrowsDoesNotStopReloads() throws Exception {
        shop("0.7");
        PolicyStore store = new PolicyStore(loader, dir, new PolicyListener() {
            @Override
            public void loaded(String file) {
                throw new IllegalStateException("listener bug");
            }
        });
        shop("0.8");
        store.reload();
        assertEquals(0.8, epsilon(store, "shop"));
    }

    @Test
    void theWatcherReloadsAfterAChange() throws Exception {
        shop("0.7");
        try (PolicyStore store = new PolicyStore(loader, dir, listener)) {
            store.watch();
            shop("0.8");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (epsilon(store, "shop") != 0.8 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0.8, epsilon(store, "shop"), "reloaded within 30 s of the change");
            shop("7");
            deadline = System.nanoTime() + 30_000_000_000L;
            while (heard.stream().noneMatch(h -> h.startsWith("rejected")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(heard.stream().anyMatch(h -> h.startsWith("rejected shop.yaml kept")), heard.toString());
            assertEquals(0.8, epsilon(store, "shop"));
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("vmpbd-policy-watch")) {
                t.join(5000);
                assertFalse(t.isAlive(), "the watcher stops on close");
            }
        }
    }

}
