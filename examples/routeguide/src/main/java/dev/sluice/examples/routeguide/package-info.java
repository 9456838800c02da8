/**
 * The route guide example: one service from {@code route_guide.proto} with a unary, a
 * server-streaming, a client-streaming and a bidi method, served and called over HTTP/2 or
 * in-process with generated stubs.
 */
package dev.sluice.examples.routeguide;
