package org.vmpbd.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** built-in ← default.yaml ← tenant file (by id, else by name); maps merge, scalars and lists replace. */
class PrecedenceTest {
    @TempDir
    Path dir;

    private final PolicyLoader loader = PolicyFixtures.loader();

    @BeforeEach
    void files() throws Exception {
        PolicyFixtures.write(dir, "default.yaml", """
            version: 1
            detection:
              epsilon: 0.5
              syscallFilter: [read, write, execve]
            actions:
              high: [metadata, pause]
            """);
        PolicyFixtures.write(dir, "tenants/by-name.yaml", """
            version: 1
            match:
              projectNames: [shop]
            detection:
              epsilon: 0.7
              syscallFilter: [execve]
            severity:
              thresholds:
                critical: 0.99
            """);
        PolicyFixtures.write(dir, "tenants/by-id.yaml", """
            version: 1
            match:
              projectIds: [id-42]
            failMode: closed
            """);
    }

    @Test
    void noTenantFileGivesTheDefaultOverTheBuiltIn() throws Exception {
        EffectivePolicy p = loader.load(dir).forProject("id-1", "nobody");
        assertEquals(EffectivePolicy.MatchedBy.DEFAULT, p.matchedBy());
        assertNull(p.tenantFile());
        assertEquals(0.5, p.policy().detection().epsilon(), "from default.yaml");
        assertEquals("frame", p.policy().detection().alarmRule(), "from the built-in");
        assertEquals(dir.resolve("default.yaml") + ":3", p.origin("detection.epsilon").toString());
        assertTrue(p.origin("detection.alarmRule").file().equals(PolicyLoader.BUILT_IN));
        assertEquals(List.of(PolicyLoader.BUILT_IN, dir.resolve("default.yaml").toString()), p.files());
    }

    @Test
    void nameMatchOverlaysTheDefault() throws Exception {
        EffectivePolicy p = loader.load(dir).forProject("id-1", "shop");
        assertEquals(EffectivePolicy.MatchedBy.PROJECT_NAME, p.matchedBy());
        assertEquals(dir.resolve("tenants/by-name.yaml").toString(), p.tenantFile());
        assertEquals(0.7, p.policy().detection().epsilon(), "scalar replaced");
        assertEquals(List.of("execve"), p.policy().detection().syscallFilter(), "list replaced, not appended");
        assertEquals(0.99, p.policy().severity().thresholds().critical(), "map merged: critical from the tenant");
        assertEquals(0.7, p.policy().severity().thresholds().high(), "map merged: high still from the built-in");
        assertEquals(List.of(TenantPolicy.Action.METADATA, TenantPolicy.Action.PAUSE),
            p.policy().actions().at(SeverityLevel.HIGH), "from default.yaml");
        assertEquals(dir.resolve("tenants/by-name.yaml") + ":9", p.origin("severity.thresholds.critical").toString());
        assertEquals(PolicyLoader.BUILT_IN, p.origin("severity.thresholds.high").file());
    }

    @Test
    void idMatchWinsOverNameMatch() throws Exception {
        PolicySet set = loader.load(dir);
        EffectivePolicy p = set.forProject("id-42", "shop");
        assertEquals(EffectivePolicy.MatchedBy.PROJECT_ID, p.matchedBy());
        assertEquals(TenantPolicy.FailMode.CLOSED, p.policy().failMode());
        assertEquals(0.5, p.policy().detection().epsilon(), "not the by-name file's: only one tenant file applies");
        assertEquals(EffectivePolicy.MatchedBy.PROJECT_NAME, set.forProject(null, "shop").matchedBy());
        assertEquals(EffectivePolicy.MatchedBy.DEFAULT, set.forProject(null, null).matchedBy());
    }

    @Test
    void aMissingDefaultFileMeansTheBuiltIn() throws Exception {
        java.nio.file.Files.delete(dir.resolve("default.yaml"));
        PolicySet set = loader.load(dir);
        assertEquals(loader.builtIn().policy(), set.defaults().policy());
        assertEquals(0.7, set.forProject(null, "shop").policy().detection().epsilon());
    }

    @Test
    void renderShowsEveryValueWithItsOrigin() throws Exception {
        String text = loader.load(dir).forProject(null, "shop").render();
        assertTrue(text.contains("  epsilon: 0.7  # " + dir.resolve("tenants/by-name.yaml") + ":5"), text);
        assertTrue(text.contains("  high: [metadata, pause]  # " + dir.resolve("default.yaml") + ":6"), text);
        assertTrue(text.contains("  window: 5m  # " + PolicyLoader.BUILT_IN), text);
        // the rendering is itself a valid partial policy once a version is added
        PolicyDocument doc = new YamlPolicyReader().read("render", "version: 1\n" + text);
        assertEquals(List.of(), new PolicySchema().validate(doc));
    }
}
