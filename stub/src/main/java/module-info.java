/**
 * What generated code and applications call: blocking and async client calls, server handler
 * adapters, stream observers and the call context.
 */
module dev.sluice.stub {
  requires transitive dev.sluice.core;

  exports dev.sluice.stub;
}
