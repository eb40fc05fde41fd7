package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmpbd.policy.EffectivePolicy;
import org.vmpbd.policy.PolicyLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vmpbd policy show}: a project's effective policy, each value with the file and line it came from. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Print a project's effective policy as YAML, each value followed by the file and line it came from.",
        "Precedence: the tenant file listing the project id, else the one listing its name, else none; over "
            + "default.yaml, over the built-in default."})
final class PolicyShowCommand implements Callable<Integer> {
    private final PolicyLoader loader;
    private final CliModule.Console console;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Project project;

    /** At least one of id and name. */
    static final class Project {
        @Option(names = "--project", paramLabel = "ID", description = "The OpenStack project id.")
        String id;

        @Option(names = "--name", paramLabel = "NAME", description = "The OpenStack project name.")
        String name;
    }

    @Option(names = "--dir", defaultValue = "policies", description = "Policies directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Inject
    PolicyShowCommand(PolicyLoader loader, CliModule.Console console) {
        this.loader = loader;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        EffectivePolicy p = loader.load(dir).forProject(project.id, project.name);
        String who = (project.id != null ? "project id " + project.id : "")
            + (project.id != null && project.name != null ? ", " : "")
            + (project.name != null ? "project name " + project.name : "");
        String why = switch (p.matchedBy()) {
            case PROJECT_ID -> p.tenantFile() + " (matched by project id)";
            case PROJECT_NAME -> p.tenantFile() + " (matched by project name)";
            case DEFAULT -> "no tenant file matches: the default policy";
        };
        console.out().println("# effective policy for " + who + ": " + why);
        console.out().println("# layers, lowest first: " + String.join(" <- ", p.files()));
        console.out().print(p.render());
        return 0;
    }
}
