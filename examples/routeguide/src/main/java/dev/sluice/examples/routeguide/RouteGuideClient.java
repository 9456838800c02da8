package dev.sluice.examples.routeguide;

import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.stub.BlockingClientCall;
import dev.sluice.stub.StreamObserver;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls the route guide: the blocking stub for GetFeature, ListFeatures and RecordRoute, the
 * async stub for RouteChat. {@link #main} connects over HTTP/2.
 */
public final class RouteGuideClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final RouteGuideSluice.RouteGuideBlockingStub blocking;
  private final RouteGuideSluice.RouteGuideAsyncStub async;

  /** A client making its calls on {@code channel}, which the caller keeps and closes. */
  public RouteGuideClient(Channel channel) {
    Objects.requireNonNull(channel, "channel");
    this.blocking = RouteGuideSluice.newBlockingStub(channel).withTimeout(TIMEOUT);
    this.async = RouteGuideSluice.newAsyncStub(channel).withTimeout(TIMEOUT);
  }

  /** Unary: the feature at {@code location} (its name is empty if there is none). */
  public Feature getFeature(Point location) {
    return blocking.getFeature(location);
  }

  /** Server streaming: the features inside {@code area}, read one by one. */
  public List<Feature> listFeatures(Rectangle area) {
    try (BlockingClientCall<Rectangle, Feature> call = blocking.listFeatures(area)) {
      List<Feature> out = new ArrayList<>();
      for (Feature f; (f = call.read()) != null; ) {
        out.add(f);
      }
      check(call.finish());
      return out;
    }
  }

  /** Client streaming: sends the points of {@code route}, returns the server's summary. */
  public RouteSummary recordRoute(List<Point> route) {
    try (BlockingClientCall<Point, RouteSummary> call = blocking.recordRoute()) {
      for (Point p : route) {
        if (!call.write(p)) {
          break; // the call is over; finish() says why
        }
      }
      call.writesDone();
      RouteSummary summary = call.read();
      check(call.finish());
      return summary;
    }
  }

  /**
   * Bidi streaming: sends {@code notes} and collects the earlier notes the server sends back;
   * the future completes when the server ends the call.
   */
  public CompletableFuture<List<RouteNote>> routeChat(List<RouteNote> notes) {
    CompletableFuture<List<RouteNote>> done = new CompletableFuture<>();
    List<RouteNote> received = Collections.synchronizedList(new ArrayList<>());
    StreamObserver<RouteNote> requests = async.routeChat(new StreamObserver<>() {
      @Override
      public void onNext(RouteNote note) {
        received.add(note);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(List.copyOf(received));
      }
    });
    for (RouteNote n : notes) {
      requests.onNext(n);
    }
    requests.onCompleted();
    return done;
  }

  private static void check(Status status) {
    if (!status.isOk()) {
      throw status.asException();
    }
  }

  /** Makes one call of each kind against the bundled database and prints what happened. */
  public void tour(PrintStream out) throws Exception {
    List<Feature> db = Features.load().all();
    Point first = db.get(0).getLocation();

    out.println("GetFeature " + Features.format(first) + " -> " + describe(getFeature(first)));
    Point nowhere = Features.point(0, 0);
    out.println("GetFeature " + Features.format(nowhere) + " -> " + describe(getFeature(nowhere)));

    Rectangle area = Rectangle.newBuilder()
        .setLo(db.get(1).getLocation()).setHi(db.get(4).getLocation()).build();
    List<Feature> listed = listFeatures(area);
    out.println("ListFeatures between " + Features.format(area.getLo()) + " and "
        + Features.format(area.getHi()) + " -> " + listed.size() + " features");
    for (Feature f : listed) {
      out.println("  " + describe(f));
    }

    List<Point> route = List.of(db.get(0).getLocation(), db.get(2).getLocation(),
        Features.point(520220000, 51330000), db.get(5).getLocation());
    RouteSummary summary = recordRoute(route);
    out.println("RecordRoute " + route.size() + " points -> " + summary.getPointCount()
        + " points, " + summary.getFeatureCount() + " features, " + summary.getDistance()
        + " m, " + summary.getElapsedTime() + " s");

    Point a = db.get(3).getLocation();
    Point b = db.get(6).getLocation();
    List<RouteNote> notes = List.of(note(a, "first at A"), note(b, "first at B"),
        note(a, "second at A"), note(b, "second at B"));
    List<RouteNote> replies = routeChat(notes).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    out.println("RouteChat " + notes.size() + " notes -> " + replies.size() + " earlier notes");
    for (RouteNote n : replies) {
      out.println("  \"" + n.getMessage() + "\" at " + Features.format(n.getLocation()));
    }
  }

  /** A note at {@code location}. */
  public static RouteNote note(Point location, String message) {
    return RouteNote.newBuilder().setLocation(location).setMessage(message).build();
  }

  private static String describe(Feature f) {
    String name = f.getName().isEmpty() ? "(no feature)" : "\"" + f.getName() + "\"";
    return name + " at " + Features.format(f.getLocation());
  }

  /** Arguments: {@code [--target HOST:PORT]}, default {@code 127.0.0.1:50051}. */
  public static void main(String[] args) throws Exception {
    String target = "127.0.0.1:50051";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--target") && i + 1 < args.length) {
        target = args[++i];
      } else if (args[i].startsWith("--target=")) {
        target = args[i].substring("--target=".length());
      } else {
        throw new IllegalArgumentException("Unknown argument: " + args[i]);
      }
    }
    int colon = target.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("The target must be HOST:PORT, not " + target);
    }
    InetSocketAddress address = new InetSocketAddress(
        target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    try (Channel channel = Channel.builder(NettyConnector.forAddress(address).build()).build()) {
      new RouteGuideClient(channel).tour(System.out);
    }
  }
}
