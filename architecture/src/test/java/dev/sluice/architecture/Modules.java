package dev.sluice.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The classes of one or more Sluice modules, read from where each module's main classes are
 * (its jar, or its {@code target/classes} in a reactor build), found through one class each
 * module is known to hold. Rules are checked per module this way, not per package, because
 * several modules share the {@code dev.sluice} package prefix.
 */
enum Modules {
  CORE(dev.sluice.Channel.class),
  INPROC(dev.sluice.inproc.InProcessConnector.class),
  H2(dev.sluice.h2.netty.NettyServerListener.class),
  OKHTTP(dev.sluice.okhttp.OkHttpTransportFactory.class),
  PROTOBUF(dev.sluice.protobuf.ProtoMarshaller.class),
  STUB(dev.sluice.stub.ClientCalls.class),
  COMPILER(dev.sluice.compiler.SluiceCompiler.class),
  TESTING(dev.sluice.testing.AbstractTransportTest.class),
  CLI(dev.sluice.cli.SluiceCommand.class),
  SERVICES(dev.sluice.services.health.HealthStatusManager.class),
  GRPC_JAVA(dev.sluice.grpcjava.SluiceChannelBuilder.class),
  OPENTELEMETRY(dev.sluice.opentelemetry.SluiceOpenTelemetry.class);

  private final Class<?> marker;

  Modules(Class<?> marker) {
    this.marker = marker;
  }

  /** The main classes of the given modules (test classes excluded). */
  static JavaClasses classesOf(Modules... modules) {
    Set<Location> locations =
        Arrays.stream(modules).map(Modules::location).collect(Collectors.toSet());
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importLocations(locations);
  }

  /** The packages the main classes of {@code module} are in, as exact package names. */
  static String[] packagesOf(Modules module) {
    return classesOf(module).stream()
        .map(c -> c.getPackageName())
        .filter(p -> !p.isEmpty())
        .distinct()
        .sorted()
        .toArray(String[]::new);
  }

  private Location location() {
    try {
      return Location.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of module " + this, e);
    }
  }
}
