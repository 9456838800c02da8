package dev.sluice.examples.helloworld;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import dev.sluice.stub.ServiceDefinition;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The greeter over the in-process transport, and the example's {@code main}. */
class HelloWorldTest extends HelloWorldTests {

  private final String name = "helloworld-" + UUID.randomUUID();

  @Override
  Endpoints start(ServiceDefinition service) throws Exception {
    Server.Builder b = Server.builder().listener(new InProcessServerListener(name));
    return new Endpoints(service.addTo(b).build().start(),
        Channel.builder(new InProcessConnector(name)).build());
  }

  @Test
  void main_inProcess_printsBothGreetingsWithoutFailing() throws Exception {
    serve(new GreeterService().bindService());
    HelloWorldClient.main(new String[] {name, "main"});
  }
}
