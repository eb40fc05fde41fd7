package org.vmpbd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.daemon.hook.HookDecision;
import org.vmpbd.libvirt.DomainXmlParser;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxRecord;
import org.vmpbd.policy.PolicyListener;
import org.vmpbd.policy.PolicyModule;
import org.vmpbd.policy.PolicyStore;
import org.vmpbd.policy.TenantPolicy;

/** The hook's prepare, decided with real policy files and a real outbox. */
class PrepareDeciderTest {
    @TempDir
    Path dir;
    private FileOutbox outbox;
    private PolicyStore store;

    private static final TrapAttacher REPLAY = new TrapAttacher() {
        @Override
        public String driver() {
            return "replay";
        }

        @Override
        public Attachment attach(VmIdentity vm, TenantPolicy policy) {
            throw new UnsupportedOperationException("not used by prepare");
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        outbox = Journals.outbox(dir.resolve("outbox"));
    }

    @AfterEach
    void tearDown() throws IOException {
        outbox.close();
        if (store != null) {
            store.close();
        }
    }

    private PrepareDecider decider(String defaultFailMode, BootIntegrity integrity, Duration timeout) throws IOException {
        Path p = Files.createDirectories(dir.resolve("policies/tenants"));
        Files.writeString(dir.resolve("policies/default.yaml"), "version: 1\ntrap:\n  driver: replay\nfailMode: "
            + defaultFailMode + "\n");
        Files.writeString(p.resolve("closed.yaml"), "version: 1\nmatch:\n  projectIds: [p-closed]\ntrap:\n  driver: kvm\n"
            + "failMode: closed\n");
        Files.writeString(p.resolve("open.yaml"), "version: 1\nmatch:\n  projectIds: [p-open]\ntrap:\n  driver: kvm\n"
            + "failMode: open\n");
        Files.writeString(p.resolve("baseline.yaml"), "version: 1\nmatch:\n  projectIds: [p-base]\nfailMode: closed\n"
            + "integrity:\n  onMismatch: block\n  baselines:\n    img-1:\n      alpha: \"sha256:0000000000000000000000000000000000000000000000000000000000000000\"\n      keyFiles: {}\n");
        store = Guice.createInjector(new PolicyModule()).getInstance(PolicyStore.Factory.class)
            .open(dir.resolve("policies"), new PolicyListener() { });
        assertTrue(store.reload().isEmpty(), "test policies valid: " + store.reload());
        return new PrepareDecider(store, new Identities(null, new DomainXmlParser()), Map.of("replay", REPLAY), integrity,
            Journals.journal(outbox), timeout);
    }

    private static String reason(HookDecision d) {
        return d instanceof HookDecision.Deny deny ? deny.reason() : "";
    }

    @Test
    void monitorableVmsStartAndTheDecisionIsRecorded() throws Exception {
        PrepareDecider d = decider("open", new BaselineOnlyIntegrity(), Duration.ofSeconds(10));
        assertTrue(d.decide("plain", Domains.testDomain("plain", null, null)).allowed());
        assertTrue(d.decide("other", Domains.testDomain("other", "p-unknown", "img-9")).allowed());
        List<OutboxRecord> hooks = Journals.of(outbox, "hook");
        assertEquals(2, hooks.size());
        assertEquals("allow", hooks.get(0).body().get("decision").asText());
        assertEquals("plain", hooks.get(0).body().get("domain").asText());
    }

    @Test
    void aClosedTenantWhoseDriverIsMissingIsRefusedWithThePolicysReason() throws Exception {
        PrepareDecider d = decider("open", new BaselineOnlyIntegrity(), Duration.ofSeconds(10));
        HookDecision closed = d.decide("vm1", Domains.testDomain("vm1", "p-closed", "img-1"));
        assertFalse(closed.allowed());
        assertTrue(reason(closed).contains("trap driver 'kvm' is not available") && reason(closed).contains("closed.yaml")
            && reason(closed).contains("failMode: closed"), reason(closed));
        HookDecision open = d.decide("vm2", Domains.testDomain("vm2", "p-open", "img-1"));
        assertTrue(open.allowed(), "fail-open tenant starts unmonitored");
        List<OutboxRecord> hooks = Journals.of(outbox, "hook");
        assertEquals("deny", hooks.get(0).body().get("decision").asText());
        assertTrue(hooks.get(1).body().get("reason").asText().contains("allowed unmonitored"));
    }

    @Test
    void aBaselineThatCannotBeMeasuredFailsClosed() throws Exception {
        PrepareDecider d = decider("open", new BaselineOnlyIntegrity(), Duration.ofSeconds(10));
        HookDecision r = d.decide("db", Domains.testDomain("db", "p-base", "img-1"));
        assertFalse(r.allowed());
        assertTrue(reason(r).contains("boot integrity cannot be checked"), reason(r));
        assertTrue(d.decide("db2", Domains.testDomain("db2", "p-base", "img-other")).allowed(), "no baseline: no check");
    }

    @Test
    void aCheckThatFailsOrOverrunsItsBoundIsDecidedByThePolicy() throws Exception {
        BootIntegrity failing = (vm, xml, p) -> new BootIntegrity.Verdict(BootIntegrity.Result.FAIL, "alpha differs");
        PrepareDecider d = decider("open", failing, Duration.ofSeconds(10));
        HookDecision r = d.decide("db", Domains.testDomain("db", "p-base", "img-1"));
        assertFalse(r.allowed());
        assertTrue(reason(r).contains("alpha differs") && reason(r).contains("onMismatch: block"), reason(r));
        d.close();

        BootIntegrity slow = (vm, xml, p) -> {
            Thread.sleep(30_000);
            return new BootIntegrity.Verdict(BootIntegrity.Result.PASS, "late");
        };
        PrepareDecider d2 = decider("open", slow, Duration.ofMillis(200));
        HookDecision late = d2.decide("db", Domains.testDomain("db", "p-base", "img-1"));
        assertFalse(late.allowed());
        assertTrue(reason(late).contains("longer than"), reason(late));
        d2.close();
    }

    @Test
    void unreadableXmlFallsToTheDefaultPolicysFailMode() throws Exception {
        PrepareDecider open = decider("open", new BaselineOnlyIntegrity(), Duration.ofSeconds(10));
        assertTrue(open.decide("big", null).allowed());
        assertTrue(open.decide("junk", "<domain><name>x</nam").allowed());
        store.close();
        PrepareDecider closed = decider("closed", new BaselineOnlyIntegrity(), Duration.ofSeconds(10));
        HookDecision big = closed.decide("big", null);
        assertFalse(big.allowed());
        assertTrue(reason(big).contains("over the hook's size limit"), reason(big));
        HookDecision junk = closed.decide("junk", "<domain><name>x</nam");
        assertFalse(junk.allowed());
        assertTrue(reason(junk).contains("hook stdin for domain junk"), reason(junk));
    }
}
