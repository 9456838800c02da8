/**
 * Message compression: the codecs ({@code identity}, {@code gzip}) and the filter that
 * negotiates {@code grpc-encoding} / {@code grpc-accept-encoding} and compresses and inflates
 * messages on the way through the channel stack.
 */
package dev.sluice.compression;
