package dev.sluice.grpcjava;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client stream tracers a call's options asked for ({@code
 * CallOptions.withStreamTracerFactory}): one per factory, told of the call's headers, messages
 * (numbered; sizes reported as -1, unknown), trailers and end. Sluice calls make one attempt as far
 * as the application can see, so each call has one set of tracers.
 */
final class ClientTracers {

  private static final ClientTracers NONE = new ClientTracers(new ClientStreamTracer[0]);

  private final ClientStreamTracer[] tracers;
  private final AtomicInteger outbound = new AtomicInteger();
  private int inbound;

  private ClientTracers(ClientStreamTracer[] tracers) {
    this.tracers = tracers;
  }

  static ClientTracers create(CallOptions options, Metadata headers) {
    List<ClientStreamTracer.Factory> factories = options.getStreamTracerFactories();
    if (factories.isEmpty()) {
      return NONE;
    }
    ClientStreamTracer.StreamInfo info = ClientStreamTracer.StreamInfo.newBuilder()
        .setCallOptions(options).setPreviousAttempts(0).setIsTransparentRetry(false).build();
    ClientStreamTracer[] made = new ClientStreamTracer[factories.size()];
    for (int i = 0; i < made.length; i++) {
      made[i] = factories.get(i).newClientStreamTracer(info, headers);
    }
    return new ClientTracers(made);
  }

  void started(Metadata headers) {
    for (ClientStreamTracer t : tracers) {
      t.streamCreated(Attributes.EMPTY, headers);
      t.outboundHeaders();
    }
  }

  void outboundMessage() {
    if (tracers.length == 0) {
      return;
    }
    int seq = outbound.getAndIncrement();
    for (ClientStreamTracer t : tracers) {
      t.outboundMessage(seq);
      t.outboundMessageSent(seq, -1, -1);
    }
  }

  /** Called from the call's serialized callbacks. */
  void inboundHeaders(Metadata headers) {
    for (ClientStreamTracer t : tracers) {
      t.inboundHeaders(headers);
    }
  }

  /** Called from the call's serialized callbacks. */
  void inboundMessage() {
    int seq = inbound++;
    for (ClientStreamTracer t : tracers) {
      t.inboundMessage(seq);
      t.inboundMessageRead(seq, -1, -1);
    }
  }

  /** Called from the call's serialized callbacks. */
  void closed(Status status, Metadata trailers) {
    for (ClientStreamTracer t : tracers) {
      t.inboundTrailers(trailers);
      t.streamClosed(status);
    }
  }
}
