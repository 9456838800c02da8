package dev.sluice.archfixture.api;

import io.netty.buffer.ByteBuf;

/** Breaks "the API shows no Netty type" on purpose, for LayerRulesSelfTest. */
public class ShowsByteBuf {
  /**
   * A public method with a Netty type in its signature.
   *
   * @param in a buffer
   * @return the same buffer
   */
  public ByteBuf echo(ByteBuf in) {
    return in;
  }
}
