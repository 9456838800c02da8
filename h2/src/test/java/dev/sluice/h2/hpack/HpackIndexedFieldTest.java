package dev.sluice.h2.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fields sent as table indexes reach the listener as the table's own objects. */
class HpackIndexedFieldTest {

  /** Records which of the two callbacks each field came through. */
  private static final class TwoWayListener implements HeaderListener {
    final List<String> literal = new ArrayList<>();
    final List<HeaderField> indexed = new ArrayList<>();

    @Override
    public void onHeader(String name, String value, boolean sensitive) {
      literal.add(name + "=" + value);
    }

    @Override
    public void onIndexedField(HeaderField field) {
      indexed.add(field);
    }
  }

  private static final List<HeaderField> REQUEST = List.of(
      HeaderField.of(":method", "POST"),
      HeaderField.of(":path", "/pkg.Service/Method"),
      HeaderField.of("te", "trailers"));

  @Test
  void staticEntry_isDeliveredAsTheStaticTablesObject() throws Exception {
    HpackEncoder encoder = new HpackEncoder();
    HpackDecoder decoder = new HpackDecoder();
    ByteBuf block = Unpooled.buffer();
    encoder.encode(REQUEST, block);
    TwoWayListener first = new TwoWayListener();
    decoder.decode(block, first);
    assertThat(first.indexed).singleElement()
        .isSameAs(StaticTable.get(StaticTable.indexOf(":method", "POST")));
    assertThat(first.literal).containsExactly(":path=/pkg.Service/Method", "te=trailers");
  }

  @Test
  void secondBlock_dynamicEntries_areDeliveredIndexed() throws Exception {
    HpackEncoder encoder = new HpackEncoder();
    HpackDecoder decoder = new HpackDecoder();
    ByteBuf first = Unpooled.buffer();
    encoder.encode(REQUEST, first);
    decoder.decode(first, new TwoWayListener());
    ByteBuf second = Unpooled.buffer();
    encoder.encode(REQUEST, second);
    TwoWayListener listener = new TwoWayListener();
    decoder.decode(second, listener);
    assertThat(listener.literal).isEmpty();
    assertThat(listener.indexed).containsExactlyElementsOf(REQUEST);
  }

  @Test
  void defaultListener_getsIndexedFieldsThroughOnHeader() throws Exception {
    HpackEncoder encoder = new HpackEncoder();
    HpackDecoder decoder = new HpackDecoder();
    ByteBuf block = Unpooled.buffer();
    encoder.encode(REQUEST, block);
    RecordingListener listener = new RecordingListener();
    decoder.decode(block, listener);
    assertThat(listener.fields).containsExactly(RecordingListener.f(":method", "POST"),
        RecordingListener.f(":path", "/pkg.Service/Method"), RecordingListener.f("te", "trailers"));
  }
}
