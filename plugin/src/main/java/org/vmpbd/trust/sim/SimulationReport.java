package org.vmpbd.trust.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vmpbd.policy.SeverityLevel;

/** Writes a simulation's series as JSON and a short Markdown summary. */
public final class SimulationReport {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code dir/simulation.json}: parameters, policy trust numbers and ladder, and every series of both arms. */
    public void writeJson(SimulationResult r, Path file) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode params = root.putObject("parameters");
        SimulationParameters p = r.parameters();
        params.put("seed", p.seed()).put("domains", p.userVms() + 1).put("userVms", p.userVms())
            .put("steps", p.steps()).put("stepSeconds", p.step().toSeconds())
            .put("contactsPerStep", p.contactsPerStep()).put("infectionProbability", p.infectionProbability())
            .put("incubationSteps", p.incubationSteps()).put("scanFlows", p.scanFlows())
            .put("spoofProbability", p.spoofProbability()).put("benignFlows", p.benignFlows())
            .put("noiseProbability", p.noiseProbability()).put("agentShare", p.agentShare())
            .put("attack", p.attack().name()).put("isolation", p.isolation().name());
        ObjectNode o = params.putObject("trustOptions");
        o.put("decay", p.options().decay().name()).put("edge", p.options().edge().name())
            .put("maliciousIndex", p.options().maliciousIndex().name())
            .put("aggregation", p.options().aggregation().name())
            .put("missingInside", p.options().missingInside().name())
            .put("missingOutside", p.options().missingOutside().name());
        ObjectNode trust = root.putObject("policyTrust");
        trust.put("windowSeconds", r.trust().window().toSeconds()).put("alpha1", r.trust().alpha1())
            .put("alpha2", r.trust().alpha2()).put("a1", r.trust().a1()).put("a2", r.trust().a2())
            .put("trusted", r.trust().trusted()).put("suspect", r.trust().suspect());
        ObjectNode ladder = root.putObject("ladder");
        for (SeverityLevel l : SeverityLevel.values()) {
            ArrayNode a = ladder.putArray(l.wireName());
            r.ladder().at(l).forEach(x -> a.add(x.wireName()));
        }
        root.put("ladderIsolates", r.ladderIsolates()).put("costClock", r.costClock());
        arm(root.putObject("with"), r.with());
        arm(root.putObject("without"), r.without());
        json.writeValue(file.toFile(), root);
    }

    private static void arm(ObjectNode n, ArmSeries a) {
        n.put("finalHealthy", a.finalHealthy()).put("measurements", a.measurements())
            .put("transitions", a.transitions()).put("falseIsolations", a.falseIsolations())
            .put("meanNanosPerMeasurement", a.meanNanosPerMeasurement());
        series(n.putArray("healthy"), a.healthy());
        series(n.putArray("infected"), a.infected());
        series(n.putArray("isolated"), a.isolated());
        series(n.putArray("tr"), a.tr());
        series(n.putArray("nanosPerMeasurementPerVm"), a.nanosPerVm());
        ArrayNode t = n.putArray("firstTransitions");
        a.firstTransitions().forEach(t::add);
    }

    private static void series(ArrayNode arr, double[] xs) {
        for (double x : xs) {
            if (Double.isNaN(x)) {
                arr.addNull();
            } else {
                arr.add(x);
            }
        }
    }

    /** {@code summary.md}: the outcome, the parameters, the figures. */
    public void writeMarkdown(List<SimulationResult> results, String command, List<String> figures, Path file)
        throws IOException {
        StringBuilder md = new StringBuilder("# vmpbd simulate\n\n`").append(command).append("`\n\n");
        md.append("The seed's experiment (shared/design/trust-model.md, section 6) on simulated VMs, driving the real ")
            .append("trust code (org.vmpbd.trust) and the policy's trust parameters, states and action ladder. ")
            .append("Healthy = neither infected nor isolated. See docs/trust.md for the model.\n\n");
        md.append("| attack | seed | healthy at end, with | without | ratio | isolated (false) | transitions | ")
            .append("trust code CPU per measurement |\n|---|---|---|---|---|---|---|---|\n");
        for (SimulationResult r : results) {
            ArmSeries w = r.with();
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% | %.1f %% | %s | %.1f %% (%d) | %d | %.2f µs (%s) |%n",
                r.parameters().attack().name().toLowerCase(Locale.ROOT).replace('_', '-'), r.parameters().seed(),
                100 * w.finalHealthy(), 100 * r.without().finalHealthy(),
                r.without().finalHealthy() == 0 ? (w.finalHealthy() > 0 ? "∞" : "—")
                    : String.format(Locale.ROOT, "%.1f", r.ratio()),
                100 * w.isolated()[w.isolated().length - 1], w.falseIsolations(), w.transitions(),
                w.meanNanosPerMeasurement() / 1000, r.costClock()));
        }
        SimulationResult first = results.get(0);
        SimulationParameters p = first.parameters();
        md.append(String.format(Locale.ROOT, "%nParameters: %d domains (1 privileged + %d user VMs), %d steps of %d s, "
                + "%d contacts per step and infection chance %.2f, incubation %d steps, %d exploit flows per step, spoofing "
                + "%.2f, %d benign flows, noise %.2f, guest agent on %.0f %% of the VMs, isolation %s; policy trust window "
                + "%d s, a1 = %.2f, a2 = %.2f, thresholds %.2f / %.2f; trust options %s.%n",
            p.userVms() + 1, p.userVms(), p.steps(), p.step().toSeconds(), p.contactsPerStep(), p.infectionProbability(),
            p.incubationSteps(), p.scanFlows(), p.spoofProbability(), p.benignFlows(), p.noiseProbability(),
            100 * p.agentShare(), p.isolation(), first.trust().window().toSeconds(), first.trust().a1(),
            first.trust().a2(), first.trust().trusted(), first.trust().suspect(), p.options()));
        if (!first.ladderIsolates()) {
            md.append("\n**The policy's ladder does not isolate at its critical level: the mechanism cannot act.**\n");
        }
        md.append("\n");
        for (String f : figures) {
            md.append("![").append(f).append("](").append(f).append(")\n\n");
        }
        Files.writeString(file, md.toString());
    }
}
