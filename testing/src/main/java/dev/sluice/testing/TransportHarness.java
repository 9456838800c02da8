package dev.sluice.testing;

import dev.sluice.Marshaller;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The world of one test: a started server listener, client transports connected to it, the
 * server transports it made, every stream opened or accepted, and the {@link CallbackLedger}.
 *
 * <p>{@link #tearDown} destroys every stream, closes every transport, waits for termination and
 * for every owed callback, and fails the test with every violation found.
 *
 * <p>Used by the test thread and the kit's helper threads.
 */
public final class TransportHarness {

  /** The method every kit call uses. */
  public static final CallHead DEFAULT_HEAD = new CallHead("/kit.Echo/Call", null, null);

  private record Opened(Transport transport, TransportStream stream) {}

  private record Accepted(Transport transport, TransportStream stream, CallHead head) {}

  private final AbstractTransportTest kit;
  private final Duration timeout;
  private final CallbackLedger ledger = new CallbackLedger();
  private final BodyLedger bodies = new BodyLedger(ledger);
  private final List<Transport> clients = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Transport> newServerTransports = new LinkedBlockingQueue<>();
  private final List<Transport> serverTransports = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
  private final List<Accepted> acceptedAll = new CopyOnWriteArrayList<>();
  private final List<Opened> opened = new CopyOnWriteArrayList<>();
  private final Set<TransportStream> acceptedOnce =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private final Set<TransportStream> destroyed =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private final AtomicInteger clientNames = new AtomicInteger();
  private final AtomicInteger serverNames = new AtomicInteger();
  private final ExecutorService helpers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kit-helper");
    t.setDaemon(true);
    return t;
  });
  private ServerListener listener;
  private Transport client;

  TransportHarness(AbstractTransportTest kit) {
    this.kit = kit;
    this.timeout = kit.timeout();
  }

  /** {@return the ledger of owed callbacks and violations} */
  public CallbackLedger ledger() {
    return ledger;
  }

  /**
   * The message bodies the test handed to transports; each must be released once.
   *
   * @return the ledger of the bodies handed to transports
   */
  public BodyLedger bodies() {
    return bodies;
  }

  /**
   * The hang guard for each await.
   *
   * @return how long any one wait may take before the test fails as hung
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The server listener, started on first use.
   *
   * @return the listener, started
   */
  public synchronized ServerListener listener() {
    if (listener == null) {
      ServerListener l = kit.newServerListener();
      try {
        l.start(this::onServerTransport);
      } catch (IOException e) {
        throw new UncheckedIOException("server listener failed to start", e);
      }
      listener = l;
    }
    return listener;
  }

  /**
   * The test's client transport, connected on first use.
   *
   * @return the client transport, connected
   */
  public synchronized Transport client() {
    if (client == null) {
      client = connect();
    }
    return client;
  }

  /**
   * A further client transport to the same listener.
   *
   * @return a new client transport, shut down with the harness
   */
  public Transport connect() {
    return connect(kit.newConnector(listener()));
  }

  /**
   * Connects with {@code connector} and tracks the transport for teardown.
   *
   * @param connector the connector to connect with
   * @return the new client transport, shut down with the harness
   */
  public Transport connect(Connector connector) {
    Transport t = connector.connect();
    clients.add(t);
    return t;
  }

  /**
   * The next server transport the listener made (waits for it).
   *
   * @return the server side of the next connection
   */
  public Transport awaitServerTransport() {
    Transport t;
    try {
      t = newServerTransports.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (t == null) {
      throw new AssertionError("no server transport within " + timeout + describeProblems());
    }
    return t;
  }

  /**
   * Opens a stream on the test's client transport.
   *
   * @param <T> the message type
   * @param marshaller turns the messages into bytes and back
   * @return the recorder of the new stream
   */
  public <T> StreamRecorder<T> newCall(Marshaller<T> marshaller) {
    return newCall(client(), marshaller, DEFAULT_HEAD);
  }

  /**
   * Opens a stream on {@code transport} for {@code head}.
   *
   * @param <T> the message type
   * @param transport the client transport to open the stream on
   * @param marshaller turns the messages into bytes and back
   * @param head the method, authority and deadline of the call
   * @return the recorder of the new stream
   */
  public <T> StreamRecorder<T> newCall(Transport transport, Marshaller<T> marshaller,
      CallHead head) {
    TransportStream s = transport.initStream(head);
    if (s == null) {
      throw new AssertionError("initStream returned null");
    }
    opened.add(new Opened(transport, s));
    return new StreamRecorder<>(this, transport, s, marshaller,
        "client#" + clientNames.incrementAndGet(), head);
  }

  /**
   * Waits for the next stream the server accepted.
   *
   * @param <T> the message type
   * @param marshaller turns the messages into bytes and back
   * @return the recorder of the server's side of the stream
   */
  public <T> StreamRecorder<T> accept(Marshaller<T> marshaller) {
    Accepted a;
    try {
      a = accepted.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (a == null) {
      throw new AssertionError("no stream accepted within " + timeout + describeProblems());
    }
    return new StreamRecorder<>(this, a.transport(), a.stream(), marshaller,
        "server#" + serverNames.incrementAndGet(), a.head());
  }

  /** {@return how many accepted streams the test has not taken yet} */
  public int acceptedNotTaken() {
    return accepted.size();
  }

  /**
   * Runs {@code task} on a kit helper thread.
   *
   * @param <R> the result type
   * @param task the work to run
   * @return a future of {@code task}'s result
   */
  public <R> CompletableFuture<R> async(Callable<R> task) {
    CompletableFuture<R> f = new CompletableFuture<>();
    helpers.execute(() -> {
      try {
        f.complete(task.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f;
  }

  /**
   * Waits for {@code future} (hang guard: the timeout); fails with the violations so far.
   *
   * @param <R> the result type
   * @param future the future to wait for
   * @param what names the wait in the failure message
   * @return the future's value
   */
  public <R> R await(CompletableFuture<R> future, String what) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + timeout + " waiting for " + what
          + describeProblems());
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof AssertionError ae) {
        throw ae;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(what + " failed", c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /**
   * Runs a transport op inside the inline guard.
   *
   * @param transport the transport to run the op on
   * @param op the op, which must not run any of its callbacks inline
   */
  public void performTransportOp(Transport transport, TransportOp op) {
    ledger.inside("performTransportOp", () -> transport.performTransportOp(op));
  }

  void destroy(Transport transport, TransportStream stream) {
    if (destroyed.add(stream)) {
      transport.destroyStream(stream);
    }
  }

  private void onServerTransport(Transport t) {
    serverTransports.add(t);
    newServerTransports.add(t);
    t.performTransportOp(new TransportOp.SetAcceptStream((stream, head) -> {
      if (stream == null) {
        ledger.violation("accept-stream callback got a null stream");
        return;
      }
      if (!acceptedOnce.add(stream)) {
        ledger.violation("accept-stream callback ran twice for " + stream);
        return;
      }
      Accepted a = new Accepted(t, stream, head);
      acceptedAll.add(a);
      accepted.add(a);
    }));
  }

  private String describeProblems() {
    return "\n  violations: " + ledger.violations() + "\n  still owed: " + ledger.stillOwed();
  }

  /** Ends the test's world and fails with everything that went wrong. */
  void tearDown() throws InterruptedException {
    List<String> problems = new ArrayList<>();
    helpers.shutdownNow();
    for (Opened o : opened) {
      destroy(o.transport(), o.stream());
    }
    for (Accepted a : acceptedAll) {
      destroy(a.transport(), a.stream());
    }
    Status bye = Status.UNAVAILABLE.withDescription("conformance kit teardown");
    List<Transport> all = new ArrayList<>(clients);
    all.addAll(serverTransports);
    for (Transport t : all) {
      t.close(bye);
    }
    ServerListener l;
    synchronized (this) {
      l = listener;
    }
    if (l != null) {
      l.shutdown();
    }
    for (Transport t : all) {
      if (!waitFor(t.terminationFuture())) {
        problems.add((t.isClient() ? "client" : "server") + " transport did not terminate within "
            + timeout);
      }
    }
    if (l != null && !waitFor(l.terminationFuture())) {
      problems.add("server listener did not terminate within " + timeout);
    }
    List<String> owed = ledger.awaitNothingOwed(timeout);
    if (!owed.isEmpty()) {
      problems.add("callbacks never ran: " + owed);
    }
    List<String> held = awaitBodiesReleased();
    if (!held.isEmpty()) {
      problems.add("message bodies handed to the transport were never released (" + held.size()
          + " of " + bodies.handedOut() + "): " + held);
    }
    problems.addAll(ledger.violations());
    try {
      kit.checkNoLeaks();
    } catch (AssertionError e) {
      problems.add("leak check: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("transport broke the contract:\n  - "
          + String.join("\n  - ", problems));
    }
  }

  /**
   * Waits until every tracked message body was released (a transport may release what it
   * dropped on its own thread a moment later); returns those still held at the timeout.
   *
   * @return the names of the bodies still held; empty when all were released
   */
  public List<String> awaitBodiesReleased() {
    long end = System.nanoTime() + timeout.toNanos();
    List<String> held = bodies.unreleased();
    while (!held.isEmpty() && System.nanoTime() < end) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      held = bodies.unreleased();
    }
    return held;
  }

  private boolean waitFor(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
