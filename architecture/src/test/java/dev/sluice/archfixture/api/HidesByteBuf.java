package dev.sluice.archfixture.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Keeps "the API shows no Netty type" (Netty used only inside), for LayerRulesSelfTest. */
public class HidesByteBuf {
  /**
   * A public method whose signature is JDK-only.
   *
   * @param in bytes
   * @return how many bytes a buffer of them holds
   */
  public int size(byte[] in) {
    ByteBuf buf = Unpooled.wrappedBuffer(in);
    return buf.readableBytes();
  }
}
