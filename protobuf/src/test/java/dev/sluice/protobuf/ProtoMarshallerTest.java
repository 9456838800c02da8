package dev.sluice.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ListValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ProtoMarshallerTest {

  private final ProtoMarshaller<Struct> marshaller = ProtoMarshaller.of(Struct.getDefaultInstance());

  private static Struct sample() {
    return Struct.newBuilder()
        .putFields("name", Value.newBuilder().setStringValue("sluice").build())
        .putFields("sizes", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(Value.newBuilder().setNumberValue(1))
            .addValues(Value.newBuilder().setNumberValue(2))).build())
        .build();
  }

  private byte[] bytesOf(Struct s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marshaller.serialize(s, out);
    return out.toByteArray();
  }

  @Test
  void serializeThenParse_sampleStruct_roundTrips() throws IOException {
    Struct parsed = marshaller.parse(new ByteArrayInputStream(bytesOf(sample())));
    assertThat(parsed).isEqualTo(sample());
  }

  @Test
  void serialize_sampleStruct_writesTheProtobufEncoding() throws IOException {
    assertThat(bytesOf(sample())).isEqualTo(sample().toByteArray());
  }

  @Test
  void serializedSize_sampleStruct_equalsTheMessageSize() throws IOException {
    assertThat(marshaller.serializedSize(sample()))
        .isEqualTo(sample().getSerializedSize())
        .isEqualTo(bytesOf(sample()).length);
  }

  @Test
  void isImmutable_always_true() {
    assertThat(marshaller.isImmutable()).isTrue();
  }

  @Test
  void parse_streamGivingOneByteAtATime_stillParses() throws IOException {
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(bytesOf(sample()))) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1));
      }

      @Override
      public int available() {
        return 0;
      }
    };
    assertThat(marshaller.parse(trickle)).isEqualTo(sample());
  }

  @Test
  void parse_emptyStream_yieldsDefaultInstance() throws IOException {
    assertThat(marshaller.parse(new ByteArrayInputStream(new byte[0])))
        .isEqualTo(Struct.getDefaultInstance());
  }

  @Test
  void parse_largerThanProtobufDefaultLimit_parses() throws IOException {
    ProtoMarshaller<StringValue> strings = ProtoMarshaller.of(StringValue.getDefaultInstance());
    StringValue big = StringValue.of("x".repeat(70 << 20));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    strings.serialize(big, out);
    assertThat(strings.parse(new ByteArrayInputStream(out.toByteArray())).getValue())
        .hasSize(70 << 20);
  }

  @Test
  void parse_truncatedBytes_throwsIOException() throws IOException {
    byte[] bytes = bytesOf(sample());
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(cut)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void parse_strayEndGroupTag_throwsIOException() {
    // Field 1, wire type 4 (end group) with no group open.
    byte[] bytes = {0x0c};
    assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(bytes)))
        .isInstanceOf(IOException.class);
  }

  // ---- parsing from the transport's buffers ----

  /** {@code bytes} as direct buffers, cut at {@code cuts}. */
  private static ByteBuffer[] directPieces(byte[] bytes, int... cuts) {
    ByteBuffer[] out = new ByteBuffer[cuts.length + 1];
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : bytes.length;
      ByteBuffer b = ByteBuffer.allocateDirect(to - from);
      b.put(bytes, from, to - from).flip();
      out[i] = b;
      from = to;
    }
    return out;
  }

  @Test
  void parseBuffers_smallDirectBuffer_roundTrips() throws IOException {
    byte[] bytes = bytesOf(sample());
    assertThat(marshaller.parse(directPieces(bytes))).isEqualTo(sample());
  }

  @Test
  void parseBuffers_largeDirectBuffer_roundTrips() throws IOException {
    Struct big = Struct.newBuilder()
        .putFields("blob", Value.newBuilder().setStringValue("x".repeat(5000)).build())
        .build();
    assertThat(marshaller.parse(directPieces(bytesOf(big)))).isEqualTo(big);
  }

  @Test
  void parseBuffers_directPiecesSplitAnywhere_roundTrip() throws IOException {
    byte[] bytes = bytesOf(sample());
    for (int cut = 1; cut < bytes.length; cut++) {
      assertThat(marshaller.parse(directPieces(bytes, cut))).as("cut at %d", cut)
          .isEqualTo(sample());
    }
  }

  @Test
  void parseBuffers_heapPieces_roundTrip() throws IOException {
    byte[] bytes = bytesOf(sample());
    ByteBuffer[] pieces = {ByteBuffer.wrap(bytes, 0, 3), ByteBuffer.wrap(bytes, 3, bytes.length - 3)};
    assertThat(marshaller.parse(pieces)).isEqualTo(sample());
  }

  @Test
  void parseBuffers_noBytes_isTheSharedDefaultInstance() throws IOException {
    assertThat(marshaller.parse(new ByteBuffer[] {ByteBuffer.allocateDirect(0)}))
        .isSameAs(Struct.getDefaultInstance());
  }

  @Test
  void parseBuffers_leavesTheBuffersUnread() throws IOException {
    ByteBuffer[] pieces = directPieces(bytesOf(sample()));
    int before = pieces[0].position();
    marshaller.parse(pieces);
    assertThat(pieces[0].position()).isEqualTo(before);
  }

  @Test
  void parseBuffers_truncatedBytes_throwsIOException() throws IOException {
    byte[] bytes = bytesOf(sample());
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> marshaller.parse(directPieces(cut)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> marshaller.parse(directPieces(cut, 2)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void parseBuffers_strayEndGroupTag_throwsIOException() {
    assertThatThrownBy(() -> marshaller.parse(directPieces(new byte[] {0x0c})))
        .isInstanceOf(IOException.class);
  }

  @Test
  void parseBuffers_fieldsDoNotAliasTheBuffer() throws IOException {
    StringValue value = StringValue.of("kept after the buffer is reused");
    ProtoMarshaller<StringValue> m = ProtoMarshaller.of(StringValue.getDefaultInstance());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.serialize(value, out);
    ByteBuffer[] pieces = directPieces(out.toByteArray());
    StringValue parsed = m.parse(pieces);
    // The transport reuses its memory once parse returns: scribble over it.
    ByteBuffer b = pieces[0];
    for (int i = 0; i < b.limit(); i++) {
      b.put(i, (byte) 'z');
    }
    assertThat(parsed.getValue()).isEqualTo("kept after the buffer is reused");
  }

  // ---- serializing into the transport's buffers ----

  @Test
  void serializeToBuffer_smallDirect_matchesTheProtobufEncoding() throws IOException {
    byte[] expected = sample().toByteArray();
    ByteBuffer out = ByteBuffer.allocateDirect(expected.length);
    marshaller.serialize(sample(), out);
    assertThat(out.hasRemaining()).isFalse();
    byte[] got = new byte[expected.length];
    out.flip().get(got);
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void serializeToBuffer_largeDirectAndHeap_matchTheProtobufEncoding() throws IOException {
    Struct big = Struct.newBuilder()
        .putFields("blob", Value.newBuilder().setStringValue("y".repeat(9000)).build())
        .build();
    byte[] expected = big.toByteArray();
    for (ByteBuffer out : new ByteBuffer[] {
        ByteBuffer.allocateDirect(expected.length), ByteBuffer.allocate(expected.length)}) {
      marshaller.serialize(big, out);
      assertThat(out.hasRemaining()).isFalse();
      byte[] got = new byte[expected.length];
      out.flip().get(got);
      assertThat(got).isEqualTo(expected);
    }
  }

  @Test
  void parseBuffers_largeBytesField_survivesTheBuffersBeingReused() throws IOException {
    byte[] blob = new byte[50_000];
    java.util.Arrays.fill(blob, (byte) 7);
    com.google.protobuf.BytesValue value =
        com.google.protobuf.BytesValue.of(com.google.protobuf.ByteString.copyFrom(blob));
    ProtoMarshaller<com.google.protobuf.BytesValue> m =
        ProtoMarshaller.of(com.google.protobuf.BytesValue.getDefaultInstance());
    byte[] wire = value.toByteArray();
    ByteBuffer[] pieces = directPieces(wire, 3, 20_000);
    com.google.protobuf.BytesValue parsed = m.parse(pieces);
    for (ByteBuffer b : pieces) {
      for (int i = 0; i < b.limit(); i++) {
        b.put(i, (byte) 0);
      }
    }
    assertThat(parsed.getValue().toByteArray()).isEqualTo(blob);
  }
}
