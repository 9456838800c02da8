package dev.sluice.h2.chaos;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.ServerCallHandler;
import dev.sluice.Status;
import dev.sluice.testing.Marshallers;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The methods the chaos tests call, on raw bytes. Every handler works by batch callbacks, so no
 * server thread waits on a peer that stalls or dies:
 *
 * <ul>
 *   <li>{@link #HOLD}: unary; reads the request, sends response headers, and never answers;
 *   <li>{@link #HOLD_STREAM}: server streaming; sends the request back once, then holds;
 *   <li>{@link #ECHO_BIDI}: bidi; sends every message back, ends when the client half-closes;
 *   <li>{@link #ECHO}: unary echo;
 *   <li>{@link #FLOOD}: server streaming; the request is two big-endian ints, {@code count} and
 *       {@code size}: it sends {@code count} messages of {@code size} bytes, each once the last
 *       has gone (the transport's flow control and the socket decide when), then OK.
 * </ul>
 */
final class ChaosService {

  static final MethodDescriptor<byte[], byte[]> HOLD = method("Hold", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> HOLD_STREAM =
      method("HoldStream", MethodType.SERVER_STREAMING);
  static final MethodDescriptor<byte[], byte[]> ECHO_BIDI =
      method("EchoBidi", MethodType.BIDI_STREAMING);
  static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> FLOOD =
      method("Flood", MethodType.SERVER_STREAMING);

  /** {@link #FLOOD} calls that have read their request. */
  final AtomicInteger floodsStarted = new AtomicInteger();
  /** {@link #FLOOD} messages whose send completed. */
  final AtomicLong floodMessagesSent = new AtomicLong();

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
    return MethodDescriptor.create("sluice.test.Chaos/" + name, type, Marshallers.BYTES,
        Marshallers.BYTES);
  }

  /** A {@link #FLOOD} request. */
  static byte[] floodRequest(int count, int size) {
    return ByteBuffer.allocate(8).putInt(count).putInt(size).array();
  }

  /** Registers every method on {@code server}. */
  Server.Builder addTo(Server.Builder server) {
    return server
        .addMethod(HOLD, hold(false))
        .addMethod(HOLD_STREAM, hold(true))
        .addMethod(ECHO_BIDI, this::echoBidi)
        .addMethod(ECHO, call -> call.startBatch(new Batch().recvMessage(), (in, ok) ->
            call.startBatch(new Batch().sendInitialMetadata(new Metadata())
                .sendMessage(in.message() == null ? new byte[0] : in.<byte[]>message())
                .sendStatusFromServer(Status.OK, new Metadata()), (out, sent) -> {})))
        .addMethod(FLOOD, this::flood);
  }

  private static ServerCallHandler hold(boolean echoOnce) {
    return call -> call.startBatch(new Batch().recvMessage(), (in, ok) -> {
      Batch headers = new Batch().sendInitialMetadata(new Metadata());
      if (echoOnce && in.message() != null) {
        headers.sendMessage(in.message());
      }
      call.startBatch(headers, (b, sent) -> {}); // and nothing more, ever
    });
  }

  private void echoBidi(Call call) {
    call.startBatch(new Batch().sendInitialMetadata(new Metadata()), (b, ok) -> {});
    echoNext(call);
  }

  private void echoNext(Call call) {
    call.startBatch(new Batch().recvMessage(), (in, ok) -> {
      byte[] m = in.message();
      if (m == null) {
        call.startBatch(new Batch().sendStatusFromServer(Status.OK, new Metadata()),
            (b, sent) -> {});
        return;
      }
      call.startBatch(new Batch().sendMessage(m), (out, sent) -> {
        if (sent) {
          echoNext(call);
        }
      });
    });
  }

  private void flood(Call call) {
    call.startBatch(new Batch().recvMessage(), (in, ok) -> {
      byte[] request = in.message();
      if (request == null) {
        return; // the call ended before its request came
      }
      ByteBuffer r = ByteBuffer.wrap(request);
      int count = r.getInt();
      byte[] payload = new byte[r.getInt()];
      floodsStarted.incrementAndGet();
      sendFlood(call, 0, count, payload);
    });
  }

  private void sendFlood(Call call, int index, int count, byte[] payload) {
    if (index == count) {
      call.startBatch(new Batch().sendStatusFromServer(Status.OK, new Metadata()),
          (b, sent) -> {});
      return;
    }
    Batch out = new Batch().sendMessage(payload);
    if (index == 0) {
      out.sendInitialMetadata(new Metadata());
    }
    call.startBatch(out, (b, sent) -> {
      if (sent) {
        floodMessagesSent.incrementAndGet();
        sendFlood(call, index + 1, count, payload);
      }
    });
  }
}
