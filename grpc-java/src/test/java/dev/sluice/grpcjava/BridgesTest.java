package dev.sluice.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversions between grpc-java's and Sluice's marshallers, metadata and statuses. */
class BridgesTest {

  /** A marshaller whose streams are neither KnownLength nor Drainable. */
  private static final MethodDescriptor.Marshaller<String> PLAIN =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new InputStream() {
            private final ByteArrayInputStream in =
                new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() {
              return in.read();
            }
          };
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  @Test
  void marshaller_plainStream_sizeUnknownAndRoundTrips() throws Exception {
    MarshallerBridge<String> m = new MarshallerBridge<>(PLAIN);
    assertThat(m.serializedSize("héllo")).isEqualTo(-1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.serialize("héllo", out);
    assertThat(m.parse(new ByteBuffer[] {ByteBuffer.wrap(out.toByteArray())}))
        .isEqualTo("héllo");
  }

  @Test
  void marshaller_bytesSplitOverDirectBuffers_parseAsOneMessage() {
    MarshallerBridge<String> m = new MarshallerBridge<>(PLAIN);
    ByteBuffer a = ByteBuffer.allocateDirect(3).put("abc".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.allocateDirect(0);
    ByteBuffer c = ByteBuffer.allocateDirect(4).put("defg".getBytes(StandardCharsets.US_ASCII));
    a.flip();
    b.flip();
    c.flip();
    assertThat(m.parse(new ByteBuffer[] {a, b, c})).isEqualTo("abcdefg");
    // Read through duplicates: the transport's buffers keep their positions.
    assertThat(a.remaining()).isEqualTo(3);
    assertThat(c.remaining()).isEqualTo(4);
  }

  @Test
  void bufferStream_knownLength_countsDownAsItIsRead() throws Exception {
    BufferInputStream in = new BufferInputStream(new ByteBuffer[] {
        ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3, 4, 5})});
    assertThat(in).isInstanceOf(KnownLength.class);
    assertThat(in.available()).isEqualTo(5);
    assertThat(in.read()).isEqualTo(1);
    assertThat(in.skip(2)).isEqualTo(2);
    byte[] rest = new byte[8];
    assertThat(in.read(rest, 0, 8)).isEqualTo(2);
    assertThat(rest[0]).isEqualTo((byte) 4);
    assertThat(in.available()).isZero();
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void metadata_asciiBinaryAndRepeated_survivesBothWays() {
    io.grpc.Metadata grpc = new io.grpc.Metadata();
    grpc.put(MetadataBridge.asciiKey("x-name"), "one");
    grpc.put(MetadataBridge.asciiKey("x-name"), "two");
    grpc.put(MetadataBridge.binaryKey("x-raw-bin"), new byte[] {0, (byte) 0xff, 10});

    Metadata sluice = MetadataBridge.toSluice(grpc);
    assertThat(sluice.getAll("x-name")).containsExactly("one", "two");
    assertThat(sluice.getBinary("x-raw-bin")).containsExactly(0, 0xff, 10);

    io.grpc.Metadata back = MetadataBridge.toGrpc(sluice);
    assertThat(back.getAll(MetadataBridge.asciiKey("x-name"))).containsExactly("one", "two");
    assertThat(back.get(MetadataBridge.binaryKey("x-raw-bin"))).containsExactly(0, 0xff, 10);
  }

  @Test
  void status_codeDescriptionAndCause_keptBothWays() {
    RuntimeException cause = new RuntimeException("boom");
    io.grpc.Status grpc = io.grpc.Status.ABORTED.withDescription("try later").withCause(cause);
    Status sluice = StatusBridge.toSluice(grpc);
    assertThat(sluice.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(sluice.description()).isEqualTo("try later");
    assertThat(sluice.cause()).isSameAs(cause);
    io.grpc.Status back = StatusBridge.toGrpc(sluice);
    assertThat(back.getCode()).isEqualTo(io.grpc.Status.Code.ABORTED);
    assertThat(back.getDescription()).isEqualTo("try later");
    assertThat(back.getCause()).isSameAs(cause);
  }

  @Test
  void statusDetails_trailerInGrpcJava_partOfStatusInSluice() {
    io.grpc.Metadata trailers = new io.grpc.Metadata();
    trailers.put(MetadataBridge.binaryKey("grpc-status-details-bin"), new byte[] {8, 3});
    Status withDetails = StatusBridge.detailsFrom(Status.INVALID_ARGUMENT, trailers);
    assertThat(withDetails.details()).containsExactly(8, 3);
    assertThat(trailers.keys()).isEmpty();

    io.grpc.Metadata received = new io.grpc.Metadata();
    StatusBridge.addDetails(withDetails, received);
    assertThat(received.get(MetadataBridge.binaryKey("grpc-status-details-bin")))
        .containsExactly(8, 3);
    assertThat(List.copyOf(received.keys())).containsExactly("grpc-status-details-bin");
  }
}
