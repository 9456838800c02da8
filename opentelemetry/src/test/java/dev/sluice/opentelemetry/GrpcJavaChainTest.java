package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.ServerCalls;
import dev.sluice.testing.Marshallers;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Trace context across implementations: a Sluice client calls a Sluice server, whose handler
 * calls a grpc-java server in another process (traced by grpc-java's own io.grpc:grpc-opentelemetry
 * and SDK), whose handler calls back into a Sluice server. Every span of the four parties, the
 * peer's as it printed them, is one trace with each parent link in place, and the baggage the
 * client set reaches the grpc-java handler and, through it, the last Sluice handler.
 */
class GrpcJavaChainTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final MethodDescriptor<byte[], byte[]> FRONT = unary("chain.Front/Call");
  private static final MethodDescriptor<byte[], byte[]> FORWARD = unary("chain.Peer/Forward");
  private static final MethodDescriptor<byte[], byte[]> ECHO = unary("chain.Leaf/Echo");

  private final SpanRecorder recorder = new SpanRecorder();
  private final Tracer app = recorder.sdk.getTracer("app");
  private final SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(recorder.sdk).build();
  private final List<Server> servers = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();
  private TracingPeer peer;

  private static MethodDescriptor<byte[], byte[]> unary(String name) {
    return MethodDescriptor.create(name, MethodType.UNARY, Marshallers.BYTES, Marshallers.BYTES);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Starts a traced Sluice server with {@code method} on loopback; returns its port. */
  private int serve(MethodDescriptor<byte[], byte[]> method,
      ServerCalls.UnaryMethod<byte[], byte[]> handler) throws Exception {
    NettyServerListener l = NettyServerListener.forAddress(
        new InetSocketAddress("127.0.0.1", 0)).build();
    servers.add(otel.configure(Server.builder().listener(l)
        .addMethod(method, ServerCalls.unary(handler))).build().start());
    return ((InetSocketAddress) l.boundAddress()).getPort();
  }

  private Channel channel(int port) {
    Channel c = otel.configure(Channel.builder("ipv4:127.0.0.1:" + port)).build();
    channels.add(c);
    return c;
  }

  @AfterEach
  void stop() throws Exception {
    for (Channel c : channels) {
      c.shutdownNow();
      assertThat(c.awaitTermination(WAIT)).isTrue();
    }
    for (Server s : servers) {
      s.shutdownNow();
      assertThat(s.awaitTermination(WAIT)).isTrue();
    }
    if (peer != null) {
      peer.close();
    }
    recorder.close();
  }

  @Test
  void sluiceToGrpcJavaAndBack_everySpanIsInOneTraceUnderItsCaller() throws Exception {
    int leafPort = serve(ECHO, (req, ctx) -> {
      app.spanBuilder("leaf.handler").startSpan().end();
      return bytes("leaf-baggage=" + Baggage.current().getEntryValue("tenant"));
    });
    peer = TracingPeer.start("127.0.0.1:" + leafPort);
    Channel toPeer = channel(peer.awaitPort(WAIT));
    int frontPort = serve(FRONT,
        (req, ctx) -> ClientCalls.blockingUnary(toPeer, FORWARD, CallOptions.DEFAULT, req));
    Channel client = channel(frontPort);

    Span request = app.spanBuilder("app.request").startSpan();
    byte[] reply;
    try (Scope ignored = Context.current().with(request)
        .with(Baggage.builder().put("tenant", "acme").build()).makeCurrent()) {
      reply = ClientCalls.blockingUnary(client, FRONT, CallOptions.DEFAULT, bytes("go"));
    } finally {
      request.end();
    }
    assertThat(new String(reply, StandardCharsets.UTF_8))
        .isEqualTo("peer-baggage=acme leaf-baggage=acme");

    SpanData root = recorder.one("app.request", WAIT);
    SpanData frontCall = recorder.one("Sent.chain.Front.Call", WAIT);
    SpanData frontAttempt = recorder.one("Attempt.chain.Front.Call", WAIT);
    SpanData frontRecv = recorder.one("Recv.chain.Front.Call", WAIT);
    SpanData forwardCall = recorder.one("Sent.chain.Peer.Forward", WAIT);
    SpanData forwardAttempt = recorder.one("Attempt.chain.Peer.Forward", WAIT);
    SpanData leafRecv = recorder.one("Recv.chain.Leaf.Echo", WAIT);
    SpanData leafHandler = recorder.one("leaf.handler", WAIT);
    TracingPeer.PeerSpan peerRecv = peerSpan("Recv.chain.Peer.Forward");
    TracingPeer.PeerSpan peerHandler = peerSpan("peer.handler");
    TracingPeer.PeerSpan peerCall = peerSpan("Sent.chain.Leaf.Echo");
    TracingPeer.PeerSpan peerAttempt = peerSpan("Attempt.chain.Leaf.Echo");

    String trace = root.getTraceId();
    assertLink(frontCall, root.getSpanId(), trace);
    assertLink(frontAttempt, frontCall.getSpanId(), trace);
    assertLink(frontRecv, frontAttempt.getSpanId(), trace);
    assertLink(forwardCall, frontRecv.getSpanId(), trace);
    assertLink(forwardAttempt, forwardCall.getSpanId(), trace);
    // Into grpc-java: its server span is a child of Sluice's attempt.
    assertLink(peerRecv, forwardAttempt.getSpanId(), trace);
    assertLink(peerHandler, peerRecv.spanId(), trace);
    assertLink(peerCall, peerHandler.spanId(), trace);
    assertLink(peerAttempt, peerCall.spanId(), trace);
    // And back: Sluice's server span is a child of grpc-java's attempt.
    assertLink(leafRecv, peerAttempt.spanId(), trace);
    assertLink(leafHandler, leafRecv.getSpanId(), trace);

    for (SpanData s : List.of(frontCall, frontAttempt, frontRecv, forwardCall, forwardAttempt,
        leafRecv)) {
      assertThat(s.getStatus().getStatusCode()).as(s.getName()).isEqualTo(StatusCode.UNSET);
    }
    for (TracingPeer.PeerSpan s : List.of(peerRecv, peerCall, peerAttempt)) {
      assertThat(s.status()).as(s.name()).isEqualTo("OK"); // grpc-java marks OK calls OK
    }
  }

  private TracingPeer.PeerSpan peerSpan(String name) throws InterruptedException {
    List<TracingPeer.PeerSpan> found = peer.awaitSpans(s -> s.name().equals(name), 1, WAIT);
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static void assertLink(SpanData span, String parentId, String trace) {
    assertThat(span.getTraceId()).as(span.getName() + "'s trace").isEqualTo(trace);
    assertThat(span.getParentSpanId()).as(span.getName() + "'s parent").isEqualTo(parentId);
  }

  private static void assertLink(TracingPeer.PeerSpan span, String parentId, String trace) {
    assertThat(span.traceId()).as(span.name() + "'s trace").isEqualTo(trace);
    assertThat(span.parentId()).as(span.name() + "'s parent").isEqualTo(parentId);
  }
}
