import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.TestServiceGrpc;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java client with keepalive, run by Sluice's interop tests in a process of its own on
 * grpc-java's class path (Java's single-file source launcher compiles it there). Arguments:
 * port, keepalive seconds, idle seconds. It makes a call, stays idle with keepalive pings going
 * (keepAliveWithoutCalls), makes a second call, and prints each call's result and the channel's
 * state; exit code 0 when both calls succeeded.
 */
public final class KeepAliveClient {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long keepAlive = Long.parseLong(args[1]);
    long idle = Long.parseLong(args[2]);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .keepAliveTime(keepAlive, TimeUnit.SECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .build();
    boolean ok = true;
    try {
      TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(channel);
      stub.withDeadlineAfter(30, TimeUnit.SECONDS).emptyCall(Empty.getDefaultInstance());
      System.out.println("first call: OK");
      // Idle on purpose: the keepalive pings are what is under test, not a wait for an event.
      Thread.sleep(TimeUnit.SECONDS.toMillis(idle));
      System.out.println("state after idle: " + channel.getState(false));
      try {
        stub.withDeadlineAfter(30, TimeUnit.SECONDS).emptyCall(Empty.getDefaultInstance());
        System.out.println("second call: OK");
      } catch (RuntimeException e) {
        System.out.println("second call: " + e);
        ok = false;
      }
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    System.exit(ok ? 0 : 1);
  }
}
