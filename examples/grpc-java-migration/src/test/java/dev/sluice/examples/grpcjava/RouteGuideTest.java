package dev.sluice.examples.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.examples.grpcjava.routeguide.Feature;
import dev.sluice.examples.grpcjava.routeguide.Features;
import dev.sluice.examples.grpcjava.routeguide.Point;
import dev.sluice.examples.grpcjava.routeguide.Rectangle;
import dev.sluice.examples.grpcjava.routeguide.RouteGuideClient;
import dev.sluice.examples.grpcjava.routeguide.RouteGuideServer;
import dev.sluice.examples.grpcjava.routeguide.RouteNote;
import dev.sluice.examples.grpcjava.routeguide.RouteSummary;
import dev.sluice.grpcjava.SluiceChannelBuilder;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The grpc-java route guide on Sluice over HTTP/2 on loopback: one test per kind of call. */
class RouteGuideTest {

  private final Features features = Features.load();
  private Server server;
  private ManagedChannel channel;
  private RouteGuideClient client;

  @BeforeEach
  void start() throws Exception {
    server = RouteGuideServer.start(0);
    channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .build();
    client = new RouteGuideClient(channel);
  }

  @AfterEach
  void stop() throws Exception {
    HelloWorldTest.close(channel, server);
  }

  @Test
  void getFeature_knownPoint_returnsItsName() {
    Feature known = features.all().get(0);
    assertThat(client.getFeature(known.getLocation())).isEqualTo(known);
  }

  @Test
  void getFeature_emptyPoint_returnsNamelessFeature() {
    Point nowhere = Features.point(1, 1);
    assertThat(client.getFeature(nowhere).getName()).isEmpty();
  }

  @Test
  void listFeatures_wholeWorld_streamsEveryFeature() {
    Rectangle world = Rectangle.newBuilder()
        .setLo(Features.point(-900000000, -1800000000))
        .setHi(Features.point(900000000, 1800000000)).build();
    assertThat(client.listFeatures(world)).containsExactlyElementsOf(features.all());
  }

  @Test
  void recordRoute_everyFeature_summarizesTheRoute() throws Exception {
    List<Point> route = new ArrayList<>();
    int distance = 0;
    for (Feature f : features.all()) {
      if (!route.isEmpty()) {
        distance += Features.distance(route.get(route.size() - 1), f.getLocation());
      }
      route.add(f.getLocation());
    }
    RouteSummary summary = client.recordRoute(route);
    assertThat(summary.getPointCount()).isEqualTo(route.size());
    assertThat(summary.getFeatureCount()).isEqualTo(features.all().size());
    assertThat(summary.getDistance()).isEqualTo(distance);
  }

  @Test
  void routeChat_sameLocationTwice_sendsTheEarlierNotesBack() throws Exception {
    Point here = features.all().get(1).getLocation();
    RouteNote first = RouteNote.newBuilder().setLocation(here).setMessage("first").build();
    RouteNote second = RouteNote.newBuilder().setLocation(here).setMessage("second").build();
    RouteNote third = RouteNote.newBuilder().setLocation(here).setMessage("third").build();
    // The first note finds nothing, the second finds the first, the third finds both.
    assertThat(client.routeChat(List.of(first, second, third)))
        .containsExactly(first, first, second);
  }
}
