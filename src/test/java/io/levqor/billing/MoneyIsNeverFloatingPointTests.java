package io.levqor.billing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Money is a long of minor units everywhere in Levqor: never float or double, in any module. */
class MoneyIsNeverFloatingPointTests {

    private static final String MONEY_WORDS =
            "amount|price|money|cost|fee|balance|credit|revenue|mrr|ltv|commission|payout|refund|charge|"
                    + "invoice|payment|paid|subtotal|tax|discount|spend|budget|cents|paise";

    // float/double (boxed or not, arrays too) followed by a declared name: fields, parameters, locals, components
    private static final Pattern DECLARATION = Pattern.compile(
            "\\b(float|double|Float|Double)\\b\\s*(?:\\[\\s*\\]\\s*)*(?:\\.\\.\\.\\s*)?([A-Za-z_$][\\w$]*)");
    private static final Pattern MONEY_NAME = Pattern.compile("(?i).*(" + MONEY_WORDS + ").*");
    // a ratio of money is not money: spendRatio, churnRate, discountPercent may be floating point
    private static final Pattern NOT_MONEY =
            Pattern.compile("(?i).*(ratio|rate|percent|pct|share|factor|fraction|weight|probability|score)$");
    // an SLO's error budget (ops.slo) is a share of answers and the minutes it lasts, not money
    private static final Pattern ERROR_BUDGET = Pattern.compile("budget(Left|MinutesLeft|Consumed)");
    private static final Set<String> FLOATING = Set.of("float", "double", "java.lang.Float", "java.lang.Double");

    @Test
    void noSourceDeclaresMoneyAsFloatingPoint() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/levqor"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                offenders.addAll(moneyDeclarations(Files.readString(file), file.toString()));
            }
        }
        assertThat(offenders).as("money declared as float/double").isEmpty();
    }

    @Test
    void theSourceCheckRecognisesMoneyDeclarations() {
        assertThat(moneyDeclarations("record Price(double amount) {}", "x")).hasSize(1);
        assertThat(moneyDeclarations("Double totalRevenue = 0d;", "x")).hasSize(1);
        assertThat(moneyDeclarations("void pay(float... fees)", "x")).hasSize(1);
        assertThat(moneyDeclarations("double churnRate = 0.1; long amount; double spendRatio;", "x"))
                .isEmpty();
        assertThat(moneyDeclarations("double budgetLeft; double budgetMinutesLeft; double budgetConsumed;", "x"))
                .isEmpty();
        assertThat(moneyDeclarations("double budgetLeftUsd;", "x")).hasSize(1);
    }

    @Test
    void noCompiledFieldOrSignatureCarriesMoneyAsFloatingPoint() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.levqor");
        fields().that()
                .haveNameMatching(MONEY_NAME.pattern())
                .and()
                .haveNameNotMatching(NOT_MONEY.pattern())
                .and()
                .haveNameNotMatching(ERROR_BUDGET.pattern())
                .should()
                .notHaveRawType(double.class)
                .andShould()
                .notHaveRawType(float.class)
                .andShould()
                .notHaveRawType(Double.class)
                .andShould()
                .notHaveRawType(Float.class)
                .because("money is a long of minor units plus a currency (DESIGN.md)")
                .allowEmptyShould(true)
                .check(classes);
        codeUnits()
                .that()
                .areDeclaredInClassesThat(billing())
                .should(takeNoFloatingPoint())
                .because("billing computes with minor units only")
                .check(classes);
    }

    private static DescribedPredicate<JavaClass> billing() {
        return DescribedPredicate.describe(
                "in io.levqor.billing", c -> c.getPackageName().startsWith("io.levqor.billing"));
    }

    private static ArchCondition<JavaCodeUnit> takeNoFloatingPoint() {
        return new ArchCondition<>("take and return no float or double") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                boolean floating = unit.getRawParameterTypes().stream().anyMatch(t -> FLOATING.contains(t.getName()))
                        || FLOATING.contains(unit.getRawReturnType().getName());
                if (floating) {
                    events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " uses float/double"));
                }
            }
        };
    }

    private static List<String> moneyDeclarations(String source, String where) {
        List<String> found = new ArrayList<>();
        Matcher m = DECLARATION.matcher(source);
        while (m.find()) {
            String name = m.group(2);
            if (MONEY_NAME.matcher(name).matches()
                    && !NOT_MONEY.matcher(name).matches()
                    && !ERROR_BUDGET.matcher(name).matches()) {
                found.add(where + ": " + m.group());
            }
        }
        return found;
    }
}
