/**
 * Hello world as a grpc-java application, on Sluice: grpc-java's generated {@code GreeterGrpc},
 * a service extending its {@code GreeterImplBase}, and Sluice's builders in place of
 * grpc-java's.
 */
package dev.sluice.examples.grpcjava.helloworld;
