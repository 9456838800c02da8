/**
 * A Sluice client transport over OkHttp's HTTP/2: {@link dev.sluice.okhttp.OkHttpTransportFactory}
 * for a channel, {@link dev.sluice.okhttp.OkHttpConnector} for one address. No Netty on the class
 * path.
 */
package dev.sluice.okhttp;
