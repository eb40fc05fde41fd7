package org.vmpbd.policy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and checks policy files: YAML with line tracking, the JSON Schema, then the merged policy's semantic checks.
 * A policies directory holds {@code default.yaml} (optional) and {@code tenants/*.yaml}; the built-in default (the
 * shipped {@code policies/default.yaml}, bundled in the jar) lies under both, so every effective policy is complete.
 */
@Singleton
public final class PolicyLoader {
    /** How the built-in default is named in errors and provenance. */
    public static final String BUILT_IN = "<built-in>/default.yaml";
    /** Classpath location of the built-in default. */
    public static final String DEFAULT_RESOURCE = "/org/vmpbd/policy/default.yaml";
    public static final String DEFAULT_FILE = "default.yaml";
    public static final String TENANTS_DIR = "tenants";

    /** What a file is for. */
    enum Role { DEFAULT, TENANT }

    private final PolicySchema schema;
    private final YamlPolicyReader yaml = new YamlPolicyReader();
    private final PolicyBinder binder = new PolicyBinder();
    private final EffectivePolicy builtIn;

    @Inject
    public PolicyLoader(PolicySchema schema) {
        this.schema = schema;
        String text;
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in default policy missing from the classpath: " + DEFAULT_RESOURCE);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            PolicyDocument doc = parse(BUILT_IN, text, Role.DEFAULT);
            PolicyLayers layers = PolicyLayers.of(doc);
            builtIn = new EffectivePolicy(binder.bind(layers), layers, null, EffectivePolicy.MatchedBy.DEFAULT);
        } catch (PolicyException e) {
            throw new IllegalStateException("the built-in default policy is invalid (a build bug):\n" + e.getMessage(), e);
        }
    }

    /** The built-in default alone. */
    public EffectivePolicy builtIn() {
        return builtIn;
    }

    /** Reads {@code file} as a policy of {@code role}: YAML, schema, and what the role requires. */
    PolicyDocument read(Path file, Role role) throws PolicyException, IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(List.of(new PolicyError(file.toString(), 1, "", "not UTF-8 text")));
        }
        return parse(file.toString(), text, role);
    }

    /** Parses {@code text} (named {@code file} in errors) as a policy of {@code role}. */
    PolicyDocument parse(String file, String text, Role role) throws PolicyException {
        PolicyDocument doc = yaml.read(file, text);
        List<PolicyError> errors = new ArrayList<>(schema.validate(doc));
        JsonNode match = doc.root().get("match");
        if (role == Role.DEFAULT && match != null) {
            errors.add(PolicyError.at(doc.origin("/match"), "match",
                "only tenant files (in " + TENANTS_DIR + "/) have a match; the default applies to every other project"));
        }
        if (role == Role.TENANT && (match == null
            || (match.isObject() && match.path("projectIds").isEmpty() && match.path("projectNames").isEmpty()))) {
            errors.add(PolicyError.at(doc.origin("/match"), "match",
                "a tenant file needs match.projectIds or match.projectNames (the projects it applies to)"));
        }
        if (!errors.isEmpty()) {
            throw new PolicyException(errors);
        }
        return doc;
    }

    /** The default policy: the built-in default with {@code site} (a default.yaml, or null) on top. */
    EffectivePolicy defaults(PolicyDocument site) throws PolicyException {
        if (site == null) {
            return builtIn;
        }
        PolicyLayers layers = builtIn.layers().overlay(site);
        return new EffectivePolicy(binder.bind(layers), layers, null, EffectivePolicy.MatchedBy.DEFAULT);
    }

    /** A tenant's policy: {@code defaults} with the tenant file on top. */
    EffectivePolicy tenant(EffectivePolicy defaults, PolicyDocument doc) throws PolicyException {
        PolicyLayers layers = defaults.layers().overlay(doc);
        return new EffectivePolicy(binder.bind(layers), layers, doc.file(), EffectivePolicy.MatchedBy.PROJECT_ID);
    }

    static Set<String> matchList(PolicyDocument doc, String list) {
        Set<String> out = new LinkedHashSet<>();
        doc.root().path("match").path(list).forEach(n -> out.add(n.asText()));
        return out;
    }

    static PolicySet.Tenant tenantEntry(PolicyDocument doc, EffectivePolicy policy) {
        return new PolicySet.Tenant(doc.file(), matchList(doc, "projectIds"), matchList(doc, "projectNames"), policy);
    }

    /**
     * Claims of {@code doc} already made by {@code accepted}: a project id or name two tenant files list is an error
     * in the later file.
     */
    static List<PolicyError> conflicts(PolicyDocument doc, List<PolicySet.Tenant> accepted, Map<String, PolicyDocument> docs) {
        List<PolicyError> errors = new ArrayList<>();
        for (String list : List.of("projectIds", "projectNames")) {
            JsonNode items = doc.root().path("match").path(list);
            for (int i = 0; i < items.size(); i++) {
                String value = items.get(i).asText();
                for (PolicySet.Tenant t : accepted) {
                    Set<String> claimed = list.equals("projectIds") ? t.projectIds() : t.projectNames();
                    if (claimed.contains(value)) {
                        PolicyDocument other = docs.get(t.file());
                        String where = other == null ? t.file() : otherLine(other, list, value).toString();
                        String pointer = "/match/" + list + "/" + i;
                        errors.add(PolicyError.at(doc.origin(pointer), Fields.display(pointer),
                            (list.equals("projectIds") ? "project id '" : "project name '") + value
                                + "' is already matched by " + where + "; a project has one tenant file"));
                    }
                }
            }
        }
        return errors;
    }

    private static Origin otherLine(PolicyDocument other, String list, String value) {
        JsonNode items = other.root().path("match").path(list);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).asText().equals(value)) {
                return other.origin("/match/" + list + "/" + i);
            }
        }
        return other.origin("/match");
    }

    /** The tenant files of a policies directory ({@code tenants/*.yaml}, {@code *.yml}), by name; none if absent. */
    static List<Path> tenantFiles(Path dir) throws IOException {
        Path tenants = dir.resolve(TENANTS_DIR);
        if (!Files.isDirectory(tenants)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tenants)) {
            return s.filter(PolicyLoader::isPolicyFile).sorted().toList();
        }
    }

    static boolean isPolicyFile(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
    }

    /**
     * Loads a policies directory, all or nothing.
     *
     * @throws PolicyException     with every problem of every file
     * @throws NoSuchFileException if {@code dir} is not a directory
     */
    public PolicySet load(Path dir) throws PolicyException, IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a policies directory");
        }
        List<PolicyError> errors = new ArrayList<>();
        EffectivePolicy defaults = builtIn;
        Path def = dir.resolve(DEFAULT_FILE);
        if (Files.exists(def)) {
            try {
                defaults = defaults(read(def, Role.DEFAULT));
            } catch (PolicyException e) {
                errors.addAll(e.errors());
            }
        }
        List<PolicySet.Tenant> tenants = new ArrayList<>();
        Map<String, PolicyDocument> docs = new HashMap<>();
        for (Path f : tenantFiles(dir)) {
            try {
                PolicyDocument doc = read(f, Role.TENANT);
                List<PolicyError> clash = conflicts(doc, tenants, docs);
                if (!clash.isEmpty()) {
                    throw new PolicyException(clash);
                }
                tenants.add(tenantEntry(doc, tenant(defaults, doc)));
                docs.put(doc.file(), doc);
            } catch (PolicyException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new PolicyException(errors);
        }
        return new PolicySet(defaults, tenants);
    }

    /**
     * Checks policy files and directories as {@code vmpbd policy check} does. A directory holding
     * {@code default.yaml} or {@code tenants/} is a policies directory, checked whole (including that no two tenant
     * files match the same project); any other directory's YAML files are checked one by one. A single
     * {@code default.yaml} is checked over the built-in default; any other file is a tenant file, checked over the
     * {@code default.yaml} of its policies directory (the parent of {@code tenants/}) if there is one.
     *
     * @return every problem, sorted; empty when all is valid
     * @throws NoSuchFileException for a path that does not exist
     */
    public List<PolicyError> check(List<Path> paths) throws IOException {
        Set<PolicyError> errors = new LinkedHashSet<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
            if (Files.isDirectory(p)) {
                if (Files.exists(p.resolve(DEFAULT_FILE)) || Files.isDirectory(p.resolve(TENANTS_DIR))) {
                    try {
                        load(p);
                    } catch (PolicyException e) {
                        errors.addAll(e.errors());
                    }
                } else {
                    try (Stream<Path> s = Files.list(p)) {
                        for (Path f : s.filter(PolicyLoader::isPolicyFile).sorted().toList()) {
                            errors.addAll(checkFile(f));
                        }
                    }
                }
            } else {
                errors.addAll(checkFile(p));
            }
        }
        return errors.stream().sorted().toList();
    }

    private List<PolicyError> checkFile(Path f) throws IOException {
        List<PolicyError> errors = new ArrayList<>();
        try {
            if (f.getFileName().toString().equals(DEFAULT_FILE)) {
                defaults(read(f, Role.DEFAULT));
                return errors;
            }
            EffectivePolicy defaults = builtIn;
            Path parent = f.toAbsolutePath().getParent();
            if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(TENANTS_DIR)
                && parent.getParent() != null && Files.exists(parent.getParent().resolve(DEFAULT_FILE))) {
                Path def = f.getParent() != null && f.getParent().getParent() != null
                    ? f.getParent().getParent().resolve(DEFAULT_FILE) : parent.getParent().resolve(DEFAULT_FILE);
                try {
                    defaults = defaults(read(def, Role.DEFAULT));
                } catch (PolicyException e) {
                    errors.addAll(e.errors());
                    return errors;
                }
            }
            tenant(defaults, read(f, Role.TENANT));
        } catch (PolicyException e) {
            errors.addAll(e.errors());
        }
        return errors;
    }
}
