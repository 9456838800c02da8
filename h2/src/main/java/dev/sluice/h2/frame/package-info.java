/**
 * The HTTP/2 frame layer (RFC 9113 §4, §6): {@link dev.sluice.h2.frame.FrameReader} turns bytes
 * into calls on a {@link dev.sluice.h2.frame.FrameReader.Handler}, {@link
 * dev.sluice.h2.frame.FrameWriter} turns the same calls back into bytes, and every protocol
 * violation is an {@link dev.sluice.h2.frame.Http2Exception} with a wire code and a scope. Stream
 * states, flow control and HPACK live in the layers above.
 */
package dev.sluice.h2.frame;
