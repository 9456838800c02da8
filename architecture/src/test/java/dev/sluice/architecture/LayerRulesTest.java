package dev.sluice.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** The layers of docs/architecture.md, checked on the real modules. */
class LayerRulesTest {

  @Test
  void core_importsNothingOutsideTheJdk() {
    // The core's packages as they are, so a package added to the core is covered at once.
    String[] corePackages = Modules.packagesOf(Modules.CORE);
    LayerRules.importsOnlyTheJdk(corePackages).check(Modules.classesOf(Modules.CORE));
  }

  @Test
  void transports_useNoStubOrCompilerCode() {
    JavaClasses transports = Modules.classesOf(Modules.H2, Modules.INPROC, Modules.OKHTTP);
    LayerRules.transportsDoNotUseStubs("dev.sluice.h2..", "dev.sluice.inproc..",
        "dev.sluice.okhttp..").check(transports);
  }

  @Test
  void otherModules_useOnlyTheApiOfH2() {
    JavaClasses others =
        Modules.classesOf(
            Modules.CORE, Modules.INPROC, Modules.PROTOBUF, Modules.STUB, Modules.COMPILER,
            Modules.TESTING, Modules.CLI, Modules.SERVICES, Modules.GRPC_JAVA,
            Modules.OPENTELEMETRY, Modules.OKHTTP);
    LayerRules.nothingUsesH2Internals("dev.sluice.h2..").check(others);
  }

  @Test
  void okhttpTransport_usesNeitherNettyNorSluiceH2() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "dev.sluice.h2..")
        .because("sluice-okhttp is the transport for applications without Netty")
        .check(Modules.classesOf(Modules.OKHTTP));
  }

  @Test
  void coreAndStubApi_showNoNettyOrProtobufType() {
    JavaClasses api = Modules.classesOf(Modules.CORE, Modules.STUB);
    String[] core = Modules.packagesOf(Modules.CORE);
    String[] stub = Modules.packagesOf(Modules.STUB);
    String[] packages = java.util.stream.Stream.concat(
            java.util.Arrays.stream(core), java.util.Arrays.stream(stub))
        .toArray(String[]::new);
    LayerRules.apiShowsNoForeignTypes(packages).check(api);
  }
}
