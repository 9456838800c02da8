package dev.sluice.examples.grpcjava.routeguide;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The route guide, written as grpc-java services are: it extends the generated base class and
 * answers through {@link StreamObserver}s.
 */
public final class RouteGuideService extends RouteGuideGrpc.RouteGuideImplBase {

  private final Features features;
  /** Notes left by RouteChat callers, by location; shared by all calls. */
  private final Map<Point, List<RouteNote>> notes = new HashMap<>();

  /** A service answering from {@code features}. */
  public RouteGuideService(Features features) {
    this.features = Objects.requireNonNull(features, "features");
  }

  @Override
  public void getFeature(Point request, StreamObserver<Feature> responseObserver) {
    responseObserver.onNext(features.at(request));
    responseObserver.onCompleted();
  }

  @Override
  public void listFeatures(Rectangle request, StreamObserver<Feature> responseObserver) {
    for (Feature f : features.within(request)) {
      responseObserver.onNext(f);
    }
    responseObserver.onCompleted();
  }

  @Override
  public StreamObserver<Point> recordRoute(StreamObserver<RouteSummary> responseObserver) {
    long start = System.nanoTime();
    return new StreamObserver<>() {
      private int points;
      private int found;
      private int distance;
      private Point previous;

      @Override
      public void onNext(Point p) {
        points++;
        if (!features.at(p).getName().isEmpty()) {
          found++;
        }
        if (previous != null) {
          distance += Features.distance(previous, p);
        }
        previous = p;
      }

      @Override
      public void onError(Throwable t) {
        // The client gave up on the route: nothing to answer.
      }

      @Override
      public void onCompleted() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        responseObserver.onNext(RouteSummary.newBuilder()
            .setPointCount(points)
            .setFeatureCount(found)
            .setDistance(distance)
            .setElapsedTime((int) seconds)
            .build());
        responseObserver.onCompleted();
      }
    };
  }

  @Override
  public StreamObserver<RouteNote> routeChat(StreamObserver<RouteNote> responseObserver) {
    return new StreamObserver<>() {
      @Override
      public void onNext(RouteNote note) {
        List<RouteNote> earlier;
        synchronized (notes) {
          List<RouteNote> here = notes.computeIfAbsent(note.getLocation(), k -> new ArrayList<>());
          earlier = List.copyOf(here);
          here.add(note);
        }
        for (RouteNote n : earlier) {
          responseObserver.onNext(n);
        }
      }

      @Override
      public void onError(Throwable t) {
        // The client left the chat: nothing to answer.
      }

      @Override
      public void onCompleted() {
        responseObserver.onCompleted();
      }
    };
  }
}
