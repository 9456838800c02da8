package dev.sluice.examples.grpcjava.routeguide;

import dev.sluice.grpcjava.SluiceChannelBuilder;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The route guide client: the four kinds of call through grpc-java's generated stubs, blocking
 * for the unary and server-streaming calls, asynchronous for the client-streaming and bidi ones.
 */
public final class RouteGuideClient {

  private final RouteGuideGrpc.RouteGuideBlockingStub blockingStub;
  private final RouteGuideGrpc.RouteGuideStub asyncStub;

  /** A client using {@code channel}, which the caller owns. */
  public RouteGuideClient(Channel channel) {
    this.blockingStub = RouteGuideGrpc.newBlockingStub(channel);
    this.asyncStub = RouteGuideGrpc.newStub(channel);
  }

  /** Unary: the feature at {@code point}. */
  public Feature getFeature(Point point) {
    return blockingStub.withDeadlineAfter(10, TimeUnit.SECONDS).getFeature(point);
  }

  /** Server streaming: the features inside {@code area}, in the server's order. */
  public List<Feature> listFeatures(Rectangle area) {
    List<Feature> out = new ArrayList<>();
    Iterator<Feature> it = blockingStub.withDeadlineAfter(10, TimeUnit.SECONDS)
        .listFeatures(area);
    it.forEachRemaining(out::add);
    return out;
  }

  /** Client streaming: sends {@code route} point by point, returns the server's summary. */
  public RouteSummary recordRoute(List<Point> route) throws Exception {
    CompletableFuture<RouteSummary> summary = new CompletableFuture<>();
    StreamObserver<Point> requests = asyncStub.withDeadlineAfter(10, TimeUnit.SECONDS)
        .recordRoute(new StreamObserver<>() {
          @Override
          public void onNext(RouteSummary value) {
            summary.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            summary.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            summary.completeExceptionally(new IllegalStateException("No summary came"));
          }
        });
    for (Point p : route) {
      requests.onNext(p);
    }
    requests.onCompleted();
    return summary.get(10, TimeUnit.SECONDS);
  }

  /** Bidi streaming: sends {@code notes}, returns every note the server sent back. */
  public List<RouteNote> routeChat(List<RouteNote> notes) throws Exception {
    List<RouteNote> received = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<RouteNote> requests = asyncStub.withDeadlineAfter(10, TimeUnit.SECONDS)
        .routeChat(new StreamObserver<>() {
          @Override
          public void onNext(RouteNote value) {
            synchronized (received) {
              received.add(value);
            }
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    for (RouteNote n : notes) {
      requests.onNext(n);
    }
    requests.onCompleted();
    done.get(10, TimeUnit.SECONDS);
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** {@code RouteGuideClient [target]}: one call of each kind (default localhost:50051). */
  public static void main(String[] args) throws Exception {
    String target = args.length > 0 ? args[0] : "localhost:50051";
    ManagedChannel channel = SluiceChannelBuilder.forTarget(target)  // was: ManagedChannelBuilder
        .usePlaintext()
        .build();
    try {
      RouteGuideClient client = new RouteGuideClient(channel);
      Features features = Features.load();
      Point first = features.all().get(0).getLocation();
      System.out.println("GetFeature: " + client.getFeature(first).getName());
      Rectangle everywhere = Rectangle.newBuilder()
          .setLo(Features.point(-900000000, -1800000000))
          .setHi(Features.point(900000000, 1800000000)).build();
      System.out.println("ListFeatures: " + client.listFeatures(everywhere).size() + " features");
      List<Point> route = new ArrayList<>();
      features.all().forEach(f -> route.add(f.getLocation()));
      RouteSummary s = client.recordRoute(route);
      System.out.println("RecordRoute: " + s.getPointCount() + " points, " + s.getDistance()
          + " m");
      RouteNote note = RouteNote.newBuilder().setLocation(first).setMessage("hello").build();
      System.out.println("RouteChat: " + client.routeChat(List.of(note, note)).size()
          + " notes back");
    } catch (StatusRuntimeException e) {
      System.err.println("Call failed: " + e.getStatus());
      throw e;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
