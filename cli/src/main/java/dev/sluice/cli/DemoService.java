package dev.sluice.cli;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's service: one method of each kind, written on the core batch API. Handlers run on the
 * server's executor, so they may wait for their batches.
 */
final class DemoService {

  static final String SERVICE = "sluice.demo.Echo";
  static final MethodDescriptor<String, String> UNARY = method("Say", MethodType.UNARY);
  static final MethodDescriptor<String, String> CLIENT_STREAMING =
      method("Collect", MethodType.CLIENT_STREAMING);
  static final MethodDescriptor<String, String> SERVER_STREAMING =
      method("Count", MethodType.SERVER_STREAMING);
  static final MethodDescriptor<String, String> BIDI = method("Chat", MethodType.BIDI_STREAMING);

  private DemoService() {}

  private static MethodDescriptor<String, String> method(String name, MethodType type) {
    return MethodDescriptor.create(SERVICE + "/" + name, type, Utf8Marshaller.INSTANCE,
        Utf8Marshaller.INSTANCE);
  }

  static Server.Builder register(Server.Builder b) {
    return b.addMethod(UNARY, DemoService::say)
        .addMethod(CLIENT_STREAMING, DemoService::collect)
        .addMethod(SERVER_STREAMING, DemoService::count)
        .addMethod(BIDI, DemoService::chat);
  }

  /** Unary: greets the name it is sent. */
  private static void say(Call call) throws InterruptedException {
    say(call, "sluice-demo");
  }

  /** Unary: greets the name it is sent, naming the server in the {@code served-by} header. */
  static void say(Call call, String servedBy) throws InterruptedException {
    String name = Blocking.run(call, new Batch().recvMessage()).message();
    Blocking.run(call, new Batch()
        .sendInitialMetadata(new Metadata().add("served-by", servedBy))
        .sendMessage("Hello, " + name + "!")
        .sendStatusFromServer(Status.OK, new Metadata()));
  }

  /** Client streaming: joins every word it is sent. */
  private static void collect(Call call) throws InterruptedException {
    List<String> words = new ArrayList<>();
    String w;
    while ((w = Blocking.run(call, new Batch().recvMessage()).message()) != null) {
      words.add(w);
    }
    Blocking.run(call, new Batch()
        .sendMessage(words.size() + " words: " + String.join(" ", words))
        .sendStatusFromServer(Status.OK, new Metadata()));
  }

  /** Server streaming: counts up to the number it is sent. */
  private static void count(Call call) throws InterruptedException {
    int n = Integer.parseInt(Blocking.run(call, new Batch().recvMessage()).message());
    for (int i = 1; i <= n; i++) {
      Blocking.run(call, new Batch().sendMessage(Integer.toString(i)));
    }
    Blocking.run(call, new Batch().sendStatusFromServer(Status.OK, new Metadata()));
  }

  /** Bidi: answers each line as it comes, until the client half-closes. */
  private static void chat(Call call) throws InterruptedException {
    String line;
    while ((line = Blocking.run(call, new Batch().recvMessage()).message()) != null) {
      Blocking.run(call, new Batch().sendMessage(line.toUpperCase(java.util.Locale.ROOT)));
    }
    Blocking.run(call, new Batch().sendStatusFromServer(Status.OK, new Metadata()));
  }
}
