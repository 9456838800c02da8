/**
 * gRPC over HTTP/2, apart from HTTP/2 itself: the header mapping, the 5-byte message framing,
 * percent-encoded {@code grpc-message}, base64 {@code -bin} values, and the tables between
 * HTTP/2 error codes, HTTP statuses and gRPC statuses (gRPC's PROTOCOL-HTTP2.md).
 */
package dev.sluice.h2.grpc;
