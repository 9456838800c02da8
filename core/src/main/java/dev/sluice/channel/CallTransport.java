package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.util.concurrent.CompletableFuture;

/**
 * What a call's surface sees as its transport: it runs the {@link ChannelStream}s the channel
 * made, each of which picks a real transport (and may move to another once). Connection-wide
 * ops have no meaning here.
 */
final class CallTransport implements Transport {

  private final ClientChannel channel;

  CallTransport(ClientChannel channel) {
    this.channel = channel;
  }

  @Override
  public String name() {
    return "channel";
  }

  @Override
  public boolean isClient() {
    return true;
  }

  @Override
  public TransportStream initStream(CallHead head) {
    throw new UnsupportedOperationException("Streams come from ClientChannel.newStream");
  }

  @Override
  public void performStreamOp(TransportStream stream, StreamOpBatch batch) {
    if (stream instanceof ChannelStream s) {
      s.performStreamOp(batch);
    } else {
      ((HedgingStream) stream).performStreamOp(batch);
    }
  }

  @Override
  public void destroyStream(TransportStream stream) {
    if (stream instanceof ChannelStream s) {
      s.destroy();
    } else {
      ((HedgingStream) stream).destroy();
    }
  }

  @Override
  public void performTransportOp(TransportOp op) {
    throw new UnsupportedOperationException("A channel takes no connection-wide op: " + op);
  }

  @Override
  public void shutdown(Status status) {
    channel.shutdown();
  }

  @Override
  public void close(Status status) {
    channel.shutdownNow();
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return channel.terminationFuture();
  }

  @Override
  public Endpoint endpoint() {
    return null;
  }
}
