/**
 * Marshalling of protobuf-java messages for Sluice calls, the schema generated stubs attach to
 * their methods, and rich error details ({@code google.rpc.Status}).
 */
module dev.sluice.protobuf {
  requires transitive dev.sluice.core;
  requires transitive com.google.protobuf;
  // proto-google-common-protos (google.rpc.Status and the error details) declares no module
  // name; this is the one the JDK derives from its jar's name.
  requires transitive proto.google.common.protos;

  exports dev.sluice.protobuf;
}
