package org.vmpbd.trust.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.vmpbd.trust.Flow;
import org.vmpbd.trust.InsideMeasurement;
import org.vmpbd.trust.OutsideMeasurement;
import org.vmpbd.trust.TrustBaseline;

/** What the simulated monitors see of a VM in one step (the simulation's model of healthy and infected VMs). */
final class MeasurementModel {
    static final Map<String, String> APPS = Map.of("sshd", "h-sshd", "nginx", "h-nginx", "cron", "h-cron",
        "app", "h-app");
    static final Set<String> PROTOCOLS = Set.of("ssh", "http", "https", "dns");
    static final String DELTA = "key-processes-v1";

    private final SimulationParameters p;
    private final Random random;

    MeasurementModel(SimulationParameters p, Random random) {
        this.p = p;
        this.random = random;
    }

    static TrustBaseline baseline(String address) {
        return new TrustBaseline(APPS, PROTOCOLS, DELTA, address);
    }

    InsideMeasurement inside(SimulatedVm vm, Instant at) {
        boolean lies = p.attack() == Attack.ANTI_VM;
        if (vm.infected() && !lies) {
            Map<String, String> apps = new HashMap<>(APPS);
            apps.put("app", "h-trojaned");
            return new InsideMeasurement(at, apps, Set.of("ssh", "http", "irc"), "key-processes-with-trojan");
        }
        if (!vm.infected() && random.nextDouble() < p.noiseProbability() / 5) {
            Map<String, String> apps = new HashMap<>(APPS);
            apps.put("nginx", "h-nginx-updated");
            return new InsideMeasurement(at, apps, Set.of("ssh", "http"), DELTA);
        }
        return new InsideMeasurement(at, APPS, Set.of("ssh", "http"), DELTA);
    }

    OutsideMeasurement outside(SimulatedVm vm, Instant at, boolean active) {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < p.benignFlows(); i++) {
            flows.add(new Flow(1, 1, 0));
        }
        String source = vm.address();
        if (active) {
            for (int i = 0; i < p.scanFlows(); i++) {
                flows.add(new Flow(3, 1, 2 + random.nextInt(5)));
            }
            if (random.nextDouble() < p.spoofProbability()) {
                source = "198.51.100." + random.nextInt(256);
            }
        } else if (!vm.infected() && random.nextDouble() < p.noiseProbability()) {
            flows.add(new Flow(1, 1, 1));
        }
        return new OutsideMeasurement(at, source, flows);
    }
}
