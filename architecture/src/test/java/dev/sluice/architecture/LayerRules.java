package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering of docs/architecture.md as ArchUnit rules. Each rule is a function of the
 * packages it is about, so that {@link LayerRulesTest} checks the real modules and {@code
 * LayerRulesSelfTest} checks that each rule fails on classes that break it on purpose.
 */
final class LayerRules {

  /** The JDK: all the core may use besides itself. */
  static final String[] JDK = {"java..", "javax..", "jdk.."};

  /** Packages of other transports' internals and of generated-code support. */
  static final String[] STUB_AND_COMPILER = {"dev.sluice.stub..", "dev.sluice.compiler.."};

  /**
   * The h2 packages other modules may use: the Netty-facing entry points and the connection's
   * settings. The rest of h2 (frames, HPACK, the gRPC wire mapping, the connection's parts) is
   * internal and may change without notice.
   */
  static final String H2_API_PACKAGE = "dev.sluice.h2.netty";

  static final String H2_CONFIG = "dev.sluice.h2.H2Config";

  /** Foreign types the core's public API must never show a user. */
  static final String[] FOREIGN_IN_API = {"io.netty..", "com.google.protobuf.."};

  private LayerRules() {}

  /** Classes in {@code ownPackages} depend only on the JDK and on those packages. */
  static ArchRule importsOnlyTheJdk(String... ownPackages) {
    List<String> allowed = new ArrayList<>(List.of(JDK));
    allowed.addAll(List.of(ownPackages));
    return classes()
        .that()
        .resideInAnyPackage(ownPackages)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed.toArray(String[]::new))
        .because("sluice-core depends on the JDK only (docs/architecture.md, the modules)");
  }

  /** No class in {@code transportPackages} uses stub or compiler code. */
  static ArchRule transportsDoNotUseStubs(String... transportPackages) {
    return noClasses()
        .that()
        .resideInAnyPackage(transportPackages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(STUB_AND_COMPILER)
        .because("transports sit below the call API and know nothing of stubs or generated code");
  }

  /**
   * No class outside h2 ({@code h2Packages}) uses an h2 class other than those of {@link
   * #H2_API_PACKAGE} and {@link #H2_CONFIG}.
   */
  static ArchRule nothingUsesH2Internals(String... h2Packages) {
    DescribedPredicate<JavaClass> h2Internal =
        new DescribedPredicate<>("are h2 internals (not in " + H2_API_PACKAGE + ", not H2Config)") {
          @Override
          public boolean test(JavaClass c) {
            return c.getPackage().getName().startsWith("dev.sluice.h2")
                && !c.getPackageName().equals(H2_API_PACKAGE)
                && !c.getName().equals(H2_CONFIG)
                && !c.getName().startsWith(H2_CONFIG + "$");
          }
        };
    return noClasses()
        .that()
        .resideOutsideOfPackages(h2Packages)
        .should()
        .dependOnClassesThat(h2Internal)
        .because("only dev.sluice.h2.netty and H2Config are h2's API");
  }

  /**
   * The public members of public classes in {@code apiPackages} name no Netty or protobuf type
   * in their signatures (fields, parameters, return types, thrown exceptions).
   */
  static ArchRule apiShowsNoForeignTypes(String... apiPackages) {
    return classes()
        .that()
        .resideInAnyPackage(apiPackages)
        .and()
        .arePublic()
        .should(new PublicSignaturesAvoid(FOREIGN_IN_API))
        .because("users of the core API must not need Netty or protobuf to call it");
  }

  /** The condition of {@link #apiShowsNoForeignTypes}. */
  private static final class PublicSignaturesAvoid extends ArchCondition<JavaClass> {
    private final String[] prefixes;

    PublicSignaturesAvoid(String... packagePatterns) {
      super("have public signatures free of types in " + String.join(", ", packagePatterns));
      this.prefixes = new String[packagePatterns.length];
      for (int i = 0; i < packagePatterns.length; i++) {
        prefixes[i] = packagePatterns[i].replace("..", ".");
      }
    }

    @Override
    public void check(JavaClass c, ConditionEvents events) {
      for (JavaMember m : c.getMembers()) {
        if (!m.getModifiers().contains(JavaModifier.PUBLIC)) {
          continue;
        }
        for (JavaClass t : signatureTypes(m)) {
          if (isForeign(t)) {
            String message = m.getFullName() + " shows " + t.getName() + " in its signature";
            events.add(SimpleConditionEvent.violated(m, message));
          }
        }
      }
    }

    private static List<JavaClass> signatureTypes(JavaMember m) {
      List<JavaClass> types = new ArrayList<>();
      if (m instanceof JavaField f) {
        types.add(f.getRawType());
      } else if (m instanceof JavaCodeUnit u) {
        types.add(u.getRawReturnType());
        types.addAll(u.getRawParameterTypes());
        u.getExceptionTypes().forEach(types::add);
      }
      return types;
    }

    private boolean isForeign(JavaClass t) {
      JavaClass base = t.isArray() ? t.getBaseComponentType() : t;
      for (String prefix : prefixes) {
        if (base.getName().startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }
}
