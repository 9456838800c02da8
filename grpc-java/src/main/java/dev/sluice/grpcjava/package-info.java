/**
 * grpc-java's API on Sluice: {@link dev.sluice.grpcjava.SluiceChannelBuilder} builds an
 * {@code io.grpc.ManagedChannel} over a Sluice {@link dev.sluice.Channel}, and {@link
 * dev.sluice.grpcjava.SluiceServerBuilder} an {@code io.grpc.Server} that is a Sluice {@link
 * dev.sluice.Server}, so grpc-java stubs, services, interceptors, contexts and stream tracers run
 * unchanged on Sluice's transports. Depends on grpc-java's {@code grpc-api} and {@code grpc-stub}
 * only.
 */
package dev.sluice.grpcjava;
