package dev.sluice.archfixture.outside;

import dev.sluice.h2.hpack.HpackEncoder;

/** Breaks "only h2's API is used outside h2" on purpose, for LayerRulesSelfTest. */
public class UsesHpack {
  Class<?> encoder() {
    return HpackEncoder.class;
  }
}
