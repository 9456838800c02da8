package dev.sluice.cli;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server and a client exchanging one call of each kind (unary, client streaming, server
 * streaming, bidi), printing what happens; then, over HTTP/2, a channel balancing calls over
 * three servers ({@link BalancingDemo}). Returns the number of calls that did not end OK.
 */
final class Demo {

  /** Where the demo's server and client talk. */
  enum Transport {
    /** HTTP/2 over loopback TCP. */
    H2,
    /** The in-process transport: no bytes on a wire. */
    INPROC
  }

  private final PrintStream out;
  private final Transport transport;

  Demo(PrintStream out, Transport transport) {
    this.out = out;
    this.transport = transport;
  }

  int run() throws Exception {
    ServerListener listener;
    if (transport == Transport.H2) {
      listener = NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0)).build();
    } else {
      listener = new InProcessServerListener("sluice-demo-" + ProcessHandle.current().pid());
    }
    Server server = DemoService.register(Server.builder())
        .listener(listener)
        .build()
        .start();
    String address = server.addresses().get(0);
    out.println("server: listening on " + address + " (" + describe(transport) + ")");
    Connector connector = transport == Transport.H2
        ? NettyConnector.forAddress(new InetSocketAddress("127.0.0.1",
            Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))).build()
        : new InProcessConnector(address);
    Channel channel = Channel.builder(connector).build();
    int failures = 0;
    try {
      failures += unary(channel);
      failures += clientStreaming(channel);
      failures += serverStreaming(channel);
      failures += bidi(channel);
    } finally {
      channel.shutdown();
      server.shutdown();
      channel.awaitTermination(Duration.ofSeconds(5));
      server.awaitTermination(Duration.ofSeconds(5));
    }
    out.println(failures == 0 ? "demo: all four calls completed OK"
        : "demo: " + failures + " call(s) failed");
    if (transport == Transport.H2) {
      failures += new BalancingDemo(out).run();
    } else {
      out.println("load balancing: skipped (it needs three servers on loopback TCP: run the "
          + "demo over HTTP/2, without --transport INPROC)");
    }
    return failures;
  }

  private static String describe(Transport t) {
    return t == Transport.H2 ? "Sluice's own HTTP/2 over loopback TCP" : "in-process transport";
  }

  private static CallOptions options() {
    return CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10));
  }

  private int unary(Channel channel) throws InterruptedException {
    Call call = channel.newCall(DemoService.UNARY, options());
    Batch b = Blocking.run(call, new Batch()
        .sendInitialMetadata(new Metadata())
        .sendMessage("Sluice")
        .sendCloseFromClient()
        .recvInitialMetadata()
        .recvMessage()
        .recvStatusOnClient());
    out.println("unary            " + DemoService.UNARY.fullName() + ": sent \"Sluice\", got \""
        + b.message() + "\" (served-by=" + b.initialMetadata().get("served-by") + "), "
        + describe(b.status()) + stats(call));
    return b.status().isOk() ? 0 : 1;
  }

  private int clientStreaming(Channel channel) throws InterruptedException {
    Call call = channel.newCall(DemoService.CLIENT_STREAMING, options());
    List<String> words = List.of("calls", "are", "batches", "of", "stream", "ops");
    Blocking.run(call, new Batch().sendInitialMetadata(new Metadata()));
    for (String w : words) {
      Blocking.run(call, new Batch().sendMessage(w));
    }
    Batch b = Blocking.run(call, new Batch()
        .sendCloseFromClient().recvMessage().recvStatusOnClient());
    out.println("client streaming " + DemoService.CLIENT_STREAMING.fullName() + ": sent "
        + words.size() + " messages, got \"" + b.message() + "\", " + describe(b.status()));
    return b.status().isOk() ? 0 : 1;
  }

  private int serverStreaming(Channel channel) throws InterruptedException {
    Call call = channel.newCall(DemoService.SERVER_STREAMING, options());
    Blocking.run(call, new Batch()
        .sendInitialMetadata(new Metadata()).sendMessage("5").sendCloseFromClient());
    List<String> got = new ArrayList<>();
    String m;
    while ((m = Blocking.run(call, new Batch().recvMessage()).message()) != null) {
      got.add(m);
    }
    Batch b = Blocking.run(call, new Batch().recvStatusOnClient());
    out.println("server streaming " + DemoService.SERVER_STREAMING.fullName()
        + ": sent \"5\", got " + got + ", " + describe(b.status()));
    return b.status().isOk() ? 0 : 1;
  }

  private int bidi(Channel channel) throws InterruptedException {
    Call call = channel.newCall(DemoService.BIDI, options());
    Blocking.run(call, new Batch().sendInitialMetadata(new Metadata()));
    List<String> replies = new ArrayList<>();
    for (String line : List.of("ping", "pong", "done")) {
      Blocking.run(call, new Batch().sendMessage(line));
      replies.add(Blocking.run(call, new Batch().recvMessage()).message());
    }
    Blocking.run(call, new Batch().sendCloseFromClient());
    String extra = Blocking.run(call, new Batch().recvMessage()).message();
    Batch b = Blocking.run(call, new Batch().recvStatusOnClient());
    out.println("bidi             " + DemoService.BIDI.fullName() + ": sent [ping, pong, done],"
        + " got " + replies + (extra == null ? "" : " and an extra " + extra) + ", "
        + describe(b.status()));
    return b.status().isOk() && extra == null ? 0 : 1;
  }

  private static String stats(Call call) {
    var st = call.stats();
    return st == null ? "" : " [" + (st.headerBytesSent() + st.dataBytesSent()
        + st.framingBytesSent()) + " B sent, " + (st.headerBytesReceived()
        + st.dataBytesReceived() + st.framingBytesReceived()) + " B received]";
  }

  private static String describe(Status s) {
    return "status " + s.code() + (s.description() == null ? "" : " (" + s.description() + ")");
  }
}
