package dev.sluice.bench.compare;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.IdleStreams;
import dev.sluice.bench.harness.ProbeClient;
import dev.sluice.stub.ClientCallStreamObserver;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.StreamObserver;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap per idle stream with a Sluice client ({@link IdleStreams}): one HTTP/2 connection to
 * {@code --address}, {@code --streams} {@code StreamingCall} streams opened on it, each with one
 * empty request and its response, then left open while both sides' heaps are measured (the
 * server's through its probe, {@code --server_probe=PORT}, which is required). Prints the
 * harness's idle-streams result line.
 *
 * <p>Flags: {@code --address=host:port --server_probe=PORT --streams=N --timeout=S}.
 */
public final class SluiceIdleStreams {

  /** Unary calls and a stream made before the first heap reading, so they are not counted. */
  private static final int WARM_UP_CALLS = 100;

  private static final SimpleRequest EMPTY = BenchmarkMethods.request(0, 0);

  private SluiceIdleStreams() {}

  /** Measures {@code streams} idle streams on a new connection to {@code address}. */
  static IdleStreams.Result run(InetSocketAddress address, int streams, ProbeClient server,
      Duration timeout) throws Exception {
    Channel channel = SluiceBenchClient.connect(address);
    List<ClientCallStreamObserver<SimpleRequest>> open = new ArrayList<>(streams);
    try {
      for (int i = 0; i < WARM_UP_CALLS; i++) {
        ClientCalls.blockingUnary(channel, BenchmarkMethods.UNARY_CALL, CallOptions.DEFAULT,
            EMPTY);
      }
      IdleStreams.Answers warmUp = new IdleStreams.Answers(1);
      open(channel, warmUp, open);
      warmUp.await(timeout);
      return IdleStreams.measure("sluice", streams, (count, answers) -> {
        for (int i = 0; i < count; i++) {
          open(channel, answers, open);
        }
      }, server, timeout);
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(Duration.ofSeconds(10));
    }
  }

  /** Opens one stream and sends its request; {@code answers} hears of its response. */
  private static void open(Channel channel, IdleStreams.Answers answers,
      List<ClientCallStreamObserver<SimpleRequest>> open) {
    ClientCallStreamObserver<SimpleRequest> requests = ClientCalls.asyncStreaming(channel,
        BenchmarkMethods.STREAMING_CALL, CallOptions.DEFAULT, new Metadata(),
        new StreamObserver<SimpleResponse>() {
          private boolean answered;

          @Override
          public void onNext(SimpleResponse value) {
            if (!answered) {
              answered = true;
              answers.answered();
            }
          }

          @Override
          public void onError(Throwable t) {
            if (!answered) {
              answered = true;
              answers.failed(t);
            }
          }

          @Override
          public void onCompleted() {}
        });
    requests.onNext(EMPTY);
    // Held so the stream's client side stays reachable from the benchmark, as an application's
    // would; the grpc-java driver holds its streams the same way.
    open.add(requests);
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "address", "server_probe", "streams", "timeout");
    if (!flags.has("server_probe")) {
      System.err.println("--server_probe=PORT is required: the server's heap is half the answer");
      System.exit(2);
    }
    IdleStreams.Result r;
    try (ProbeClient server = ProbeClient.connect(flags.integer("server_probe", 0))) {
      r = run(flags.address("address", "127.0.0.1:50051"), flags.integer("streams", 10_000),
          server, flags.seconds("timeout", 60));
    }
    System.out.println(r.line());
    System.exit(0);
  }
}
