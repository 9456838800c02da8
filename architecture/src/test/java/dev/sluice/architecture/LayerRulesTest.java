package dev.sluice.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** The layers of docs/architecture.md, checked on the real modules. */
class LayerRulesTest {

  /** The packages of sluice-core. */
  private static final String[] CORE_PACKAGES = {
    "dev.sluice", "dev.sluice.channel..", "dev.sluice.compression..", "dev.sluice.filter..",
    "dev.sluice.transport.."
  };

  @Test
  void core_importsNothingOutsideTheJdk() {
    LayerRules.importsOnlyTheJdk(CORE_PACKAGES).check(Modules.classesOf(Modules.CORE));
  }

  @Test
  void transports_useNoStubOrCompilerCode() {
    JavaClasses transports = Modules.classesOf(Modules.H2, Modules.INPROC);
    LayerRules.transportsDoNotUseStubs("dev.sluice.h2..", "dev.sluice.inproc..").check(transports);
  }

  @Test
  void otherModules_useOnlyTheApiOfH2() {
    JavaClasses others =
        Modules.classesOf(
            Modules.CORE, Modules.INPROC, Modules.PROTOBUF, Modules.STUB, Modules.COMPILER,
            Modules.TESTING, Modules.CLI);
    LayerRules.nothingUsesH2Internals("dev.sluice.h2..").check(others);
  }

  @Test
  void coreAndStubApi_showNoNettyOrProtobufType() {
    JavaClasses api = Modules.classesOf(Modules.CORE, Modules.STUB);
    LayerRules.apiShowsNoForeignTypes(
            "dev.sluice", "dev.sluice.channel..", "dev.sluice.compression..",
            "dev.sluice.filter..", "dev.sluice.transport..", "dev.sluice.stub..")
        .check(api);
  }
}
