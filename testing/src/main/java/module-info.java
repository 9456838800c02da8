/**
 * The transport conformance kit (docs/conformance-kit.md): abstract JUnit classes a transport's
 * tests extend, and shared test fixtures.
 */
module dev.sluice.testing {
  requires transitive dev.sluice.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires transitive org.assertj.core;

  exports dev.sluice.testing;

  // JUnit finds and runs the kit's nested test classes reflectively.
  opens dev.sluice.testing to org.junit.platform.commons;
}
