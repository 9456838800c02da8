package dev.sluice.examples.routeguide;

import dev.sluice.stub.ServerContext;
import dev.sluice.stub.ServerReader;
import dev.sluice.stub.ServerReaderWriter;
import dev.sluice.stub.ServerWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The route guide, written in the blocking style: each handler runs on the server's executor
 * and may wait on reads and writes.
 */
public final class RouteGuideService extends RouteGuideSluice.RouteGuideBlockingImplBase {

  private final Features features;
  /** Notes left by RouteChat callers, by location; shared by all calls. */
  private final Map<Point, List<RouteNote>> notes = new HashMap<>();

  /** A service answering from {@code features}. */
  public RouteGuideService(Features features) {
    this.features = Objects.requireNonNull(features, "features");
  }

  @Override
  public Feature getFeature(Point request, ServerContext context) {
    return features.at(request);
  }

  @Override
  public void listFeatures(Rectangle request, ServerWriter<Feature> responses) {
    for (Feature f : features.within(request)) {
      responses.write(f);
    }
  }

  @Override
  public RouteSummary recordRoute(ServerReader<Point> requests) {
    long start = System.nanoTime();
    int points = 0;
    int found = 0;
    int distance = 0;
    Point previous = null;
    for (Point p; (p = requests.read()) != null; ) {
      points++;
      if (!features.at(p).getName().isEmpty()) {
        found++;
      }
      if (previous != null) {
        distance += Features.distance(previous, p);
      }
      previous = p;
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    return RouteSummary.newBuilder()
        .setPointCount(points)
        .setFeatureCount(found)
        .setDistance(distance)
        .setElapsedTime((int) seconds)
        .build();
  }

  @Override
  public void routeChat(ServerReaderWriter<RouteNote, RouteNote> stream) {
    for (RouteNote note; (note = stream.read()) != null; ) {
      List<RouteNote> earlier;
      synchronized (notes) {
        List<RouteNote> here = notes.computeIfAbsent(note.getLocation(), k -> new ArrayList<>());
        earlier = List.copyOf(here);
        here.add(note);
      }
      for (RouteNote n : earlier) {
        stream.write(n);
      }
    }
  }
}
