package dev.sluice.bench.grpcjava;

import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.IdleStreams;
import dev.sluice.bench.harness.ProbeClient;
import io.grpc.ManagedChannel;
import io.grpc.benchmarks.Utils;
import io.grpc.benchmarks.proto.BenchmarkServiceGrpc;
import io.grpc.benchmarks.proto.BenchmarkServiceGrpc.BenchmarkServiceStub;
import io.grpc.benchmarks.proto.Messages.PayloadType;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * Sluice's {@code SluiceIdleStreams} on grpc-java: heap per idle stream ({@link IdleStreams}) with
 * a grpc-java client (a channel as AsyncClient builds it) against {@code --address}, usually
 * grpc-java's AsyncServer, whose streams per connection are unlimited. {@code --streams}
 * {@code StreamingCall} streams on one connection, each with one empty request and its response,
 * then left open while both heaps are measured ({@code --server_probe=PORT}, required).
 *
 * <p>Flags: {@code --address=host:port --server_probe=PORT --streams=N --timeout=S
 * --directexecutor}.
 */
public final class GrpcJavaIdleStreams {

  /** Unary calls and a stream made before the first heap reading, so they are not counted. */
  private static final int WARM_UP_CALLS = 100;

  private static final SimpleRequest EMPTY = Utils.makeRequest(PayloadType.COMPRESSABLE, 0, 0);

  private GrpcJavaIdleStreams() {}

  /** Opens one stream and sends its request; {@code answers} hears of its response. */
  private static void open(BenchmarkServiceStub stub, IdleStreams.Answers answers,
      List<StreamObserver<SimpleRequest>> open) {
    StreamObserver<SimpleRequest> requests = stub.streamingCall(
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
    // Held as Sluice's idle-streams client holds its streams.
    open.add(requests);
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "address", "server_probe", "streams", "timeout",
        "directexecutor");
    if (!flags.has("server_probe")) {
      System.err.println("--server_probe=PORT is required: the server's heap is half the answer");
      System.exit(2);
    }
    int streams = flags.integer("streams", 10_000);
    ManagedChannel channel = GrpcJavaBenchClient.connect(
        flags.string("address", "127.0.0.1:50051"), flags.bool("directexecutor", false));
    List<StreamObserver<SimpleRequest>> open = new ArrayList<>(streams);
    IdleStreams.Result r;
    try (ProbeClient server = ProbeClient.connect(flags.integer("server_probe", 0))) {
      BenchmarkServiceGrpc.BenchmarkServiceBlockingStub blocking =
          BenchmarkServiceGrpc.newBlockingStub(channel);
      for (int i = 0; i < WARM_UP_CALLS; i++) {
        blocking.unaryCall(EMPTY);
      }
      BenchmarkServiceStub stub = BenchmarkServiceGrpc.newStub(channel);
      IdleStreams.Answers warmUp = new IdleStreams.Answers(1);
      open(stub, warmUp, open);
      warmUp.await(flags.seconds("timeout", 60));
      r = IdleStreams.measure("grpc-java", streams, (count, answers) -> {
        for (int i = 0; i < count; i++) {
          open(stub, answers, open);
        }
      }, server, flags.seconds("timeout", 60));
    } finally {
      GrpcJavaBenchClient.close(channel);
    }
    System.out.println(r.line());
    System.exit(0);
  }
}
