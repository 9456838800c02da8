package dev.sluice.examples.routeguide;

import dev.sluice.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A response observer that collects every message; {@link #await} waits for the end. */
final class Collector<T> implements StreamObserver<T> {

  private final List<T> received = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<List<T>> done = new CompletableFuture<>();

  @Override
  public void onNext(T value) {
    received.add(value);
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    done.complete(List.copyOf(received));
  }

  /** The messages, once the stream has completed; throws if it failed. */
  List<T> await() throws Exception {
    return done.get(30, TimeUnit.SECONDS);
  }
}
