package org.vmpbd.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies flow one way: the detection engine knows nothing outside itself. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.vmpbd");

    @Test
    void detectDependsOnNothingOutsideItselfButTheJdkAndJackson() {
        classes().that().resideInAPackage("org.vmpbd.detect..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("org.vmpbd.detect..", "java..", "javax.annotation..", "com.fasterxml.jackson..")
            .because("the engine must stay free of libvirt, OpenStack, the CLI and every adapter")
            .check(MAIN);
    }

    @Test
    void nothingDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("org.vmpbd.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.vmpbd.cli..")
            .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.vmpbd.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
