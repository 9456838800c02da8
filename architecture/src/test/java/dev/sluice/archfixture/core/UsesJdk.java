package dev.sluice.archfixture.core;

import java.util.List;

/** Keeps "the core imports only the JDK", for LayerRulesSelfTest. */
public class UsesJdk {
  List<String> names() {
    return List.of("a");
  }
}
