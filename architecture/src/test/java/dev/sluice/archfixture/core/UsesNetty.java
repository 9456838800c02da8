package dev.sluice.archfixture.core;

/** Breaks "the core imports only the JDK" on purpose, for LayerRulesSelfTest. */
public class UsesNetty {
  Object buffer() {
    return io.netty.buffer.Unpooled.EMPTY_BUFFER;
  }
}
