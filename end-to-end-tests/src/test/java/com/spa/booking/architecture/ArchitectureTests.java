package com.spa.booking.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The module boundaries, checked on the compiled main code of every module, and the layout of the end-to-end tests.
 */
class ArchitectureTests {

	static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.spa.booking");

	static final JavaClasses END_TO_END_TESTS = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
		.importPackages("com.spa.booking.e2e");

	static final String TEST_FIXTURES = "com.spa.booking.testing..";

	/** The end-to-end tests by subject; each may use support, none another subject. */
	static final List<String> SUBJECTS = List.of("api", "security", "faults", "pages", "contracts");

	@Test
	void noProductionCodeDependsOnTheTestFixtures() {
		noClasses().that().resideOutsideOfPackage(TEST_FIXTURES)
			.should().dependOnClassesThat().resideInAPackage(TEST_FIXTURES)
			.check(CLASSES);
	}

	/**
	 * Nothing test-only in a production jar. The one exception: the throwaway broker of the local stack and the
	 * benchmarks is spring-kafka-test's {@code EmbeddedKafkaKraftBroker}, the embedded KRaft broker Spring Kafka keeps.
	 */
	@Test
	void noProductionCodeUsesATestLibrary() {
		noClasses().that().resideOutsideOfPackage(TEST_FIXTURES)
			.and().doNotHaveFullyQualifiedName("com.spa.booking.infra.EmbeddedKafkaServer")
			.should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.assertj..", "org.awaitility..",
					"org.mockito..", "org.testcontainers..", "org.springframework.test..",
					"org.springframework.boot.test..", "org.springframework.kafka.test..", "com.networknt.schema..")
			.check(CLASSES);
	}

	@Test
	void theLauncherModuleHoldsNoTests() {
		assertThat(Path.of("../local-stack/src/test")).doesNotExist();
	}

	@Test
	void theEndToEndTestsOfOneSubjectUseNoOtherSubjectsTests() {
		for (String subject : SUBJECTS) {
			noClasses().that().resideInAPackage("com.spa.booking.e2e." + subject + "..")
				.should().dependOnClassesThat().resideInAnyPackage(SUBJECTS.stream()
					.filter(other -> !other.equals(subject))
					.map(other -> "com.spa.booking.e2e." + other + "..")
					.toArray(String[]::new))
				.check(END_TO_END_TESTS);
		}
	}

	/** So that -DskipFaults leaves out exactly the fault package, and -Dgroups=faults runs all of it. */
	@Test
	void theFaultTestsAndOnlyThoseAreTaggedFaults() {
		List<JavaClass> tests = END_TO_END_TESTS.stream()
			.filter(type -> type.getSimpleName().endsWith("IntegrationTests") && type.isTopLevelClass())
			.toList();
		assertThat(tests).isNotEmpty().allSatisfy(test -> assertThat(isTaggedFaults(test)).as(test.getName())
			.isEqualTo(test.getPackageName().equals("com.spa.booking.e2e.faults")));
	}

	private static boolean isTaggedFaults(JavaClass test) {
		return test.tryGetAnnotationOfType(Tag.class).map(tag -> tag.value().equals("faults")).orElse(false);
	}

	/** They need a whole stack: Failsafe runs them in ./mvnw verify, never ./mvnw test. */
	@Test
	void everyEndToEndTestIsAnIntegrationTest() {
		assertThat(END_TO_END_TESTS.stream()
			.filter(type -> type.isTopLevelClass() && type.getMethods().stream()
				.anyMatch(method -> method.isAnnotatedWith(Test.class) || method.isMetaAnnotatedWith(Test.class)))
			.map(JavaClass::getSimpleName))
			.isNotEmpty()
			.allSatisfy(name -> assertThat(name).endsWith("IntegrationTests"));
	}

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

	@Test
	void theFeaturePackagesOfEachApplicationDependOnEachOtherWithoutCycles() {
		slices().matching("com.spa.booking.gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
		slices().matching("com.spa.booking.worker.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void noClassNameIsUsedTwice() {
		Map<String, List<String>> byName = CLASSES.stream()
			.filter(type -> !type.isNestedClass() && !type.isAnonymousClass() && !type.getSimpleName().equals("package-info"))
			.collect(Collectors.groupingBy(JavaClass::getSimpleName,
					Collectors.mapping(JavaClass::getName, Collectors.toList())));

		assertThat(byName).allSatisfy((name, classes) -> assertThat(classes).as(name).hasSize(1));
	}

	/** A repository is named for what it holds, as a plural noun ({@code Bookings}); it owns its table's SQL. */
	@Test
	void repositoriesAreNamedAsPluralNouns() {
		classes().that().areAnnotatedWith(Repository.class).should().haveSimpleNameEndingWith("s").check(CLASSES);
	}

	/** A service or component is named for what it does ({@code CommandApplier}), never as a plural like a repository. */
	@Test
	void servicesAndComponentsAreNamedForWhatTheyDo() {
		noClasses().that().areAnnotatedWith(Service.class).or().areAnnotatedWith(Component.class)
			.should().haveSimpleNameEndingWith("s")
			.check(CLASSES);
	}

	/** One word per idea: "page" is an HTML page, "batch" a poll's batch of commands, "changes" nothing. */
	@Test
	void pagesBatchesAndChangesMeanOneThingEach() {
		noClasses().that().areTopLevelClasses().and().haveSimpleNameContaining("Page")
			.should().resideOutsideOfPackage("com.spa.booking.gateway.pages..")
			.check(CLASSES);
		noClasses().that().haveSimpleNameContaining("Batch")
			.should().resideOutsideOfPackage("com.spa.booking.worker..")
			.check(CLASSES);
		noClasses().should().resideInAPackage("..batch..").check(CLASSES);
		noClasses().should().haveSimpleNameEndingWith("Changes").check(CLASSES);
	}

	/**
	 * The answer path of asynchronous commands is one: {@code Prefer} and {@code Idempotency-Key} arrive as arguments
	 * resolved in one place, never read by a controller itself.
	 */
	@Test
	void noControllerReadsTheWaitOrTheIdempotencyKeyHeaderItself() {
		noMethods().that().areDeclaredInClassesThat().areAnnotatedWith(RestController.class)
			.should(readAHeader("Prefer", "Idempotency-Key"))
			.check(CLASSES);
	}

	private static ArchCondition<JavaMethod> readAHeader(String... names) {
		return new ArchCondition<>("read the header " + String.join(" or ", names)) {
			@Override
			public void check(JavaMethod method, ConditionEvents events) {
				method.getParameters().stream()
					.flatMap(parameter -> parameter.tryGetAnnotationOfType(RequestHeader.class).stream())
					.filter(header -> List.of(names).contains(header.value().isEmpty() ? header.name() : header.value()))
					.forEach(header -> events.add(SimpleConditionEvent.satisfied(method,
							method.getFullName() + " reads " + header.value() + header.name())));
			}
		};
	}

	@Test
	void theProblemTypesPrefixIsWrittenOnce() throws IOException {
		try (Stream<Path> sources = Files.walk(Path.of("../booking-gateway/src/main/java"))) {
			long written = sources.filter(path -> path.toString().endsWith(".java"))
				.mapToLong(path -> Pattern.compile("urn:spa-booking:problem:").matcher(read(path)).results().count())
				.sum();
			assertThat(written).isEqualTo(1);
		}
	}

	/**
	 * The worker's tables are the worker's: the gateway reads its bookings, sessions and outcomes through the views of
	 * the read contract (worker migration V12), which LeastPrivilegeIntegrationTests enforces for the queries it runs;
	 * this finds any other.
	 */
	@Test
	void theGatewaysSqlReadsTheWorkersTablesOnlyThroughTheReadContract() throws IOException {
		Pattern workerTable = Pattern.compile(
				"(?i)\\b(FROM|JOIN|INTO|UPDATE)\\s+(bookings|booking_sessions|processed_commands|partition_owners|catalog_version)\\b");
		try (Stream<Path> sources = Files.walk(Path.of("../booking-gateway/src/main/java"))) {
			List<String> offending = sources.filter(path -> path.toString().endsWith(".java"))
				.filter(path -> workerTable.matcher(read(path)).find())
				.map(Path::toString)
				.toList();
			assertThat(offending).isEmpty();
		}
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
