package org.vmpbd.trust;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The trust model stands alone: the JDK, Jackson and the policy, nothing of libvirt, OpenStack or the daemon. */
class TrustArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.vmpbd");

    private static final ArchRule ONLY_JDK_JACKSON_POLICY = classes().that().resideInAPackage("org.vmpbd.trust..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("org.vmpbd.trust..", "org.vmpbd.policy..", "java..", "com.fasterxml.jackson..")
        .because("the trust model is fed by adapters (issue #10) and must not know where measurements come from");

    private static final ArchRule NO_ADAPTERS = noClasses().that().resideInAPackage("org.vmpbd.trust..")
        .should().dependOnClassesThat().resideInAnyPackage("org.vmpbd.libvirt..", "org.libvirt..",
            "org.vmpbd.openstack..", "org.vmpbd.daemon..", "org.vmpbd.outbox..", "org.vmpbd.action..", "org.vmpbd.trap..");

    @Test
    void trustDependsOnlyOnItselfTheJdkJacksonAndThePolicy() {
        ONLY_JDK_JACKSON_POLICY.check(MAIN);
    }

    @Test
    void trustKnowsNothingOfLibvirtOpenStackTheDaemonOutboxActionsOrTraps() {
        NO_ADAPTERS.check(MAIN);
    }

    @Test
    void theRuleCatchesAViolation() {
        JavaClasses fixture = new ClassFileImporter().importClasses(org.vmpbd.trust.archfixture.ReachesIntoTheDaemon.class);
        AssertionError e = assertThrows(AssertionError.class, () -> NO_ADAPTERS.check(fixture));
        assertTrue(e.getMessage().contains("org.vmpbd.daemon"), e.getMessage());
        assertThrows(AssertionError.class, () -> ONLY_JDK_JACKSON_POLICY.check(fixture));
    }
}
