/**
 * What generated code and applications call: blocking and async client calls, server handler
 * adapters, stream observers and the call context.
 */
module dev.sluice.stub {
  requires transitive dev.sluice.core;
  requires java.logging;

  exports dev.sluice.stub;
}
