package io.levqor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.levqor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule sqlLivesInJdbcPackages = noClasses()
            .that()
            .resideOutsideOfPackage("..jdbc..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.jdbc.core.simple.JdbcClient")
            .because("each module keeps its SQL in plain sight in its jdbc package (STYLE.md)");

    @ArchTest
    static final ArchRule timeComesFromTheClock = noClasses()
            .that()
            .resideOutsideOfPackage("io.levqor.shared..")
            .should()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(java.time.OffsetDateTime.class, "now")
            .orShould()
            .callMethod(java.time.LocalDateTime.class, "now")
            .orShould()
            .callMethod(java.time.LocalDate.class, "now")
            .because("time is injected as a Clock so that tests can move it");

    @ArchTest
    static final ArchRule controllersLiveInWebPackages = noClasses()
            .that()
            .areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
            .should()
            .resideOutsideOfPackages("..web..", "..console..")
            .because("a module's root package is its contract; HTTP adapters stay in web sub-packages");

    @ArchTest
    static final ArchRule noStandardStreams =
            NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.because("logs go through SLF4J so LEVQOR_LOG_FORMAT applies");

    @ArchTest
    static final ArchRule noJavaUtilLogging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule constructorInjection =
            NO_CLASSES_SHOULD_USE_FIELD_INJECTION.because("constructor injection says plainly what a class needs");
}
