package dev.sluice.examples.helloworld;

import dev.sluice.Server;
import dev.sluice.inproc.InProcessServerListener;
import java.io.IOException;

/**
 * Serves {@code helloworld.Greeter} under an in-process name. Run {@link HelloWorldClient} in
 * the same JVM to call it, or use {@link #main}, which does both.
 */
public final class HelloWorldServer {

  private HelloWorldServer() {}

  /** Starts a greeter server listening on the in-process name {@code name}. */
  public static Server start(String name) throws IOException {
    Server.Builder builder = Server.builder().listener(new InProcessServerListener(name));
    new GreeterService().bindService().addTo(builder);
    return builder.build().start();
  }

  public static void main(String[] args) throws Exception {
    String name = "helloworld";
    try (Server server = start(name)) {
      HelloWorldClient.main(new String[] {name, args.length > 0 ? args[0] : "world"});
    }
  }
}
