package dev.sluice.h2.hpack;

import java.util.ArrayList;
import java.util.List;

/** Collects decoded fields in order. */
final class RecordingListener implements HeaderListener {

  /** One delivered field. */
  record Field(String name, String value, boolean sensitive) {}

  final List<Field> fields = new ArrayList<>();

  @Override
  public void onHeader(String name, String value, boolean sensitive) {
    fields.add(new Field(name, value, sensitive));
  }

  static Field f(String name, String value) {
    return new Field(name, value, false);
  }

  static Field sensitive(String name, String value) {
    return new Field(name, value, true);
  }
}
