package com.spa.booking.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The module boundaries, checked on the compiled main code of every module. */
class ArchitectureTests {

	static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.spa.booking");

	@Test
	void theMessageContractsDependOnNoSpring() {
		noClasses().that().resideInAPackage("com.spa.booking.schemas..")
			.should().dependOnClassesThat().resideInAPackage("org.springframework..")
			.check(CLASSES);
	}

	@Test
	void theCalendarRulesDependOnNoSpring() {
		noClasses().that().resideInAPackage("com.spa.booking.calendar..")
			.should().dependOnClassesThat().resideInAPackage("org.springframework..")
			.check(CLASSES);
	}

	@Test
	void theMessageContractsDependOnNeitherApplication() {
		noClasses().that().resideInAPackage("com.spa.booking.schemas..")
			.should().dependOnClassesThat().resideInAnyPackage("com.spa.booking.gateway..", "com.spa.booking.worker..")
			.check(CLASSES);
	}

	@Test
	void theSharedSupportDependsOnNeitherApplication() {
		noClasses().that().resideInAPackage("com.spa.booking.support..")
			.should().dependOnClassesThat().resideInAnyPackage("com.spa.booking.gateway..", "com.spa.booking.worker..")
			.check(CLASSES);
	}

	@Test
	void theGatewayNeverDependsOnTheWorker() {
		noClasses().that().resideInAPackage("com.spa.booking.gateway..")
			.should().dependOnClassesThat().resideInAPackage("com.spa.booking.worker..")
			.check(CLASSES);
	}

	@Test
	void theWorkerNeverDependsOnTheGateway() {
		noClasses().that().resideInAPackage("com.spa.booking.worker..")
			.should().dependOnClassesThat().resideInAPackage("com.spa.booking.gateway..")
			.check(CLASSES);
	}

	@Test
	void neitherApplicationDependsOnTheEmbeddedInfrastructure() {
		noClasses().that().resideInAnyPackage("com.spa.booking.gateway..", "com.spa.booking.worker..")
			.should().dependOnClassesThat().resideInAPackage("com.spa.booking.infra..")
			.check(CLASSES);
	}
}
