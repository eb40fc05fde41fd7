package org.vmpbd.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmpbd.detect.FrameRule;
import org.vmpbd.detect.ConsecutiveRule;

/** The shipped policies: each file conforms to the schema, the directory loads, and the tenants get what they say. */
class ExamplePoliciesTest {
    private final PolicyLoader loader = PolicyFixtures.loader();

    @ParameterizedTest
    @ValueSource(strings = {"default.yaml", "tenants/webshop.yaml", "tenants/ci-farm.yaml", "tenants/regulated-db.yaml",
        "tenants/demo.yaml"})
    void everyShippedFileConformsToTheSchema(String name) throws Exception {
        Path f = PolicyFixtures.REPO_POLICIES.resolve(name);
        assertTrue(Files.isRegularFile(f), f + " exists");
        PolicyDocument doc = new YamlPolicyReader().read(f.toString(), Files.readString(f));
        assertEquals(List.of(), new PolicySchema().validate(doc));
        assertEquals(List.of(), loader.check(List.of(f)));
    }

    @Test
    void theRepositoryDirectoryLoadsWithFourTenants() throws Exception {
        PolicySet set = loader.load(PolicyFixtures.REPO_POLICIES);
        assertEquals(4, set.tenants().size());
        assertEquals(List.of(), loader.check(List.of(PolicyFixtures.REPO_POLICIES)));
    }

    @Test
    void theBuiltInDefaultIsTheShippedDefault() throws Exception {
        PolicySet set = loader.load(PolicyFixtures.REPO_POLICIES);
        assertEquals(loader.builtIn().policy(), set.defaults().policy());
    }

    @Test
    void tenantsGetTheirOwnSettings() throws Exception {
        PolicySet set = loader.load(PolicyFixtures.REPO_POLICIES);
        TenantPolicy web = set.forProject(null, "webshop").policy();
        TenantPolicy ci = set.forProject(null, "ci-farm").policy();
        TenantPolicy db = set.forProject("7e1d2c3b4a5f46e8b9c0d1e2f3a4b5c6", null).policy();

        assertEquals(TenantPolicy.FailMode.OPEN, web.failMode());
        assertEquals(List.of(TenantPolicy.Action.METADATA, TenantPolicy.Action.SNAPSHOT, TenantPolicy.Action.QUARANTINE),
            web.actions().at(SeverityLevel.CRITICAL));
        assertTrue(web.alarmRule() instanceof FrameRule);
        assertNotNull(web.integrity().baselines().get("webshop-frontend-2024.10"));

        assertEquals(TenantPolicy.Selection.VM_WIDE, ci.model().selection());
        assertEquals(TenantPolicy.OverBudget.FILTER, ci.trap().budget().overBudget());
        assertTrue(ci.detection().filter().keeps(59), "execve is x86_64 call 59");
        assertEquals(List.of(TenantPolicy.Action.METADATA, TenantPolicy.Action.SHUTOFF),
            ci.actions().at(SeverityLevel.CRITICAL));

        assertEquals(TenantPolicy.FailMode.CLOSED, db.failMode());
        assertEquals(TenantPolicy.OnMismatch.BLOCK, db.integrity().onMismatch());
        assertEquals(TrustCombination.NOISY_OR, db.severity().trustCombination());
        assertTrue(db.alarmRule() instanceof ConsecutiveRule);
        assertEquals("consecutive(18)", db.alarmRule().describe());
        assertEquals(0.8, db.trust().a2());
        assertEquals(0.5, db.trust().alpha1(), "inherited from the default");
    }

    @Test
    void gdbstubOnNovaOnlyWhenAllowed() throws Exception {
        TenantPolicy.Trap no = new TenantPolicy.Trap("gdbstub", false, new TenantPolicy.Budget(1, TenantPolicy.OverBudget.SAMPLE));
        TenantPolicy.Trap yes = new TenantPolicy.Trap("gdbstub", true, no.budget());
        assertTrue(!no.driverAllowed(true) && no.driverAllowed(false) && yes.driverAllowed(true));
        assertTrue(no.budget().note(2.5).contains("over trap budget"));
    }
}
