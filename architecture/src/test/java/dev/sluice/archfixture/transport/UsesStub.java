package dev.sluice.archfixture.transport;

import dev.sluice.stub.StreamObserver;

/** Breaks "transports use no stub code" on purpose, for LayerRulesSelfTest. */
public class UsesStub {
  void deliver(StreamObserver<String> observer) {
    observer.onNext("x");
  }
}
