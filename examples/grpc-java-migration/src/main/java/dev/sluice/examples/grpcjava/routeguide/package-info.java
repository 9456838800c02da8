/**
 * The route guide as a grpc-java application, on Sluice: the four kinds of call through
 * grpc-java's generated {@code RouteGuideGrpc} stubs and a service extending its {@code
 * RouteGuideImplBase}, with Sluice's builders in place of grpc-java's.
 */
package dev.sluice.examples.grpcjava.routeguide;
