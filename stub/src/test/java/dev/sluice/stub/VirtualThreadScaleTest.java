package dev.sluice.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.CallOptions;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Status;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ten thousand blocking bidi calls at once, each on its own virtual thread, against blocking
 * handlers (also on virtual threads: the server's default on JDK 21+). Shows that the blocking
 * API parks without pinning carriers. Skipped below JDK 21.
 */
class VirtualThreadScaleTest {

  private static final int CALLS = 10_000;
  private static final int MESSAGES = 3;
  private static final MethodDescriptor<String, String> ECHO =
      Strings.method("Echo", MethodType.BIDI_STREAMING);

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up so this compiles on 17. */
  private static ExecutorService virtualThreads() {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
              java.lang.invoke.MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void blockingBidi_tenThousandConcurrentVirtualThreads_allComplete() throws Exception {
    ExecutorService clients = virtualThreads();
    assumeTrue(clients != null, "virtual threads need JDK 21+");
    try (Harness h = Harness.start(ECHO, ServerCalls.<String, String>bidi(stream -> {
      for (String s; (s = stream.read()) != null; ) {
        stream.write(s);
      }
    }))) {
      List<Future<Status>> results = new ArrayList<>(CALLS);
      for (int i = 0; i < CALLS; i++) {
        int id = i;
        results.add(clients.submit(() -> {
          try (BlockingClientCall<String, String> call =
                   ClientCalls.blockingCall(h.channel, ECHO, CallOptions.DEFAULT)) {
            for (int m = 0; m < MESSAGES; m++) {
              String msg = id + "/" + m;
              if (!call.write(msg) || !msg.equals(call.read())) {
                return Status.INTERNAL.withDescription("call " + id + " lost message " + m);
              }
            }
            return call.finish();
          }
        }));
      }
      int ok = 0;
      for (Future<Status> f : results) {
        Status s = f.get();
        assertThat(s).isEqualTo(Status.OK);
        ok++;
      }
      assertThat(ok).isEqualTo(CALLS);
    } finally {
      clients.shutdown();
    }
  }
}
