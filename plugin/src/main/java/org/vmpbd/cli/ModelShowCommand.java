package org.vmpbd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmpbd.detect.ModelCodec;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.model.CaptureInfo;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import org.vmpbd.model.ModelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vmpbd model show}: one key's versions, corpus, learning and history, or one version in detail. */
@Command(name = "show",
    description = "Show a key's versions (state, origin, training, convergence, promotions), corpus and history, or "
        + "one version in detail with its model file's header.")
final class ModelShowCommand implements Callable<Integer> {
    private final ModelCodec codec;
    private final CliModule.Console console;
    private final ObjectMapper json = new ObjectMapper();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    StoreOption store;

    @Parameters(paramLabel = "KEY", description = "IMAGE/PROGRAM, or IMAGE (= IMAGE/*, the image-wide model).")
    String key;

    @Option(names = "--version", paramLabel = "N", description = "Show version N in detail.")
    Integer version;

    @Option(names = "--json", description = "Print the key's index (or the version's record) as JSON.")
    boolean asJson;

    @Inject
    ModelShowCommand(ModelCodec codec, CliModule.Console console) {
        this.codec = codec;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        ModelStore s = store.store();
        ModelKey k = StoreOption.key(key);
        KeyIndex idx = s.index(k);
        if (version != null && idx.version(version).isEmpty()) {
            throw new ModelStoreException(k + " has no version " + version);
        }
        if (asJson) {
            JsonNode root = json.readTree(Files.readAllBytes(s.indexFile(k)));
            JsonNode out = root;
            if (version != null) {
                for (JsonNode v : root.get("versions")) {
                    if (v.get("version").asInt() == version) {
                        out = v;
                    }
                }
            }
            console.out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        }
        return version == null ? showKey(s, k, idx) : showVersion(s, k, idx.version(version).orElseThrow());
    }

    private int showKey(ModelStore s, ModelKey k, KeyIndex idx) throws Exception {
        var out = console.out();
        out.println(ModelText.key(k) + "  (" + s.directory(k) + ")");
        if (idx.active().isPresent()) {
            KeyIndex.Version a = idx.version(idx.active().getAsInt()).orElseThrow();
            out.printf("active: v%d%s%n", a.version(), a.promoted() == null ? "" : " (promoted " + a.promoted().at()
                + " by " + a.promoted().by() + (a.promoted().why().isEmpty() ? "" : ": " + a.promoted().why()) + ")");
        } else {
            out.println("active: none" + (k.isImageWide() ? "" : " (processes of " + k.program() + " get the image-wide "
                + "model " + k.fallback() + ", if it has an active version)"));
        }
        KeyIndex.Corpus c = idx.corpus();
        if (c.segments().isEmpty()) {
            out.println("corpus: none");
        } else {
            out.printf("corpus: %d processes, %d calls, %d segments, %s; captured in %s with filter %s%n", c.processes(),
                c.calls(), c.segments().size(), ModelText.bytes(c.bytes()), c.abi(), CaptureInfo.describe(
                    Abis.names().contains(c.abi()) ? Abis.byName(c.abi()) : null, c.captureFilter()));
        }
        out.printf("%-8s %-24s %-24s %-10s %9s %8s %9s  %s%n", "VERSION", "STATE", "CREATED", "ORIGIN", "PROCESSES",
            "WINDOWS", "CONVERGED", "HOW IT ENDED");
        for (KeyIndex.Version v : idx.versions()) {
            out.printf("%-8s %-24s %-24s %-10s %9s %8s %9s  %s%n", "v" + v.version(), ModelText.state(v), v.created(),
                v.origin(), v.training() == null ? "-" : String.valueOf(v.training().processes()),
                v.training() == null ? "-" : String.valueOf(v.training().libraryWindows()), ModelText.converged(v),
                v.endReason() == null ? "" : v.endReason());
            if (v.learning() != null && v.state() == org.vmpbd.model.ModelState.LEARNING) {
                out.println("         learning: " + ModelText.progress(v.learning()));
            }
        }
        out.println("history:");
        for (KeyIndex.Event e : idx.history()) {
            out.printf("  %s  %-16s v%d by %s%s%n", e.at(), e.action(), e.version(), e.by(),
                e.why().isEmpty() ? "" : ": " + e.why());
        }
        List<String> strays = s.strays(k);
        if (!strays.isEmpty()) {
            out.println("files the index does not record (an interrupted write or a lost index; never reused): "
                + String.join(", ", strays));
        }
        return 0;
    }

    private int showVersion(ModelStore s, ModelKey k, KeyIndex.Version v) throws Exception {
        var out = console.out();
        out.printf("%s v%d: %s%n", ModelText.key(k), v.version(), ModelText.state(v));
        out.println("created: " + v.created() + " (" + v.origin() + ")");
        if (v.endReason() != null) {
            out.println("ended: " + v.endReason());
        }
        out.println("converged: " + ModelText.converged(v));
        if (v.promoted() != null) {
            out.printf("promoted: %s by %s%s%n", v.promoted().at(), v.promoted().by(),
                v.promoted().why().isEmpty() ? "" : ": " + v.promoted().why());
        }
        if (v.retired() != null) {
            out.printf("retired: %s by %s%s%n", v.retired().at(), v.retired().by(),
                v.retired().why().isEmpty() ? "" : ": " + v.retired().why());
        }
        if (v.learning() != null) {
            out.println("learning: " + ModelText.progress(v.learning()));
            out.println("learning settings: M=" + v.learning().settings().m() + ", IDF "
                + v.learning().settings().idf().name().toLowerCase(java.util.Locale.ROOT) + ", batches of "
                + v.learning().settings().batchProcesses() + ", promotion " + v.learning().settings().promotion().label()
                + ", corpus cap " + v.learning().settings().corpusMaxCalls() + " calls");
            if (!v.learning().growth().isEmpty()) {
                StringBuilder g = new StringBuilder();
                for (double x : v.learning().growth()) {
                    g.append(g.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.2f", x));
                }
                out.println("growth per batch (new windows per 1000): " + g);
            }
        }
        if (v.file() != null) {
            Path file = s.directory(k).resolve(v.file());
            out.println("file: " + file + " (" + ModelText.bytes(v.bytes()) + ", SHA-256 " + v.sha256() + ")");
            s.load(k, v.version());
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(codec.readHeader(file)));
        }
        return 0;
    }
}
