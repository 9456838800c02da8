package dev.sluice.stub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AbstractStubTest {

  /** The smallest stub: what generated stubs extend. */
  private static final class Stub extends AbstractStub<Stub> {
    Stub(Channel channel, CallOptions options, Metadata headers) {
      super(channel, options, headers);
    }

    @Override
    protected Stub build(Channel channel, CallOptions options, Metadata headers) {
      return new Stub(channel, options, headers);
    }
  }

  @Test
  void withWaitForReady_setsTheOption_andKeepsTheRest() throws Exception {
    try (Channel channel = Channel.forTarget("inproc:stub-options")) {
      Stub plain = new Stub(channel, CallOptions.DEFAULT, new Metadata());

      Stub waiting = plain.withTimeout(Duration.ofSeconds(5)).withWaitForReady();

      assertThat(plain.options().isWaitForReady()).isFalse();
      assertThat(waiting.options().isWaitForReady()).isTrue();
      assertThat(waiting.options().deadline()).isNotNull();
      assertThat(waiting.channel()).isSameAs(channel);
    }
  }
}
