package org.vmpbd.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.libvirt.LibvirtConnection;
import org.vmpbd.libvirt.LibvirtVmControl;
import org.vmpbd.libvirt.VmControl;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxConsumer;
import org.vmpbd.outbox.OutboxRecord;

/** The action executor on libvirt's test driver and a real outbox. */
class ActionExecutorTest {
    @TempDir
    Path dir;
    private FileOutbox outbox;
    private final VmControl vms = new LibvirtVmControl(new LibvirtConnection(LibvirtVmControl.TEST_URI));
    private final List<String> outcomes = new ArrayList<>();
    private String vm;
    private String uuid;

    @BeforeEach
    void setUp() throws Exception {
        outbox = FileOutbox.open(dir, FileOutbox.DEFAULT_SEGMENT_BYTES, Clock.systemUTC());
        vm = "act-" + Long.toHexString(System.nanoTime());
        uuid = UUID.randomUUID().toString();
        vms.start("<domain type='test'><name>" + vm + "</name><uuid>" + uuid + "</uuid><memory unit='MiB'>64</memory>"
            + "<vcpu>1</vcpu><os><type>hvm</type></os></domain>");
    }

    @AfterEach
    void tearDown() throws Exception {
        vms.stop(vm);
        outbox.close();
    }

    private ActionExecutor executor() {
        return new ActionExecutor(outbox, Set.of(new PauseAction(vms), new SnapshotAction(vms), new QuarantineAction(vms)),
            (a, o) -> outcomes.add(a + ":" + o));
    }

    private OutboxRecord request(String action) throws IOException {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("domain", vm);
        b.put("uuid", uuid);
        b.put("action", action);
        b.put("level", "high");
        b.put("cause", "alarm of " + vm + "/7/sh/1");
        long seq = outbox.append(ActionExecutor.REQUEST, uuid, b);
        return outbox.read(seq, 1).get(0);
    }

    private List<OutboxRecord> outcomesRecorded() throws IOException {
        return outbox.read(1, 1000).stream().filter(r -> r.kind().equals(ActionExecutor.OUTCOME)).toList();
    }

    @Test
    void pauseAndSnapshotAreCarriedOutThroughLibvirtAndRecorded() throws Exception {
        ActionExecutor x = executor();
        OutboxRecord snap = request("snapshot");
        x.consume(snap);
        assertTrue(vms.snapshots(vm).contains("vmpbd-" + snap.seq()), "snapshot named by its request");
        x.consume(request("pause"));
        assertEquals("paused", vms.info(vm).state());
        List<OutboxRecord> done = outcomesRecorded();
        assertEquals(2, done.size());
        assertEquals(snap.seq(), done.get(0).body().get("request").asLong());
        assertTrue(done.stream().allMatch(r -> r.body().get("done").asBoolean()));
        assertEquals(List.of("snapshot:done", "pause:done"), outcomes);
    }

    @Test
    void aRequestRedeliveredAfterACrashIsNotCarriedOutAgain() throws Exception {
        ActionExecutor x = executor();
        OutboxRecord snap = request("snapshot");
        x.consume(snap);
        x.consume(snap);   // the cursor had not been committed when the daemon died
        assertEquals(1, vms.snapshots(vm).size());
        assertEquals(1, outcomesRecorded().size());
    }

    @Test
    void whatThisHostCannotDoIsRecordedAsNotDoneWithTheReason() throws Exception {
        ActionExecutor x = executor();
        x.consume(request("metadata"));
        x.consume(request("quarantine"));   // the test driver has neither link-down nor detach
        List<OutboxRecord> done = outcomesRecorded();
        assertFalse(done.get(0).body().get("done").asBoolean());
        assertTrue(done.get(0).body().get("detail").asText().contains("needs OpenStack"), done.get(0).body().toString());
        assertFalse(done.get(1).body().get("done").asBoolean());
        assertTrue(done.get(1).body().get("detail").asText().contains("link-down or interface detach"));
        assertEquals("running", vms.info(vm).state(), "a quarantine that cannot cut the network does not pause either");
    }

    @Test
    void aMalformedRequestIsAFinalFailureNamingTheRecord() throws Exception {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("domain", vm);
        b.put("action", "pause");
        long seq = outbox.append(ActionExecutor.REQUEST, uuid, b);
        OutboxConsumer.FinalFailure f = assertThrows(OutboxConsumer.FinalFailure.class,
            () -> executor().consume(outbox.read(seq, 1).get(0)));
        assertTrue(f.getMessage().contains("#" + seq) && f.getMessage().contains("uuid"), f.getMessage());
        ObjectNode bad = JsonNodeFactory.instance.objectNode();
        bad.put("domain", vm);
        bad.put("uuid", uuid);
        bad.put("action", "explode");
        long seq2 = outbox.append(ActionExecutor.REQUEST, uuid, bad);
        f = assertThrows(OutboxConsumer.FinalFailure.class, () -> executor().consume(outbox.read(seq2, 1).get(0)));
        assertTrue(f.getMessage().contains("unknown action 'explode'"), f.getMessage());
    }
}
