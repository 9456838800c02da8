/** Marshalling of protobuf-java messages for Sluice calls. */
module dev.sluice.protobuf {
  requires transitive dev.sluice.core;
  requires transitive com.google.protobuf;

  exports dev.sluice.protobuf;
}
