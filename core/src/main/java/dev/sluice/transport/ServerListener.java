package dev.sluice.transport;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Accepts connections for a server and hands each new server {@link Transport} to it. An
 * HTTP/2 listener binds a socket; the in-process listener registers a name.
 */
public interface ServerListener {

  /**
   * Starts accepting. {@code onTransport} runs once per new connection, on the transport's
   * thread; the server installs its {@link StreamAcceptor} there before any stream can arrive.
   *
   * @param onTransport told each new connection's transport
   * @throws IOException when the listener cannot bind (address in use, name taken)
   */
  void start(Consumer<Transport> onTransport) throws IOException;

  /**
   * Where clients reach this listener, such as {@code 127.0.0.1:50051} or {@code inproc:demo}.
   *
   * @return the address clients use
   */
  String address();

  /** Stops accepting new connections; transports already made are left to the server. */
  void shutdown();

  /**
   * Completes once the listener has stopped accepting and released its resources.
   *
   * @return a future that completes once the listener has stopped
   */
  CompletableFuture<Void> terminationFuture();
}
