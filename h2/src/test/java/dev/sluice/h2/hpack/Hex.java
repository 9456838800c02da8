package dev.sluice.h2.hpack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Hex dumps in the RFC 7541 Appendix C style ("8286 8441"), whitespace ignored. */
final class Hex {
  private Hex() {}

  static ByteBuf buf(String hex) {
    return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", "")));
  }

  static String of(ByteBuf buf) {
    return ByteBufUtil.hexDump(buf);
  }

  static String compact(String hex) {
    return hex.replaceAll("\\s", "");
  }
}
