package dev.sluice.cli;

import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.cli.test.Item;
import dev.sluice.cli.test.ShopSluice;
import dev.sluice.cli.test.Total;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.TlsConfig;
import dev.sluice.services.health.HealthStatusManager;
import dev.sluice.services.reflection.ProtoReflectionService;
import dev.sluice.stub.ServerContext;
import dev.sluice.stub.ServerReader;
import dev.sluice.stub.ServerReaderWriter;
import dev.sluice.stub.ServerWriter;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A Sluice server over HTTP/2 on loopback with the Shop service, health and reflection. */
final class ShopServer implements AutoCloseable {

  final HealthStatusManager health = new HealthStatusManager();
  final Server server;

  /** Which reflection services the server has. */
  enum Reflection { NONE, V1ALPHA_ONLY, BOTH }

  ShopServer(boolean reflection) throws Exception {
    this(reflection ? Reflection.BOTH : Reflection.NONE);
  }

  ShopServer(Reflection reflection) throws Exception {
    this(reflection, null);
  }

  /** With {@code tls} (null: plaintext). */
  ShopServer(Reflection reflection, TlsConfig tls) throws Exception {
    NettyServerListener.Builder listener =
        NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0));
    if (tls != null) {
      listener.tls(tls);
    }
    Server.Builder b = Server.builder().listener(listener.build());
    new Shop().bindService().addTo(b);
    health.healthService().addTo(b);
    switch (reflection) {
      case BOTH -> ProtoReflectionService.create().addTo(b);
      case V1ALPHA_ONLY -> ProtoReflectionService.create().v1alpha().addTo(b);
      case NONE -> { }
    }
    server = b.build().start();
  }

  /** {@code 127.0.0.1:port}. */
  String target() {
    return server.addresses().get(0);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(Duration.ofSeconds(20));
  }

  static final class Shop extends ShopSluice.ShopBlockingImplBase {
    @Override
    public Item echo(Item request, ServerContext context) {
      if (request.getName().equals("fail")) {
        throw Status.FAILED_PRECONDITION.withDescription("no such item").asException();
      }
      context.trailers().add("shop-note", "echoed");
      return request;
    }

    @Override
    public void repeat(Item request, ServerWriter<Item> responses) throws Exception {
      for (int i = 1; i <= request.getCount(); i++) {
        responses.write(request.toBuilder().setCount(i).build());
      }
    }

    @Override
    public Total sum(ServerReader<Item> requests) throws Exception {
      Total.Builder t = Total.newBuilder();
      for (Item item; (item = requests.read()) != null; ) {
        t.setItems(t.getItems() + 1).setCount(t.getCount() + item.getCount());
      }
      return t.build();
    }

    @Override
    public void chat(ServerReaderWriter<Item, Item> stream) throws Exception {
      for (Item item; (item = stream.read()) != null; ) {
        stream.write(item);
      }
    }
  }
}
