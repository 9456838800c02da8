package dev.sluice.channel;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * What goes up when a call ends, made under its {@link ChannelStream}'s lock and run outside it,
 * in this order: a cancel batch's own completion, the channel's count of active calls (so the
 * idle timer is armed before anyone sees the end), sends that fail, then the receive ops still
 * waiting — headers and message with nothing, trailers with the status. One object per call end
 * instead of a list of closures.
 */
final class CallEnd implements Runnable {

  private final ClientChannel channel;
  private final Metadata trailers;
  private final Status status;
  StreamOpBatch.OnComplete cancelDone;
  StreamOpBatch.InitialMetadataReady headers;
  StreamOpBatch.MessageReady message;
  StreamOpBatch.TrailingMetadataReady end;
  private List<Runnable> sends;

  CallEnd(ClientChannel channel, Metadata trailers, Status status) {
    this.channel = channel;
    this.trailers = trailers;
    this.status = status;
  }

  /** A send's completion, run after the channel's count and before the receives. */
  void add(Runnable send) {
    if (sends == null) {
      sends = new ArrayList<>(2);
    }
    sends.add(send);
  }

  @Override
  public void run() {
    if (cancelDone != null) {
      cancelDone.done(Status.OK);
    }
    channel.callEnded();
    if (sends != null) {
      for (Runnable r : sends) {
        r.run();
      }
    }
    if (headers != null) {
      headers.ready(null);
    }
    if (message != null) {
      message.ready((dev.sluice.transport.Message) null);
    }
    if (end != null) {
      end.ready(trailers, status);
    }
  }
}
