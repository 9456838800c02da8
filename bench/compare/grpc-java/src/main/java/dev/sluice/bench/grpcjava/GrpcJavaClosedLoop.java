package dev.sluice.bench.grpcjava;

import dev.sluice.bench.harness.AllocationCounter;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadState;
import dev.sluice.bench.harness.LoadWindow;
import dev.sluice.bench.harness.ProbeClient;
import io.grpc.Channel;
import io.grpc.benchmarks.Utils;
import io.grpc.benchmarks.proto.BenchmarkServiceGrpc;
import io.grpc.benchmarks.proto.BenchmarkServiceGrpc.BenchmarkServiceStub;
import io.grpc.benchmarks.proto.Messages.PayloadType;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Closed-loop load on grpc-java channels, the twin of Sluice's {@code SluiceClosedLoop}: on each
 * channel, {@code outstanding} unary calls (or ping-pong streams) in flight through grpc-java's
 * async stub, as its qps AsyncClient makes them, each completion recording its round trip and
 * starting the next. The request is the one AsyncClient sends ({@code Utils.makeRequest}).
 * Callbacks run on the channel's executor (directly on the transport thread when the channel was
 * built with {@code directExecutor()}).
 */
final class GrpcJavaClosedLoop {

  /** How long stopped loops get to finish their last call before the result is taken anyway. */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final LoadState state;
  private final SimpleRequest request;

  private GrpcJavaClosedLoop(LoadState state, int payload) {
    this.state = state;
    this.request = Utils.makeRequest(PayloadType.COMPRESSABLE, payload, payload);
  }

  /**
   * Runs {@code shape}'s load on {@code channels}: warm-up, then the measured window; reads the
   * server's allocation through {@code server} when it is not null.
   */
  static LoadResult run(List<? extends Channel> channels, LoadShape shape, Duration warmup,
      Duration duration, ProbeClient server) throws InterruptedException, IOException {
    AllocationCounter local = new AllocationCounter();
    LoadState state = new LoadState(shape.loops());
    GrpcJavaClosedLoop loop = new GrpcJavaClosedLoop(state, shape.payload());
    for (Channel channel : channels) {
      BenchmarkServiceStub stub = BenchmarkServiceGrpc.newStub(channel);
      for (int i = 0; i < shape.outstanding(); i++) {
        switch (shape.mode()) {
          case UNARY -> loop.unary(stub);
          case STREAMING -> loop.new PingPong().start(stub);
        }
      }
    }
    LoadWindow.Result window = LoadWindow.measure(state, warmup, duration, local, server);
    state.stop(DRAIN);
    return new LoadResult("grpc-java", shape, window);
  }

  /** One unary call; its completion records the round trip and starts the next. */
  private void unary(BenchmarkServiceStub stub) {
    long start = System.nanoTime();
    stub.unaryCall(request, new StreamObserver<SimpleResponse>() {
      @Override
      public void onNext(SimpleResponse value) {}

      @Override
      public void onError(Throwable t) {
        state.recordError();
        next();
      }

      @Override
      public void onCompleted() {
        state.recordLatency(System.nanoTime() - start);
        next();
      }

      private void next() {
        if (state.running()) {
          unary(stub);
        } else {
          state.loopEnded();
        }
      }
    });
  }

  /** One ping-pong stream: each response records the round trip and sends the next request. */
  private final class PingPong implements StreamObserver<SimpleResponse> {
    private StreamObserver<SimpleRequest> requests;
    /** Written before each request goes out, read when its response arrives. */
    private volatile long sentAt;

    void start(BenchmarkServiceStub stub) {
      requests = stub.streamingCall(this);
      sentAt = System.nanoTime();
      requests.onNext(request);
    }

    @Override
    public void onNext(SimpleResponse value) {
      state.recordLatency(System.nanoTime() - sentAt);
      if (state.running()) {
        sentAt = System.nanoTime();
        requests.onNext(request);
      } else {
        requests.onCompleted();
      }
    }

    @Override
    public void onError(Throwable t) {
      if (state.running()) {
        state.recordError();
      }
      state.loopEnded();
    }

    @Override
    public void onCompleted() {
      state.loopEnded();
    }
  }
}
