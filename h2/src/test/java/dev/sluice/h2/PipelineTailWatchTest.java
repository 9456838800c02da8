package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which of Netty's "discarded at the tail" lines count as data a live connection lost. */
class PipelineTailWatchTest {

  private static final String MESSAGE = "Discarded inbound message AdaptiveByteBuf(ridx: 0, "
      + "widx: 17, cap: 1024) that reached at the tail of the pipeline. ";

  @Test
  void closedAndTornDownChannel_isNotALoss() {
    // As a CI stress run logged it: the client closed, then the server's GOAWAY came.
    String line = MESSAGE + "Discarded message pipeline : [DefaultChannelPipeline$TailContext#0]."
        + " Channel : [id: 0x778a63fb, L:local:E:800e676f ! R:local:h2-stress-9a6f].";
    assertThat(PipelineTailWatch.afterTeardown(line)).isTrue();
  }

  @Test
  void liveChannel_orHandlersStillThere_isALoss() {
    String active = MESSAGE + "Discarded message pipeline : [DefaultChannelPipeline$TailContext#0]."
        + " Channel : [id: 0x778a63fb, L:local:E:800e676f - R:local:h2-stress-9a6f].";
    String handlers = MESSAGE + "Discarded message pipeline : [sluice-h2, "
        + "DefaultChannelPipeline$TailContext#0]. Channel : [id: 0x1, L:local:E:1 ! R:local:x].";
    assertThat(PipelineTailWatch.afterTeardown(active)).isFalse();
    assertThat(PipelineTailWatch.afterTeardown(handlers)).isFalse();
  }
}
