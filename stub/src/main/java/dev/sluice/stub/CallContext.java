package dev.sluice.stub;

import dev.sluice.Call;
import dev.sluice.CallValues;
import dev.sluice.Deadline;
import dev.sluice.Status;
import dev.sluice.telemetry.TelemetryScope;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The deadline, cancellation and values of the server call a thread is working for, so that the
 * client calls it makes inherit them: such a call gets the earlier of its own deadline and the
 * server call's, is cancelled when the server call ends, and starts with the server call's
 * {@linkplain CallValues values} (what the server's interceptors set, and {@link #withValue}).
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
  public static final CallContext ROOT = new CallContext(null, false, new CallValues(), null);

  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  private final Deadline deadline;
  private final boolean cancellable;
  /** A server call's own values (live), or a copy made by {@link #withValue}. */
  private final CallValues values;
  /** The server call whose telemetry context enters with this one; null for {@link #ROOT}. */
  private final Call serverCall;
  private final AtomicReference<Status> cancelled = new AtomicReference<>();
  /** Made on the first {@link #onCancel}: most calls never register a listener. */
  private volatile Set<Consumer<Status>> listeners;

  /**
   * What a server call's context reports once the call ended normally (its status was sent).
   * Shared, so finishing a call builds no status of its own.
   */
  private static final Status ENDED = Status.CANCELLED.withDescription(
      "The server call has ended (its status was sent)");

  private CallContext(Deadline deadline, boolean cancellable, CallValues values,
      Call serverCall) {
    this.deadline = deadline;
    this.cancellable = cancellable;
    this.values = values;
    this.serverCall = serverCall;
  }

  /**
   * The context of a server call: its deadline, cancelled when the call ends in any way, and its
   * {@linkplain Call#values() values}, as the server's interceptors set them.
   */
  static CallContext forServerCall(Call call) {
    CallContext ctx = new CallContext(call.deadline(), true, call.values(), call);
    call.onDone(status -> ctx.cancel(status.isOk() ? ENDED : status));
    return ctx;
  }

  /** {@return the current thread's context; {@link #ROOT} when none was set} */
  public static CallContext current() {
    CallContext c = CURRENT.get();
    return c == null ? ROOT : c;
  }

  /**
   * {@return the value of {@code key} in this context: what a server interceptor set on the call
   * ({@link CallValues}), or what {@link #withValue} added; null when none}
   *
   * @param <T> the value's type
   * @param key the key the value was set under
   */
  public <T> T value(CallValues.Key<T> key) {
    return values.get(key);
  }

  /**
   * {@return the value of {@code key} in the current thread's context, or null}
   *
   * @param <T> the value's type
   * @param key the key the value was set under
   */
  public static <T> T currentValue(CallValues.Key<T> key) {
    return current().value(key);
  }

  /**
   * A context like this one (same deadline, cancelled when this one is) with {@code key} set to
   * {@code value}; {@link #enter} or {@link #wrap} it to make it current. Client calls made in it
   * get its values in their {@link Call#values()}.
   *
   * @param <T> the value's type
   * @param key the key to set
   * @param value the value, seen through {@link #value} in the new context and its children
   * @return the new context; this one is unchanged
   */
  public <T> CallContext withValue(CallValues.Key<T> key, T value) {
    CallValues copy = new CallValues();
    copy.putAll(values);
    copy.put(key, value);
    CallContext child = new CallContext(deadline, cancellable, copy, serverCall);
    if (cancellable) {
      onCancel(child::cancel);
    }
    return child;
  }

  /** This context's values, for the client calls made in it; not to be changed. */
  CallValues values() {
    return values;
  }

  /** {@return the deadline, or null for none} */
  public Deadline deadline() {
    return deadline;
  }

  /** {@return true once the server call has ended (cancelled, expired, or finished)} */
  public boolean isCancelled() {
    return cancelled.get() != null;
  }

  /** {@return why the context was cancelled, or null while it is not} */
  public Status cancellationStatus() {
    return cancelled.get();
  }

  /**
   * Runs {@code listener} with the cancellation status once this context is cancelled (at once,
   * on this thread, if it already is; otherwise on a transport or timer thread: do not block).
   *
   * @return removes the listener; call it when the listener is no longer needed
   * @param listener receives the status the context was cancelled with
   */
  public Runnable onCancel(Consumer<Status> listener) {
    Objects.requireNonNull(listener, "listener");
    if (!cancellable) {
      return () -> {};
    }
    Set<Consumer<Status>> set = listeners();
    set.add(listener);
    Status s = cancelled.get();
    // Cancellation may have fired between the add and now: make sure the listener runs once.
    if (s != null && set.remove(listener)) {
      listener.accept(s);
    }
    return () -> set.remove(listener);
  }

  private Set<Consumer<Status>> listeners() {
    Set<Consumer<Status>> set = listeners;
    if (set == null) {
      synchronized (this) {
        set = listeners;
        if (set == null) {
          set = ConcurrentHashMap.newKeySet();
          listeners = set;
        }
      }
    }
    return set;
  }

  private void cancel(Status status) {
    if (!cancelled.compareAndSet(null, status)) {
      return;
    }
    Set<Consumer<Status>> set = listeners;
    if (set == null) {
      return; // an onCancel racing with this sees the status once it has added its listener
    }
    for (Consumer<Status> l : set) {
      if (set.remove(l)) {
        l.accept(status);
      }
    }
  }

  /**
   * Makes this context current until the returned scope is closed, and with it what the server's
   * telemetry keeps current for the call ({@link Call#enterTelemetry}: its OpenTelemetry span, so
   * spans the application starts nest under it).
   *
   * @return the scope to close, which makes the previous context (and telemetry) current again
   */
  public Scope enter() {
    CallContext previous = CURRENT.get();
    CURRENT.set(this);
    TelemetryScope telemetry = serverCall == null ? TelemetryScope.NONE
        : serverCall.enterTelemetry();
    if (telemetry == TelemetryScope.NONE) {
      // The usual case, a handler's thread with no context yet, needs no scope object of its own.
      return previous == null ? CLEAR : () -> CURRENT.set(previous);
    }
    return () -> {
      telemetry.close();
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Leaves a thread with no context, as it was before {@link #enter}. */
  private static final Scope CLEAR = CURRENT::remove;

  /**
   * {@code task} wrapped to run in this context, on whatever thread runs it.
   *
   * @param task the task to run later, maybe on another thread
   * @return a task that makes this context current while {@code task} runs
   */
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
