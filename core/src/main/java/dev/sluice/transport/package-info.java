/**
 * The transport SPI: what every transport (in-process, HTTP/2, ...) implements and what the
 * channel stack hands it. The javadoc of {@link dev.sluice.transport.Transport} and
 * {@link dev.sluice.transport.StreamOpBatch} is the contract; the conformance kit in
 * {@code sluice-testing} checks every rule of it.
 */
package dev.sluice.transport;
