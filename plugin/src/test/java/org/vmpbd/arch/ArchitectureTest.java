package org.vmpbd.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.archfixture.ReachesIntoTheCli;

/** Dependencies flow one way: the detection engine knows nothing outside itself. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.vmpbd");

    private static final ArchRule DETECT_STANDS_ALONE = classes().that().resideInAPackage("org.vmpbd.detect..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("org.vmpbd.detect..", "java..", "javax.annotation..", "com.fasterxml.jackson..")
        .because("the engine must stay free of libvirt, OpenStack, the CLI and every adapter");

    @Test
    void detectDependsOnNothingOutsideItselfButTheJdkAndJackson() {
        DETECT_STANDS_ALONE.check(MAIN);
    }

    /** The rule can fail: a detect class reaching into the CLI (a test fixture) is caught. */
    @Test
    void theDetectRuleCatchesAViolation() {
        JavaClasses fixture = new ClassFileImporter().importClasses(ReachesIntoTheCli.class);
        AssertionError e = assertThrows(AssertionError.class, () -> DETECT_STANDS_ALONE.check(fixture));
        assertTrue(e.getMessage().contains("org.vmpbd.cli.Main"), e.getMessage());
    }

    @Test
    void nothingDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("org.vmpbd.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.vmpbd.cli..")
            .check(MAIN);
    }

    @Test
    void onlyTheCliWiresTheDaemon() {
        noClasses().that().resideOutsideOfPackages("org.vmpbd.cli..", "org.vmpbd.daemon..")
            .should().dependOnClassesThat().resideInAPackage("org.vmpbd.daemon..")
            .check(MAIN);
    }

    @Test
    void theOutboxKnowsNothingOfWhatItCarries() {
        classes().that().resideInAPackage("org.vmpbd.outbox..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("org.vmpbd.outbox..", "java..", "com.fasterxml.jackson..", "org.slf4j..")
            .check(MAIN);
    }

    @Test
    void theEngineAndThePoliciesKnowNothingOfLibvirtOrTheDaemon() {
        noClasses().that().resideInAnyPackage("org.vmpbd.detect..", "org.vmpbd.policy..", "org.vmpbd.model..",
                "org.vmpbd.trap..", "org.vmpbd.eval..")
            .should().dependOnClassesThat().resideInAnyPackage("org.vmpbd.libvirt..", "org.libvirt..", "org.vmpbd.daemon..",
                "org.vmpbd.action..", "org.vmpbd.outbox..")
            .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.vmpbd.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
