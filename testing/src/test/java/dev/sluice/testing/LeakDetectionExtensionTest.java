package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs {@link LeakingProbe} in a nested JUnit engine, registered the way the build registers
 * extensions (autodetection), and checks that its leaking test fails and its clean test passes.
 */
class LeakDetectionExtensionTest {

  private static final String PROBE = "sluice.testing.leakProbe";

  /** A unique hint per run: Netty reports a given leak record only once per JVM. */
  static volatile String hint;

  @Test
  void leakedPooledBuffer_inATest_failsThatTestWithTheLeakRecord() {
    hint = "leak-probe-" + UUID.randomUUID();
    Events tests = EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .configurationParameter(PROBE, "true")
        .selectors(selectClass(LeakingProbe.class))
        .execute().testEvents();

    tests.assertThatEvents().haveExactly(1, event(test("leaksAPooledBuffer"),
        finishedWithFailure(instanceOf(AssertionError.class),
            message(m -> m.contains("leaked") && m.contains(hint)))));
    tests.assertThatEvents().haveExactly(1,
        event(test("releasesItsBuffer"), finishedSuccessfully()));
    assertThat(tests.count()).isEqualTo(4); // two started, two finished
  }

  /** Runs only inside the nested engine above, never in the build's own run. */
  static final class OnlyAsProbe implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PROBE).isPresent()
          ? ConditionEvaluationResult.enabled("run by LeakDetectionExtensionTest")
          : ConditionEvaluationResult.disabled("a probe for LeakDetectionExtensionTest");
    }
  }

  @ExtendWith(OnlyAsProbe.class)
  static final class LeakingProbe {

    @Test
    void leaksAPooledBuffer() {
      ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
      buf.writeLong(42);
      buf.touch(hint);
      // Dropped without release().
    }

    @Test
    void releasesItsBuffer() {
      ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
      buf.writeLong(42);
      buf.touch(hint);
      buf.release();
    }
  }
}
