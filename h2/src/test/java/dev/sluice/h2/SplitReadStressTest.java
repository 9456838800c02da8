package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs conformance scenarios over the in-memory HTTP/2 endpoint again and again, each run with
 * new split sizes (1 to 64 bytes per read, drawn for each side from a seeded random), so that
 * frames and messages arrive cut at every offset and the event loops interleave in ever different
 * orders. A message lost once in thousands of connections shows up here: before the connector
 * waited for its handlers (see {@link ConnectBeforeHandlerAddedTest}), about one run in a
 * thousand lost the server's SETTINGS and with them the connection and its calls.
 *
 * <p>Only in the {@code stress} profile: {@code mvn -B -pl h2 -am verify -Pstress}. By default
 * the scenarios share a budget of {@code stress.seconds} (75) and each runs as often as fits in
 * its share; {@code -Dstress.iterations=N} runs each exactly N times instead, however long that
 * takes. {@code -Dstress.seed=S} repeats a draw of split sizes (it is printed), and {@code
 * -Dstress.scenarios=A,B} picks scenarios: {@code Nested#method} or a whole {@code Nested} class
 * of the transport kit, or {@code stack#method} of the channel-stack kit.
 *
 * <p>Each run is a whole kit test (harness, teardown checks and all), started through the JUnit
 * launcher. A run fails when its test fails, or when an inbound buffer reached the end of a
 * pipeline unread (Netty discards it there: bytes lost whether or not the scenario noticed). The
 * test fails listing every failed run with its split sizes.
 */
@Tag("stress")
class SplitReadStressTest {

  private static final String KIT = "dev.sluice.h2.RandomSplitKit";
  private static final String KIT_NESTED = "dev.sluice.testing.AbstractTransportTest$";
  private static final String STACK = "dev.sluice.h2.RandomSplitChannelStack";

  /** The scenarios that were seen to lose data before the fix. */
  private static final List<String> DEFAULT_SCENARIOS = List.of(
      "Ordering#recvMessage_oneOpAtATime_yieldsExactlyOneMessageInOrder",
      "Ordering#serverTrailers_beforeClientHalfClose_clientLaterSendsSucceedWithoutEffect",
      "Ordering#peerEvents_sendsInSeparateBatches_arriveHeadersMessagesEndInOrder",
      "Lifecycle#clientShutdown_callInFlight_callCompletesAndNewCallsFailUnavailable",
      "stack#onDone_actionsBeforeAndAfterTheEnd_eachRunOnceWithTheStatus_despiteOneThrowing");

  private static final long SEED = Long.getLong("stress.seed", System.nanoTime());
  /** Runs per scenario, or 0 to run each for its share of {@link #BUDGET_SECONDS}. */
  private static final int ITERATIONS = Integer.getInteger("stress.iterations", 0);
  private static final int BUDGET_SECONDS = Integer.getInteger("stress.seconds", 75);

  private static final PipelineTailWatch tailWatch = new PipelineTailWatch();

  @BeforeAll
  static void watchPipelineTails() {
    tailWatch.install();
  }

  @AfterAll
  static void stopWatching() {
    tailWatch.uninstall();
  }

  static Stream<String> scenarios() {
    return chosenScenarios().stream();
  }

  private static List<String> chosenScenarios() {
    String chosen = System.getProperty("stress.scenarios", "");
    return chosen.isBlank() ? DEFAULT_SCENARIOS
        : Arrays.stream(chosen.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  // Not the kit's default 20 s: the budget or the iterations asked for bound the whole, and each
  // run inside keeps that default as its own hang guard.
  @Timeout(value = 1, unit = TimeUnit.DAYS)
  void scenario_randomSplitReads_losesNothing(String scenario) {
    SplittableRandom random = new SplittableRandom(SEED ^ scenario.hashCode());
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selector(scenario))
        .filters(EngineFilter.includeEngines("junit-jupiter"))
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
        .build();
    Launcher launcher = LauncherFactory.create();
    long share = TimeUnit.SECONDS.toNanos(BUDGET_SECONDS) / chosenScenarios().size();
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>();
    int runs = 0;
    while (ITERATIONS > 0 ? runs < ITERATIONS : System.nanoTime() - start < share) {
      int server = 1 + random.nextInt(64);
      int client = 1 + random.nextInt(64);
      RandomSplitKit.use(server, client);
      Outcome outcome = new Outcome();
      List<String> discarded = tailWatch.during(() -> launcher.execute(request, outcome));
      assertThat(outcome.testsFinished).as("kit tests that %s selects", scenario).isPositive();
      if (!outcome.failures.isEmpty() || !discarded.isEmpty()) {
        List<String> what = new ArrayList<>(outcome.failures);
        discarded.forEach(d -> what.add("  discarded at the pipeline's tail: " + d));
        failures.add("run " + runs + " (server split " + server + ", client split " + client
            + "):\n" + String.join("\n", what));
      }
      runs++;
    }
    System.out.printf("stress %s: %d runs, %d failed (%.3f%%), seed %d%n", scenario, runs,
        failures.size(), 100.0 * failures.size() / Math.max(1, runs), SEED);
    assertThat(failures).as("failed runs of %s out of %d (seed %d)", scenario, runs, SEED)
        .isEmpty();
  }

  private static DiscoverySelector selector(String scenario) {
    int hash = scenario.indexOf('#');
    String nested = hash < 0 ? scenario : scenario.substring(0, hash);
    String method = hash < 0 ? null : scenario.substring(hash + 1);
    if (nested.equals("stack")) {
      return DiscoverySelectors.selectMethod(STACK, method);
    }
    return method == null
        ? DiscoverySelectors.selectNestedClass(List.of(KIT), KIT_NESTED + nested)
        : DiscoverySelectors.selectNestedMethod(List.of(KIT), KIT_NESTED + nested, method);
  }

  /** What one launcher run did: how many tests finished, and how each failure looked. */
  private static final class Outcome implements TestExecutionListener {
    final List<String> failures = new ArrayList<>();
    long testsFinished;

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (id.isTest()) {
        testsFinished++;
      }
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        StringWriter trace = new StringWriter();
        result.getThrowable().ifPresent(t -> t.printStackTrace(new PrintWriter(trace)));
        failures.add("  " + id.getDisplayName() + " " + result.getStatus() + ": " + trace);
      }
    }
  }
}
