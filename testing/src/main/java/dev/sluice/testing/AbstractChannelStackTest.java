package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.CompletionQueue;
import dev.sluice.Deadline;
import dev.sluice.Event;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.ServerCallHandler;
import dev.sluice.Status;
import dev.sluice.filter.CallInfo;
import dev.sluice.filter.Interceptor;
import dev.sluice.transport.Connector;
import dev.sluice.transport.Message;
import dev.sluice.transport.ServerListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance scenarios that need the whole stack — channel, server and their filters — over
 * a transport: deadlines (kit 35–37), the message-size limit (43), reserved metadata (40), batch
 * misuse at the surface (23, 24), unknown methods, and graceful server shutdown. A transport's
 * test extends this class with the same two factories as {@code AbstractTransportTest}.
 */
public abstract class AbstractChannelStackTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * A new, unstarted listener of the transport under test.
   *
   * @return a listener the test starts and shuts down itself
   */
  protected abstract ServerListener newServerListener();

  /**
   * A connector that reaches {@code started}.
   *
   * @param started a listener from {@link #newServerListener()}, already started
   * @return a connector the channel under test uses to reach {@code started}
   */
  protected abstract Connector newConnector(ServerListener started);


  private static final MethodDescriptor<String, String> ECHO = method("Echo", MethodType.UNARY);
  private static final MethodDescriptor<String, String> SLEEP = method("Sleep", MethodType.UNARY);
  private static final MethodDescriptor<String, String> THROW = method("Throw", MethodType.UNARY);
  private static final MethodDescriptor<String, String> GZIP_ECHO =
      method("GzipEcho", MethodType.UNARY);
  private static final MethodDescriptor<String, String> MISSING =
      method("Missing", MethodType.UNARY);

  private final AtomicInteger handlerRuns = new AtomicInteger();
  private final CompletableFuture<Call> sleepingCall = new CompletableFuture<>();
  private final CountDownLatch releaseSleeper = new CountDownLatch(1);
  private Server server;
  private Channel channel;

  private static MethodDescriptor<String, String> method(String name, MethodType type) {
    return MethodDescriptor.create("sluice.test.Stack/" + name, type,
        Marshallers.IMMUTABLE_STRINGS, Marshallers.IMMUTABLE_STRINGS);
  }

  /** Counts what the interceptors saw; the client one tags requests, the server one statuses. */
  private final AtomicInteger clientMessagesSeen = new AtomicInteger();
  private final AtomicInteger serverMessagesSeen = new AtomicInteger();

  private void start(int serverMaxInbound, int clientMaxInbound) throws Exception {
    ServerListener listener = newServerListener();
    server = Server.builder()
        .listener(listener)
        .intercept(new Interceptor() {
          @Override
          public void onReceiveMessage(CallInfo call, Message message) {
            serverMessagesSeen.incrementAndGet();
          }

          @Override
          public Status onClose(CallInfo call, Status status, Metadata trailers) {
            trailers.add("x-intercepted", "server");
            return status.code() == Status.Code.UNKNOWN
                ? status.withDescription("rewritten by an interceptor") : status;
          }
        })
        .maxInboundMessageSize(serverMaxInbound)
        .addMethod(ECHO, echo())
        .addMethod(SLEEP, sleeper())
        .addMethod(GZIP_ECHO, call -> {
          call.setCompression("gzip");
          Batch in = await(call, new Batch().recvMessage());
          await(call, new Batch().sendMessage(in.message() == null ? "<none>" : in.message())
              .sendStatusFromServer(Status.OK, new Metadata()));
        })
        .addMethod(THROW, call -> {
          throw new IllegalStateException("handler failed on purpose");
        })
        .build()
        .start();
    channel = Channel.builder(newConnector(listener)).maxInboundMessageSize(clientMaxInbound)
        .intercept(new Interceptor() {
          @Override
          public void onSendHeaders(CallInfo call, Metadata headers) {
            headers.add("x-client-tag", "tagged");
          }

          @Override
          public void onSendMessage(CallInfo call, Message message) {
            clientMessagesSeen.incrementAndGet();
          }
        })
        .build();
  }

  private void start() throws Exception {
    start(4 << 20, 4 << 20);
  }

  private ServerCallHandler echo() {
    return call -> {
      handlerRuns.incrementAndGet();
      Batch in = await(call, new Batch().recvMessage());
      String msg = in.message();
      Metadata headers = new Metadata();
      String seen = call.requestHeaders().get("grpc-sneaky");
      headers.add("saw-reserved", String.valueOf(seen != null));
      headers.add("saw-tag", String.valueOf(call.requestHeaders().get("x-client-tag")));
      Deadline d = call.deadline();
      headers.add("deadline-ms", d == null ? "none" : Long.toString(d.timeRemaining(TimeUnit.MILLISECONDS)));
      await(call, new Batch().sendInitialMetadata(headers)
          .sendMessage(msg == null ? "<none>" : msg.length() > 64 ? "len=" + msg.length() : msg)
          .sendStatusFromServer(Status.OK, new Metadata()));
    };
  }

  private ServerCallHandler sleeper() {
    return call -> {
      handlerRuns.incrementAndGet();
      sleepingCall.complete(call);
      releaseSleeper.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      await(call, new Batch().sendMessage("woke").sendStatusFromServer(Status.OK, new Metadata()));
    };
  }

  @AfterEach
  void tearDown() throws Exception {
    releaseSleeper.countDown();
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).as("channel terminates").isTrue();
    }
    if (server != null) {
      server.shutdownNow();
      assertThat(server.awaitTermination(WAIT)).as("server terminates").isTrue();
    }
  }

  private static Batch await(Call call, Batch batch) throws InterruptedException {
    CompletionQueue q = new CompletionQueue();
    call.startBatch(batch, q, "t");
    Event e = q.next(WAIT);
    assertThat(e.type()).as("batch completed").isEqualTo(Event.Type.OP_COMPLETE);
    return batch;
  }

  private static Batch unary(Call call, String request, Metadata headers)
      throws InterruptedException {
    return await(call, new Batch().sendInitialMetadata(headers).sendMessage(request)
        .sendCloseFromClient().recvInitialMetadata().recvMessage().recvStatusOnClient());
  }

  @Test
  void unary_overTheStack_roundTrips() throws Exception {
    start();
    Batch b = unary(channel.newCall(ECHO), "hello", new Metadata());
    assertThat(b.status().code()).isEqualTo(Status.Code.OK);
    assertThat((String) b.message()).isEqualTo("hello");
  }

  @Test
  void unknownMethod_endsWithUnimplemented_namingTheMethod() throws Exception {
    start();
    Batch b = unary(channel.newCall(MISSING), "x", new Metadata());
    assertThat(b.status().code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(b.status().description()).contains("sluice.test.Stack/Missing");
    assertThat((String) b.message()).isNull();
  }

  @Test
  void handlerThrows_clientSeesUnknown() throws Exception {
    start();
    Batch b = unary(channel.newCall(THROW), "x", new Metadata());
    assertThat(b.status().code()).as(String.valueOf(b.status())).isEqualTo(Status.Code.UNKNOWN);
  }

  @Test
  void interceptors_addMetadata_observeMessages_rewriteStatus() throws Exception {
    start();
    Batch ok = unary(channel.newCall(ECHO), "x", new Metadata());
    assertThat(ok.initialMetadata().get("saw-tag")).isEqualTo("tagged");
    assertThat(ok.trailers().get("x-intercepted")).isEqualTo("server");
    assertThat(clientMessagesSeen.get()).isEqualTo(1);
    assertThat(serverMessagesSeen.get()).isEqualTo(1);
    Batch failed = unary(channel.newCall(THROW), "x", new Metadata());
    assertThat(failed.status().description()).isEqualTo("rewritten by an interceptor");
  }

  @Test
  void deadline_passesMidCall_clientGetsDeadlineExceeded_serverSeesCancellation()
      throws Exception {
    start();
    // The deadline must pass after the server has the call (the test is about a deadline passing
    // mid-call): 200 ms sometimes passed before the request headers reached a loaded server,
    // which then never saw the call. 2 s leaves room for that on a busy machine.
    Call call = channel.newCall(SLEEP, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(2)));
    CompletionQueue q = new CompletionQueue();
    Batch b = new Batch().sendInitialMetadata(new Metadata()).sendMessage("zz")
        .sendCloseFromClient().recvMessage().recvStatusOnClient();
    call.startBatch(b, q, "call");
    Call serverCall = sleepingCall.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(q.next(WAIT).type()).isEqualTo(Event.Type.OP_COMPLETE);
    assertThat(b.status().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    Status serverSaw = serverCall.whenDone().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(serverSaw.isOk()).isFalse();
  }

  @Test
  void onDone_actionsBeforeAndAfterTheEnd_eachRunOnceWithTheStatus_despiteOneThrowing()
      throws Exception {
    start();
    Call call = channel.newCall(ECHO);
    java.util.List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch earlyRan = new java.util.concurrent.CountDownLatch(2);
    call.onDone(s -> {
      ran.add("first " + s.code());
      earlyRan.countDown();
    });
    call.onDone(s -> {
      throw new IllegalStateException("a listener that fails");
    });
    call.onDone(s -> {
      ran.add("third " + s.code());
      earlyRan.countDown();
    });
    Batch b = unary(call, "x", new Metadata());
    assertThat(b.status().isOk()).as("the call's status: %s", b.status()).isTrue();
    assertThat(earlyRan.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("both early onDone actions ran within %s (ran: %s)", WAIT, ran).isTrue();
    // Registered after the end: runs at once, on this thread.
    call.onDone(s -> ran.add("late " + s.code()));
    assertThat(ran).containsExactly("first OK", "third OK", "late OK");
  }

  @Test
  void deadline_serverSeesRemainingTime() throws Exception {
    start();
    Call call = channel.newCall(ECHO, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)));
    Batch b = unary(call, "x", new Metadata());
    long ms = Long.parseLong(b.initialMetadata().get("deadline-ms"));
    assertThat(ms).isPositive().isLessThanOrEqualTo(30_000);
  }

  @Test
  void deadline_alreadyExpired_neverReachesServer() throws Exception {
    start();
    Call call = channel.newCall(ECHO,
        CallOptions.DEFAULT.withDeadline(Deadline.after(-1, TimeUnit.SECONDS)));
    Batch b = unary(call, "x", new Metadata());
    assertThat(b.status().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    // A normal call afterwards proves the server is up and counted only that one.
    unary(channel.newCall(ECHO), "y", new Metadata());
    assertThat(handlerRuns.get()).isEqualTo(1);
  }

  @Test
  void request_overServerLimit_isResourceExhausted_otherCallsUnharmed() throws Exception {
    start(1024, 4 << 20);
    Batch big = unary(channel.newCall(ECHO), "x".repeat(2048), new Metadata());
    assertThat(big.status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    Batch ok = unary(channel.newCall(ECHO), "small", new Metadata());
    assertThat(ok.status().code()).isEqualTo(Status.Code.OK);
  }

  @Test
  void response_overClientLimit_isResourceExhausted() throws Exception {
    start(4 << 20, 16);
    Batch b = unary(channel.newCall(ECHO), "a response longer than sixteen bytes", new Metadata());
    assertThat(b.status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(b.status().description()).contains("limit");
  }

  @Test
  void gzip_requestAndResponse_roundTripCompressed() throws Exception {
    start();
    String big = "compress me ".repeat(10_000);
    Call call = channel.newCall(GZIP_ECHO, CallOptions.DEFAULT.withCompression("gzip"));
    Batch b = unary(call, big, new Metadata());
    assertThat(b.status().isOk()).as(String.valueOf(b.status())).isTrue();
    assertThat((String) b.message()).isEqualTo(big);
    assertThat(b.initialMetadata().get("grpc-encoding")).isEqualTo("gzip");
    if (call.stats() != null && call.stats().dataBytesSent() > 0) {
      assertThat(call.stats().dataBytesSent()).as("bytes on the wire")
          .isLessThan(big.length() / 10);
    }
  }

  @Test
  void gzip_inflatingPastServerLimit_isResourceExhausted() throws Exception {
    start(64 * 1024, 4 << 20);
    String bomb = "\0".repeat(4 << 20);
    Call call = channel.newCall(ECHO, CallOptions.DEFAULT.withCompression("gzip"));
    Batch b = unary(call, bomb, new Metadata());
    assertThat(b.status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    Batch ok = unary(channel.newCall(ECHO), "small", new Metadata());
    assertThat(ok.status().isOk()).isTrue();
  }

  @Test
  void reservedHeaders_fromApplication_areDropped() throws Exception {
    start();
    Batch b = unary(channel.newCall(ECHO), "x", new Metadata().add("grpc-sneaky", "1"));
    assertThat(b.initialMetadata().get("saw-reserved")).isEqualTo("false");
  }

  @Test
  void secondRecvMessageInFlight_isRejected_callUnharmed() throws Exception {
    start();
    Call call = channel.newCall(ECHO);
    CompletionQueue q = new CompletionQueue();
    Batch first = new Batch().recvMessage();
    call.startBatch(first, q, "first");
    Batch second = new Batch().recvMessage();
    call.startBatch(second, q, "second");
    Event rejected = q.next(WAIT);
    assertThat(rejected.tag()).isEqualTo("second");
    assertThat(rejected.ok()).isFalse();
    assertThat(second.error().code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    Batch rest = new Batch().sendInitialMetadata(new Metadata()).sendMessage("still fine")
        .sendCloseFromClient().recvStatusOnClient();
    call.startBatch(rest, q, "rest");
    int done = 0;
    while (done < 2) {
      Event e = q.next(WAIT);
      assertThat(e.type()).isEqualTo(Event.Type.OP_COMPLETE);
      done++;
    }
    assertThat((String) first.message()).isEqualTo("still fine");
    assertThat(rest.status().code()).isEqualTo(Status.Code.OK);
  }

  @Test
  void sendAfterHalfClose_isRejected_callUnharmed() throws Exception {
    start();
    Call call = channel.newCall(ECHO);
    await(call, new Batch().sendInitialMetadata(new Metadata()).sendMessage("m")
        .sendCloseFromClient());
    Batch late = new Batch().sendMessage("late");
    CompletionQueue q = new CompletionQueue();
    call.startBatch(late, q, "late");
    assertThat(q.next(WAIT).ok()).isFalse();
    assertThat(late.error().description()).contains("final send");
    Batch end = await(call, new Batch().recvMessage().recvStatusOnClient());
    assertThat((String) end.message()).isEqualTo("m");
    assertThat(end.status().isOk()).isTrue();
  }

  @Test
  void serverWhenDone_reportsNormalEndAndCancellation() throws Exception {
    start();
    Call call = channel.newCall(SLEEP);
    await(call, new Batch().sendInitialMetadata(new Metadata()).sendMessage("z")
        .sendCloseFromClient());
    Call serverCall = sleepingCall.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    call.cancel("client gave up");
    Status s = serverCall.whenDone().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(s.code()).isEqualTo(Status.Code.CANCELLED);
    Batch end = await(call, new Batch().recvStatusOnClient());
    assertThat(end.status().code()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void serverShutdown_inFlightCallFinishes_newCallsUnavailable() throws Exception {
    start();
    Call call = channel.newCall(SLEEP);
    CompletionQueue q = new CompletionQueue();
    Batch b = new Batch().sendInitialMetadata(new Metadata()).sendMessage("z")
        .sendCloseFromClient().recvMessage().recvStatusOnClient();
    call.startBatch(b, q, "inflight");
    sleepingCall.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    server.shutdown();
    Batch refused = unary(channel.newCall(ECHO), "new", new Metadata());
    assertThat(refused.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    releaseSleeper.countDown();
    assertThat(q.next(WAIT).type()).isEqualTo(Event.Type.OP_COMPLETE);
    assertThat(b.status().code()).isEqualTo(Status.Code.OK);
    assertThat((String) b.message()).isEqualTo("woke");
  }
}
