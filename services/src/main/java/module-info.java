/**
 * Health ({@code grpc.health.v1}) with its status manager, and server reflection
 * ({@code grpc.reflection.v1} and {@code v1alpha}), with the generated messages and stubs of both.
 */
module dev.sluice.services {
  requires transitive dev.sluice.protobuf;
  requires transitive dev.sluice.stub;

  exports dev.sluice.services.health;
  exports dev.sluice.services.health.v1;
  exports dev.sluice.services.reflection;
  exports dev.sluice.services.reflection.v1;
  exports dev.sluice.services.reflection.v1alpha;
}
