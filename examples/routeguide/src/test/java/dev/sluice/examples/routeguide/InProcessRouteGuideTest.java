package dev.sluice.examples.routeguide;

import dev.sluice.Channel;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.util.UUID;

/** The route guide over the in-process transport. */
class InProcessRouteGuideTest extends RouteGuideTests {

  @Override
  Endpoints start() throws Exception {
    String name = "routeguide-" + UUID.randomUUID();
    return new Endpoints(RouteGuideServer.start(new InProcessServerListener(name)),
        Channel.builder(new InProcessConnector(name)).build());
  }
}
