package dev.sluice.examples.helloworld;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example runs as a named module on the module path, in a JVM of its own: Sluice's modules
 * resolve (core, inproc, stub, protobuf, protobuf-java as an automatic module), the in-process
 * transport is found as a service, and the generated stubs and messages work across module
 * boundaries.
 */
class ModulePathTest {

  @Test
  void helloWorld_onTheModulePath_greetsThroughBothStubs() throws Exception {
    Path classes = Path.of("target", "classes");
    String dependencies =
        Files.readString(Path.of("target", "runtime-classpath.txt"), StandardCharsets.UTF_8).trim();
    String modulePath = classes.toAbsolutePath() + java.io.File.pathSeparator + dependencies;

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--module-path");
    command.add(modulePath);
    // Fail if anything would fall back to the class path.
    command.add("-Djava.class.path=");
    command.add("--show-module-resolution");
    command.add("-m");
    command.add("dev.sluice.examples.helloworld/dev.sluice.examples.helloworld.HelloWorldServer");
    command.add("modules");

    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = readAll(process);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the example exits").isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("root dev.sluice.examples.helloworld")
        .contains("dev.sluice.protobuf requires com.google.protobuf")
        // The channel finds the in-process transport as a service of dev.sluice.core.
        .contains("dev.sluice.core binds dev.sluice.inproc")
        .contains("blocking: Hello modules")
        .contains("async:    Hello modules");
  }

  private static String readAll(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
