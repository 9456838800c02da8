import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.testing.integration.TestServiceImpl;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * grpc-java's interop TestService behind a server with max connection age, run by Sluice's
 * interop tests in a process of its own on grpc-java's class path (Java's single-file source
 * launcher compiles it there). Arguments: port, max age in milliseconds, grace in seconds.
 * Serves until killed.
 */
public final class MaxAgeServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long ageMillis = Long.parseLong(args[1]);
    long graceSeconds = Long.parseLong(args[2]);
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    Server server = NettyServerBuilder.forPort(port)
        .maxConnectionAge(ageMillis, TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(graceSeconds, TimeUnit.SECONDS)
        .addService(new TestServiceImpl(executor))
        .build().start();
    System.out.println("listening on " + port);
    server.awaitTermination();
  }
}
