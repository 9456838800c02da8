package dev.sluice.cli;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server and a client exchanging one call of each kind (unary, client streaming, server
 * streaming, bidi), printing what happens. Returns the number of calls that did not end OK.
 */
final class Demo {

  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  int run() throws Exception {
    String name = "sluice-demo-" + ProcessHandle.current().pid();
    Server server = DemoService.register(Server.builder())
        .listener(new InProcessServerListener(name))
        .build()
        .start();
    out.println("server: listening on " + server.addresses());
    Channel channel = Channel.builder(new InProcessConnector(name)).build();
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
    return failures;
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
        + describe(b.status()));
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

  private static String describe(Status s) {
    return "status " + s.code() + (s.description() == null ? "" : " (" + s.description() + ")");
  }
}
