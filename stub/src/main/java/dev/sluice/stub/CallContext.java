package dev.sluice.stub;

import dev.sluice.Call;
import dev.sluice.Deadline;
import dev.sluice.Status;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The deadline and cancellation of the server call a thread is working for, so that the client
 * calls it makes inherit them: such a call gets the earlier of its own deadline and the server
 * call's, and is cancelled when the server call ends.
 *
 * <p>{@link ServerCalls} makes the context current while a handler runs (and around every
 * callback of an async handler). To carry it to another thread, {@link #wrap} the task.
 * Outside any handler the context is {@link #ROOT}: no deadline, never cancelled.
 *
 * <p>A thread-local rather than a {@code ScopedValue}, because Sluice builds for Java 17.
 * Thread-safe.
 */
public final class CallContext {

  /** No deadline, never cancelled. */
  public static final CallContext ROOT = new CallContext(null, false);

  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  private final Deadline deadline;
  private final boolean cancellable;
  private final AtomicReference<Status> cancelled = new AtomicReference<>();
  private final Set<Consumer<Status>> listeners = ConcurrentHashMap.newKeySet();

  private CallContext(Deadline deadline, boolean cancellable) {
    this.deadline = deadline;
    this.cancellable = cancellable;
  }

  /** The context of a server call: its deadline, cancelled when the call ends in any way. */
  static CallContext forServerCall(Call call) {
    CallContext ctx = new CallContext(call.deadline(), true);
    call.whenDone().thenAccept(status -> ctx.cancel(status.isOk()
        ? Status.CANCELLED.withDescription("The server call " + call.path() + " has ended")
        : status));
    return ctx;
  }

  /** The current thread's context; {@link #ROOT} when none was set. */
  public static CallContext current() {
    CallContext c = CURRENT.get();
    return c == null ? ROOT : c;
  }

  /** The deadline, or null for none. */
  public Deadline deadline() {
    return deadline;
  }

  /** True once the server call has ended (cancelled, expired, or finished). */
  public boolean isCancelled() {
    return cancelled.get() != null;
  }

  /** Why the context was cancelled, or null while it is not. */
  public Status cancellationStatus() {
    return cancelled.get();
  }

  /**
   * Runs {@code listener} with the cancellation status once this context is cancelled (at once,
   * on this thread, if it already is; otherwise on a transport or timer thread: do not block).
   *
   * @return removes the listener; call it when the listener is no longer needed
   */
  public Runnable onCancel(Consumer<Status> listener) {
    Objects.requireNonNull(listener, "listener");
    if (!cancellable) {
      return () -> {};
    }
    listeners.add(listener);
    Status s = cancelled.get();
    // Cancellation may have fired between the add and now: make sure the listener runs once.
    if (s != null && listeners.remove(listener)) {
      listener.accept(s);
    }
    return () -> listeners.remove(listener);
  }

  private void cancel(Status status) {
    if (!cancelled.compareAndSet(null, status)) {
      return;
    }
    for (Consumer<Status> l : listeners) {
      if (listeners.remove(l)) {
        l.accept(status);
      }
    }
  }

  /** Makes this context current until the returned scope is closed. */
  public Scope enter() {
    CallContext previous = CURRENT.get();
    CURRENT.set(this);
    return () -> CURRENT.set(previous);
  }

  /** {@code task} wrapped to run in this context, on whatever thread runs it. */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = enter()) {
        task.run();
      }
    };
  }

  /** Restores the previous context when closed. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public String toString() {
    return this == ROOT ? "CallContext{root}"
        : "CallContext{deadline=" + deadline + ", cancelled=" + cancelled.get() + "}";
  }
}
