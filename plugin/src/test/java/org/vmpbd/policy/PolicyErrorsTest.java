package org.vmpbd.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each typical mistake gives one error naming file, line and field. */
class PolicyErrorsTest {
    @TempDir
    Path dir;

    private final PolicyLoader loader = PolicyFixtures.loader();

    /** Checks {@code tenants/t.yaml} (matching project t) over the built-in default; returns its errors. */
    private List<PolicyError> tenant(String body) throws Exception {
        Path f = PolicyFixtures.write(dir, "tenants/t.yaml", PolicyFixtures.tenant("t", body));
        return loader.check(List.of(f));
    }

    private static void only(List<PolicyError> errors, int line, String field, String problemPart) {
        assertEquals(1, errors.size(), errors.toString());
        PolicyError e = errors.get(0);
        assertTrue(e.file().endsWith("t.yaml") || e.file().endsWith("default.yaml"), e.toString());
        assertEquals(line, e.line(), e.toString());
        assertEquals(field, e.field(), e.toString());
        assertTrue(e.problem().contains(problemPart), e.toString());
        assertTrue(e.toString().matches(".*\\.yaml:" + line + ": " + java.util.regex.Pattern.quote(field) + ": .*"),
            e.toString());
    }

    @Test
    void unknownField() throws Exception {
        only(tenant("detection:\n  epsilon: 0.5\n  epsilom: 0.5\n"), 6, "detection.epsilom", "unknown field");
    }

    @Test
    void unknownTopLevelFieldListsTheKnownOnes() throws Exception {
        List<PolicyError> e = tenant("detections:\n  epsilon: 0.5\n");
        only(e, 4, "detections", "known here: version, match, monitoring");
    }

    @Test
    void wrongType() throws Exception {
        only(tenant("trap:\n  budget:\n    eventsPerSecond: lots\n"), 6, "trap.budget.eventsPerSecond",
            "must be a whole number, got 'lots'");
        only(tenant("monitoring: yes please\n"), 4, "monitoring", "must be a mapping");
    }

    @Test
    void epsilonOutOfRange() throws Exception {
        List<PolicyError> e = tenant("detection:\n  epsilon: 1.5\n");
        only(e, 5, "detection.epsilon", "must be in (0, 1], got 1.5");
        assertTrue(e.get(0).toString().endsWith("t.yaml:5: detection.epsilon: must be in (0, 1], got 1.5"), e.toString());
        only(tenant("detection:\n  epsilon: 0\n"), 5, "detection.epsilon", "must be in (0, 1], got 0");
    }

    @Test
    void badAlarmRule() throws Exception {
        only(tenant("detection:\n  alarmRule: frame:30/20\n"), 5, "detection.alarmRule", "1 <= r <= L");
        only(tenant("detection:\n  alarmRule: sometimes\n"), 5, "detection.alarmRule", "unknown alarm rule 'sometimes'");
    }

    @Test
    void unknownSyscallName() throws Exception {
        only(tenant("detection:\n  syscallFilter:\n    - read\n    - wrte\n"), 7, "detection.syscallFilter[1]",
            "'wrte' is not a system call of linux-x86_64");
    }

    @Test
    void syscallNamesAreCheckedInTheChosenAbi() throws Exception {
        // socketcall exists on i386 only
        assertEquals(List.of(), tenant("detection:\n  abi: linux-i386\n  syscallFilter: [socketcall]\n"));
        only(tenant("detection:\n  syscallFilter: [socketcall]\n"), 5, "detection.syscallFilter[0]", "socketcall");
    }

    @Test
    void unknownAction() throws Exception {
        only(tenant("actions:\n  high: [metadata, reboot]\n"), 5, "actions.high[1]",
            "must be one of metadata, snapshot, pause, quarantine, shutoff, got 'reboot'");
    }

    @Test
    void decreasingThresholds() throws Exception {
        List<PolicyError> e = tenant("severity:\n  thresholds:\n    low: 0.5\n    medium: 0.3\n    high: 0.7\n    critical: 0.9\n");
        only(e, 7, "severity.thresholds.medium", "must be greater than low (0.5 at ");
        assertTrue(e.get(0).problem().contains("t.yaml:6"), e.toString());
    }

    @Test
    void aThresholdRaisedAboveTheDefaultsNextOneIsReportedInTheTenantFile() throws Exception {
        // the tenant's low (0.5) is above the default's medium (0.4): the error is where the author edits
        List<PolicyError> e = tenant("severity:\n  thresholds:\n    low: 0.5\n");
        only(e, 6, "severity.thresholds.low", "must be less than medium (0.4 at " + PolicyLoader.BUILT_IN + ":");
    }

