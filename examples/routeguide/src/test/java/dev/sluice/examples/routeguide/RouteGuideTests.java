package dev.sluice.examples.routeguide;

import static dev.sluice.examples.routeguide.Features.point;
import static dev.sluice.examples.routeguide.RouteGuideClient.note;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.stub.BlockingClientCall;
import dev.sluice.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route guide method through the blocking and the async stub. Subclasses say which
 * transport carries the calls.
 */
abstract class RouteGuideTests {

  /** A started server and a channel to it. */
  record Endpoints(Server server, Channel channel) {}

  private static final List<Feature> DB = Features.load().all();

  private Endpoints endpoints;
  private RouteGuideClient client;
  private RouteGuideSluice.RouteGuideBlockingStub blocking;
  private RouteGuideSluice.RouteGuideAsyncStub async;

  /** Starts a route guide server (see {@link RouteGuideServer#start}) and connects to it. */
  abstract Endpoints start() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    endpoints = start();
    client = new RouteGuideClient(endpoints.channel());
    blocking = RouteGuideSluice.newBlockingStub(endpoints.channel());
    async = RouteGuideSluice.newAsyncStub(endpoints.channel());
  }

  @AfterEach
  void tearDown() throws Exception {
    endpoints.channel().close();
    endpoints.server().close();
  }

  private static Point at(int index) {
    return DB.get(index).getLocation();
  }

  private static Rectangle between(Point lo, Point hi) {
    return Rectangle.newBuilder().setLo(lo).setHi(hi).build();
  }

  // ---- GetFeature: unary ----

  @Test
  void getFeature_blocking_knownPoint_returnsTheFeature() {
    assertThat(client.getFeature(at(2))).isEqualTo(DB.get(2));
  }

  @Test
  void getFeature_blocking_unknownPoint_returnsUnnamedFeatureThere() {
    Feature f = client.getFeature(point(1, 2));
    assertThat(f.getName()).isEmpty();
    assertThat(f.getLocation()).isEqualTo(point(1, 2));
  }

  @Test
  void getFeature_async_knownPoint_returnsTheFeature() throws Exception {
    assertThat(async.getFeature(at(0)).get(30, TimeUnit.SECONDS)).isEqualTo(DB.get(0));
  }

  // ---- ListFeatures: server streaming ----

  @Test
  void listFeatures_blocking_returnsFeaturesInsideInOrder() {
    assertThat(client.listFeatures(between(at(1), at(4))))
        .containsExactly(DB.get(1), DB.get(2), DB.get(3), DB.get(4));
  }

  @Test
  void listFeatures_blocking_cornersSwapped_sameFeatures() {
    assertThat(client.listFeatures(between(at(4), at(1))))
        .containsExactly(DB.get(1), DB.get(2), DB.get(3), DB.get(4));
  }

  @Test
  void listFeatures_blocking_emptyArea_endsOkWithNoFeatures() {
    assertThat(client.listFeatures(between(point(0, 0), point(10, 10)))).isEmpty();
  }

  @Test
  void listFeatures_async_returnsEveryFeatureInTheWholeDatabaseArea() throws Exception {
    Collector<Feature> features = new Collector<>();
    async.listFeatures(between(point(-900000000, -1800000000), point(900000000, 1800000000)),
        features);
    assertThat(features.await()).containsExactlyElementsOf(DB);
  }

  // ---- RecordRoute: client streaming ----

  @Test
  void recordRoute_blocking_countsPointsFeaturesAndDistance() {
    List<Point> route = List.of(at(0), point(520120000, 51220000), at(3), at(6));
    RouteSummary s = client.recordRoute(route);
    assertThat(s.getPointCount()).isEqualTo(4);
    assertThat(s.getFeatureCount()).isEqualTo(3);
    assertThat(s.getDistance()).isEqualTo(Features.distance(route.get(0), route.get(1))
        + Features.distance(route.get(1), route.get(2))
        + Features.distance(route.get(2), route.get(3)));
  }

  @Test
  void recordRoute_blocking_emptyRoute_summarisesNothing() {
    RouteSummary s = client.recordRoute(List.of());
    assertThat(s.getPointCount()).isZero();
    assertThat(s.getFeatureCount()).isZero();
    assertThat(s.getDistance()).isZero();
  }

  @Test
  void recordRoute_async_countsPointsAndFeatures() throws Exception {
    Collector<RouteSummary> summary = new Collector<>();
    StreamObserver<Point> points = async.recordRoute(summary);
    points.onNext(at(1));
    points.onNext(at(1));
    points.onNext(point(3, 4));
    points.onCompleted();
    List<RouteSummary> replies = summary.await();
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).getPointCount()).isEqualTo(3);
    assertThat(replies.get(0).getFeatureCount()).isEqualTo(2);
    assertThat(replies.get(0).getDistance()).isEqualTo(Features.distance(at(1), point(3, 4)));
  }

  // ---- RouteChat: bidi streaming ----

  @Test
  void routeChat_async_returnsTheEarlierNotesAtEachPoint() throws Exception {
    List<RouteNote> sent = List.of(note(at(0), "a1"), note(at(1), "b1"), note(at(0), "a2"),
        note(at(1), "b2"), note(at(0), "a3"));
    List<RouteNote> replies = client.routeChat(sent).get(30, TimeUnit.SECONDS);
    assertThat(replies).extracting(RouteNote::getMessage)
        .containsExactly("a1", "b1", "a1", "a2");
  }

  @Test
  void routeChat_blocking_repliesArriveBeforeTheClientHalfCloses() {
    try (BlockingClientCall<RouteNote, RouteNote> call = blocking.routeChat()) {
      assertThat(call.write(note(at(2), "first"))).isTrue();
      assertThat(call.write(note(at(2), "second"))).isTrue();
      assertThat(call.read().getMessage()).isEqualTo("first");
      assertThat(call.write(note(at(2), "third"))).isTrue();
      assertThat(call.read().getMessage()).isEqualTo("first");
      assertThat(call.read().getMessage()).isEqualTo("second");
      call.writesDone();
      assertThat(call.read()).isNull();
      assertThat(call.finish().code()).isEqualTo(Status.Code.OK);
    }
  }

  @Test
  void routeChat_notesOutliveTheCall_nextCallSeesThem() throws Exception {
    client.routeChat(List.of(note(at(5), "left earlier"))).get(30, TimeUnit.SECONDS);
    assertThat(client.routeChat(List.of(note(at(5), "now"))).get(30, TimeUnit.SECONDS))
        .extracting(RouteNote::getMessage).containsExactly("left earlier");
  }

  // ---- the client's tour: all four ----

  @Test
  void tour_makesEachCallAndPrintsIt() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      client.tour(out);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("GetFeature", "\"Sluice Gate One\"", "(no feature)")
        .contains("ListFeatures", "-> 4 features")
        .contains("RecordRoute 4 points -> 4 points, 3 features")
        .contains("RouteChat 4 notes -> 2 earlier notes", "\"first at A\"", "\"first at B\"");
  }
}
