package dev.sluice.bench.compare;

import dev.sluice.Server;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.ServerCallStreamObserver;
import dev.sluice.stub.ServerCalls;
import dev.sluice.stub.StreamObserver;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * {@code grpc.testing.BenchmarkService} on Sluice's HTTP/2, answering as grpc-java's qps
 * AsyncServer does: each response carries {@code response_size} bytes of payload. Flags:
 * {@code --port=N} (0: any free port). Prints the address it listens on, then serves until
 * killed.
 */
public final class SluiceBenchServer {

  private SluiceBenchServer() {}

  /** Built anew for each request, zeros of the size asked for, as grpc-java's server does. */
  static SimpleResponse responseFor(SimpleRequest request) {
    return SimpleResponse.newBuilder()
        .setPayload(BenchmarkMethods.payload(request.getResponseSize()))
        .build();
  }

  /** Starts the server on {@code port} (0: any free port). */
  public static Server start(int port) throws Exception {
    return Server.builder()
        .listener(NettyServerListener.forAddress(new InetSocketAddress(port))
            .config(H2Config.DEFAULT.withMaxMessageSize(BenchmarkMethods.MAX_MESSAGE))
            .build())
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE)
        .addMethod(BenchmarkMethods.UNARY_CALL,
            ServerCalls.<SimpleRequest, SimpleResponse>asyncUnary((request, responses) -> {
              responses.onNext(responseFor(request));
              responses.onCompleted();
            }))
        .addMethod(BenchmarkMethods.STREAMING_CALL,
            ServerCalls.<SimpleRequest, SimpleResponse>asyncBidi(SluiceBenchServer::pingPong))
        .build()
        .start();
  }

  private static StreamObserver<SimpleRequest> pingPong(
      ServerCallStreamObserver<SimpleResponse> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(SimpleRequest request) {
        responses.onNext(responseFor(request));
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  public static void main(String[] args) throws Exception {
    Flags flags;
    try {
      flags = new Flags(args, Set.of("port"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Server server = start(flags.integer("port", 50051));
    System.out.println("Sluice bench server listening on " + server.addresses());
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
