/**
 * Service config (gRFC A2, A6, A21): a strict JSON reader, the parsed config and its per-method
 * settings, retry and hedging policies and retry throttling. The channel applies it; see {@code
 * docs/channels.md}.
 */
package dev.sluice.config;