    @Test
    void badYamlSyntax() throws Exception {
        List<PolicyError> e = tenant("detection:\n  epsilon: [0.5\nmodel:\n  m: 6\n");
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).problem().startsWith("YAML syntax: "), e.toString());
        assertTrue(e.get(0).field().startsWith("detection.epsilon"), e.toString());
        assertTrue(e.get(0).line() >= 5, e.toString());
        e = tenant("model:\n\tm: 6\n");
        assertEquals(5, e.get(0).line(), e.toString());
        assertEquals("model", e.get(0).field(), e.toString());
        assertTrue(e.get(0).problem().contains("TAB"), e.toString());
    }

    @Test
    void duplicateKey() throws Exception {
        only(tenant("detection:\n  epsilon: 0.5\n  epsilon: 0.7\n"), 6, "detection.epsilon",
            "duplicate key (first at line 5)");
    }

    @Test
    void badDurationAndDigest() throws Exception {
        only(tenant("severity:\n  window: 5 minutes\n"), 5, "severity.window", "must be a duration");
        only(tenant("integrity:\n  baselines:\n    img:\n      alpha: md5:abc\n"), 7, "integrity.baselines.img.alpha",
            "must be a digest");
        only(tenant("integrity:\n  baselines:\n    img:\n      keyFiles: {}\n"), 6, "integrity.baselines.img.alpha",
            "missing field");
    }

    @Test
    void trustWeightsMustSumToOne() throws Exception {
        only(tenant("trust:\n  alpha1: 0.7\n"), 5, "trust.alpha1", "alpha1 + alpha2 must be 1, got 0.7 + 0.5 = 1.2");
        only(tenant("trust:\n  a1: 0.1\n  a2: 0.2\n"), 6, "trust.a2", "= 0.3 (");
    }

    @Test
    void trustThresholdsMustIncrease() throws Exception {
        only(tenant("trust:\n  thresholds:\n    trusted: 0.4\n"), 6, "trust.thresholds.trusted",
            "must be greater than suspect");
    }

    @Test
    void filterOverBudgetNeedsAFilter() throws Exception {
        only(tenant("trap:\n  budget:\n    overBudget: filter\n"), 6, "trap.budget.overBudget", "non-empty");
    }

    @Test
    void aTenantFileNeedsAMatchAndTheDefaultHasNone() throws Exception {
        Path f = PolicyFixtures.write(dir, "tenants/t.yaml", "version: 1\ndetection:\n  epsilon: 0.5\n");
        List<PolicyError> e = loader.check(List.of(f));
        assertEquals(1, e.size(), e.toString());
        assertEquals("match", e.get(0).field());
        Path d = PolicyFixtures.write(dir, "other/default.yaml", "version: 1\nmatch:\n  projectNames: [x]\n");
        e = loader.check(List.of(d));
        assertEquals(2, e.get(0).line(), e.toString());
        assertEquals("match", e.get(0).field());
    }

    @Test
    void aMissingMatchIsReportedWithTheOtherProblems() throws Exception {
        Path f = PolicyFixtures.write(dir, "tenants/t.yaml", "version: 1\ndetection:\n  epsilon: 1.5\n");
        List<PolicyError> e = loader.check(List.of(f));
        assertEquals(List.of("match", "detection.epsilon"), e.stream().map(PolicyError::field).toList(), e.toString());
    }

    @Test
    void versionIsRequired() throws Exception {
        Path f = PolicyFixtures.write(dir, "tenants/t.yaml", "match:\n  projectNames: [t]\n");
        List<PolicyError> e = loader.check(List.of(f));
        assertEquals("version", e.get(0).field(), e.toString());
        assertEquals("missing field", e.get(0).problem());
    }

    @Test
    void emptyAndNonMappingFiles() throws Exception {
        Path f = PolicyFixtures.write(dir, "tenants/t.yaml", "");
        assertTrue(loader.check(List.of(f)).get(0).problem().contains("empty policy file"));
        PolicyFixtures.write(dir, "tenants/t.yaml", "- a\n- b\n");
        assertTrue(loader.check(List.of(f)).get(0).problem().contains("not a list"));
    }

    @Test
    void twoTenantFilesCannotClaimTheSameProject() throws Exception {
        PolicyFixtures.write(dir, "tenants/a.yaml", PolicyFixtures.tenant("shop", ""));
        PolicyFixtures.write(dir, "tenants/b.yaml", "version: 1\nmatch:\n  projectIds: [p1]\n  projectNames: [other, shop]\n");
        List<PolicyError> e = loader.check(List.of(dir));
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).file().endsWith("b.yaml"), e.toString());
        assertEquals(4, e.get(0).line());
        assertEquals("match.projectNames[1]", e.get(0).field());
        assertTrue(e.get(0).problem().contains("a.yaml:3"), e.toString());
    }

    @Test
    void aBadDefaultIsReportedForItsTenantToo() throws Exception {
        PolicyFixtures.write(dir, "default.yaml", "version: 1\ndetection:\n  epsilon: 2\n");
        Path t = PolicyFixtures.write(dir, "tenants/t.yaml", PolicyFixtures.tenant("t", ""));
        List<PolicyError> e = loader.check(List.of(t));
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).toString().endsWith("default.yaml:3: detection.epsilon: must be in (0, 1], got 2"), e.toString());
    }

    @Test
    void manyErrorsAreAllReportedInLineOrder() throws Exception {
        List<PolicyError> e = tenant("detection:\n  epsilon: 3\n  bogus: 1\nactions:\n  low: [nap]\n");
        assertEquals(List.of(5, 6, 8), e.stream().map(PolicyError::line).toList(), e.toString());
    }
}
