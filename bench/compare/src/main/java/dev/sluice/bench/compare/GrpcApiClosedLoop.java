package dev.sluice.bench.compare;

import dev.sluice.bench.harness.AllocationCounter;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadState;
import dev.sluice.bench.harness.LoadWindow;
import dev.sluice.bench.harness.ProbeClient;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Closed-loop load through grpc-java's API (its {@code ClientCalls}, what generated async stubs
 * call), the same loop as the grpc-java driver's and {@link SluiceClosedLoop}: on each channel,
 * {@code outstanding} unary calls or ping-pong streams in flight, each completion recording its
 * round trip and starting the next.
 */
final class GrpcApiClosedLoop {

  /** How long stopped loops get to finish their last call before the result is taken anyway. */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final LoadState state;
  private final SimpleRequest request;

  private GrpcApiClosedLoop(LoadState state, int payload) {
    this.state = state;
    this.request = BenchmarkMethods.request(payload, payload);
  }

  static LoadResult run(List<? extends Channel> channels, LoadShape shape, Duration warmup,
      Duration duration, ProbeClient server) throws InterruptedException, IOException {
    AllocationCounter local = new AllocationCounter();
    LoadState state = new LoadState(shape.loops());
    GrpcApiClosedLoop loop = new GrpcApiClosedLoop(state, shape.payload());
    for (Channel channel : channels) {
      for (int i = 0; i < shape.outstanding(); i++) {
        switch (shape.mode()) {
          case UNARY -> loop.unary(channel);
          case STREAMING -> loop.new PingPong().start(channel);
        }
      }
    }
    LoadWindow.Result window = LoadWindow.measure(state, warmup, duration, local, server);
    state.stop(DRAIN);
    return new LoadResult("grpc-java-api-on-sluice", shape, window);
  }

  private void unary(Channel channel) {
    long start = System.nanoTime();
    ClientCalls.asyncUnaryCall(channel.newCall(GrpcApiBench.UNARY_CALL, CallOptions.DEFAULT),
        request, new StreamObserver<SimpleResponse>() {
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
              unary(channel);
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

    void start(Channel channel) {
      requests = ClientCalls.asyncBidiStreamingCall(
          channel.newCall(GrpcApiBench.STREAMING_CALL, CallOptions.DEFAULT), this);
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
