package dev.sluice.archfixture.outside;

import dev.sluice.h2.netty.NettyServerListener;

/** Keeps "only h2's API is used outside h2", for LayerRulesSelfTest. */
public class UsesH2Api {
  Class<?> listener() {
    return NettyServerListener.class;
  }
}
