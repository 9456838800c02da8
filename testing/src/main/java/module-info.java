/**
 * The transport conformance kit (docs/conformance-kit.md): abstract JUnit classes a transport's
 * tests extend, and shared test fixtures.
 */
module dev.sluice.testing {
  requires transitive dev.sluice.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires transitive org.assertj.core;
  // Netty is optional: the leak watch for pooled buffers runs only where Netty is present.
  requires static io.netty.buffer;
  requires static io.netty.common;

  exports dev.sluice.testing;

  // Fails the test in which Netty's leak detector reports a leak (JUnit autodetection).
  provides org.junit.jupiter.api.extension.Extension with
      dev.sluice.testing.LeakDetectionExtension;

  // JUnit finds and runs the kit's nested test classes reflectively.
  opens dev.sluice.testing to org.junit.platform.commons;
}
