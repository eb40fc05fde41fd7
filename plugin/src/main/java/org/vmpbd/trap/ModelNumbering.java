package org.vmpbd.trap;

import java.util.HashMap;
import java.util.Map;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.AbiMapping;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.abi.SocketCallMode;

/**
 * Renumbers events into the model's ABI: events in the model's ABI as they are; others through
 * {@link AbiMapping#between} when mapping is allowed, else refused. Remembers each ABI's answer.
 * Not thread-safe (the pump's thread).
 */
final class ModelNumbering {
    /** The answer for one event ABI: a mapping, or why not. */
    private record Answer(AbiMapping mapping, String refusal) {
    }

    private final Abi model;
    private final boolean map;
    private final SocketCallMode socketCall;
    private final Map<String, Answer> byAbi = new HashMap<>();

    ModelNumbering(Abi model, boolean map, SocketCallMode socketCall) {
        this.model = model;
        this.map = map;
        this.socketCall = socketCall;
    }

    /**
     * The event's call in the model's numbering, or -1 if refused; {@code refused} hears the reason
     * the first time an ABI is refused.
     */
    int toModel(SyscallEvent e, PumpListener refused) {
        Answer a = byAbi.get(e.abi());
        if (a == null) {
            a = answer(e.abi());
            byAbi.put(e.abi(), a);
            if (a.refusal() != null) {
                refused.refused(e.abi(), a.refusal());
            }
        }
        if (a.mapping() == null || !a.mapping().source().contains(e.nr())
            || e.nr() == a.mapping().source().unmapped()) {
            return -1;
        }
        return a.mapping().map(e.nr());
    }

    private Answer answer(String abiName) {
        if (!Abis.names().contains(abiName)) {
            return new Answer(null, "events in unknown ABI '" + abiName + "' (known: " + String.join(", ", Abis.names())
                + "); not scored");
        }
        Abi abi = Abis.byName(abiName);
        if (abi.equals(model)) {
            return new Answer(AbiMapping.identity(abi), null);
        }
        if (!map) {
            return new Answer(null, "events in ABI " + abiName + " but the model was built for " + model.name()
                + "; not scored (allow mapping to translate them by vmpbd's explicit table)");
        }
        try {
            return new Answer(AbiMapping.between(abi, model, socketCall), null);
        } catch (IllegalArgumentException e) {
            return new Answer(null, "events in ABI " + abiName + " cannot be mapped into the model's " + model.name()
                + ": " + e.getMessage() + "; not scored");
        }
    }
}
