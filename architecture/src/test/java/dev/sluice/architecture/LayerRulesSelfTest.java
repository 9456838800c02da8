package dev.sluice.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link LayerRules} fails on a fixture class that breaks it on purpose and passes
 * on one that keeps it, so a rule cannot turn vacuous without a test failing.
 */
class LayerRulesSelfTest {

  private static final String FIXTURES = "dev.sluice.archfixture";

  @Test
  void importsOnlyTheJdk_flagsANettyImport() {
    ArchRule rule = LayerRules.importsOnlyTheJdk(FIXTURES + ".core..");
    assertViolations(rule, "core", "UsesNetty", "UsesJdk");
  }

  @Test
  void transportsDoNotUseStubs_flagsAStubImport() {
    ArchRule rule = LayerRules.transportsDoNotUseStubs(FIXTURES + ".transport..");
    assertViolations(rule, "transport", "UsesStub", "UsesCore");
  }

  @Test
  void nothingUsesH2Internals_flagsAnHpackImport() {
    ArchRule rule = LayerRules.nothingUsesH2Internals("dev.sluice.h2..");
    assertViolations(rule, "outside", "UsesHpack", "UsesH2Api");
  }

  @Test
  void apiShowsNoForeignTypes_flagsANettySignature() {
    ArchRule rule = LayerRules.apiShowsNoForeignTypes(FIXTURES + ".api..");
    assertViolations(rule, "api", "ShowsByteBuf", "HidesByteBuf");
  }

  /** The rule reports {@code breaker} and passes the package without it. */
  private static void assertViolations(ArchRule rule, String pkg, String breaker, String keeper) {
    JavaClasses all = new ClassFileImporter().importPackages(FIXTURES + "." + pkg);
    EvaluationResult onAll = rule.evaluate(all);
    assertThat(onAll.hasViolation()).as("rule flags %s", breaker).isTrue();
    assertThat(onAll.getFailureReport().getDetails())
        .allSatisfy(line -> assertThat(line).contains(breaker));

    JavaClasses keeperOnly =
        new ClassFileImporter().importPackages(FIXTURES + "." + pkg).that(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "is " + keeper, c -> c.getSimpleName().equals(keeper)));
    assertThat(rule.evaluate(keeperOnly).hasViolation()).as("rule passes %s", keeper).isFalse();
  }
}
