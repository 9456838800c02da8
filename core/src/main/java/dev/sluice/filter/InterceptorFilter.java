package dev.sluice.filter;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import java.util.Objects;

/** Runs an {@link Interceptor} as an element of the filter stack. */
public final class InterceptorFilter implements Filter {

  private final Interceptor interceptor;

  /**
   * A filter that runs {@code interceptor} on each call.
   *
   * @param interceptor the callbacks to run on each call
   */
  public InterceptorFilter(Interceptor interceptor) {
    this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
  }

  @Override
  public BatchSink newCall(CallInfo info, BatchSink next) {
    return batch -> {
      if (batch.hasSendInitialMetadata()) {
        Metadata headers = new Metadata(batch.sendInitialMetadata());
        interceptor.onSendHeaders(info, headers);
        batch.sendInitialMetadata(headers);
      }
      if (batch.hasSendMessage()) {
        interceptor.onSendMessage(info, batch.sendMessage());
      }
      if (batch.hasSendTrailingMetadata() && batch.sendStatus() != null) {
        Metadata trailers = new Metadata(batch.sendTrailingMetadata());
        Status status = interceptor.onClose(info, batch.sendStatus(), trailers);
        batch.sendTrailingMetadata(trailers, Objects.requireNonNull(status, "status"));
      }
      StreamOpBatch.InitialMetadataReady headers = batch.recvInitialMetadataReady();
      if (headers != null) {
        batch.recvInitialMetadata(md -> {
          if (md != null) {
            interceptor.onReceiveHeaders(info, md);
          }
          headers.ready(md);
        });
      }
      StreamOpBatch.MessageReady messages = batch.recvMessageReady();
      if (messages != null) {
        batch.recvMessage(m -> {
          if (m != null) {
            interceptor.onReceiveMessage(info, m);
          }
          messages.ready(m);
        });
      }
      StreamOpBatch.TrailingMetadataReady trailers = batch.recvTrailingMetadataReady();
      if (trailers != null && info.client()) {
        batch.recvTrailingMetadata((md, status) -> {
          Status seen = interceptor.onClose(info, status, md);
          trailers.ready(md, seen == null ? status : seen);
        });
      }
      next.startBatch(batch);
    };
  }
}
