package dev.sluice.bench.compare;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.bench.harness.AllocationCounter;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadState;
import dev.sluice.bench.harness.LoadWindow;
import dev.sluice.bench.harness.ProbeClient;
import dev.sluice.stub.ClientCallStreamObserver;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.StreamObserver;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Closed-loop load on Sluice channels, shaped like grpc-java's qps AsyncClient: on each channel,
 * {@code outstanding} unary calls (or ping-pong streams) in flight, each completion recording
 * its round trip and starting the next. Completions run where Sluice delivers them (for HTTP/2,
 * the connection's thread), with no hop to an executor.
 */
final class SluiceClosedLoop {

  /** How long stopped loops get to finish their last call before the result is taken anyway. */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final LoadState state;
  private final SimpleRequest request;

  private SluiceClosedLoop(LoadState state, int payload) {
    this.state = state;
    this.request = BenchmarkMethods.request(payload, payload);
  }

  /**
   * Runs {@code shape}'s load on {@code channels} (one per {@code shape.channels()}): warm-up,
   * then the measured window; reads the server's allocation through {@code server} when it is
   * not null.
   */
  static LoadResult run(List<Channel> channels, LoadShape shape, Duration warmup,
      Duration duration, ProbeClient server) throws InterruptedException, IOException {
    AllocationCounter local = new AllocationCounter();
    LoadState state = new LoadState(shape.loops());
    SluiceClosedLoop loop = new SluiceClosedLoop(state, shape.payload());
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
    return new LoadResult("sluice", shape, window);
  }

  /** One unary call; its completion records the round trip and starts the next. */
  private void unary(Channel channel) {
    long start = System.nanoTime();
    ClientCalls.futureUnary(channel, BenchmarkMethods.UNARY_CALL, CallOptions.DEFAULT, request)
        .whenComplete((reply, t) -> {
          if (t != null) {
            state.recordError();
          } else {
            state.recordLatency(System.nanoTime() - start);
          }
          if (state.running()) {
            unary(channel);
          } else {
            state.loopEnded();
          }
        });
  }

  /** One ping-pong stream: each response records the round trip and sends the next request. */
  private final class PingPong implements StreamObserver<SimpleResponse> {
    private ClientCallStreamObserver<SimpleRequest> requests;
    /** Written before each request goes out, read when its response arrives. */
    private volatile long sentAt;

    void start(Channel channel) {
      requests = ClientCalls.asyncStreaming(channel, BenchmarkMethods.STREAMING_CALL,
          CallOptions.DEFAULT, new Metadata(), this);
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
