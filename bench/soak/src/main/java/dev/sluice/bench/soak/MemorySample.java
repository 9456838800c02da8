package dev.sluice.bench.soak;

import java.util.Locale;

/**
 * One sampling of both JVMs during the soak. Unprefixed figures are the server's (the JVM under
 * test); {@code client_} ones the load client's. Byte counts; direct figures are -1 where there
 * is no Netty to ask.
 *
 * @param seconds since the load started
 * @param calls unary calls answered so far
 * @param callsFailed unary calls that failed
 * @param pings stream messages answered so far, over all long-lived streams
 * @param heapAfterGc the server's used heap after collecting
 * @param direct direct memory held by the server's Netty allocator
 * @param jdkDirect the server's direct NIO buffers, as the JDK counts them
 * @param clientHeapAfterGc the client's used heap after collecting
 * @param clientDirect direct memory held by the client's Netty allocator
 * @param clientJdkDirect the client's direct NIO buffers
 */
record MemorySample(double seconds, long calls, long callsFailed, long pings, long heapAfterGc,
    long direct, long jdkDirect, long clientHeapAfterGc, long clientDirect,
    long clientJdkDirect) {

  /** {@code t=12.0s calls=... calls_failed=... pings=... heap_after_gc=... direct=... ...} */
  String line() {
    return String.format(Locale.ROOT, "t=%.1fs calls=%d calls_failed=%d pings=%d heap_after_gc=%d direct=%d"
        + " jdk_direct=%d client_heap_after_gc=%d client_direct=%d client_jdk_direct=%d",
        seconds, calls, callsFailed, pings, heapAfterGc, direct, jdkDirect, clientHeapAfterGc,
        clientDirect, clientJdkDirect);
  }
}
