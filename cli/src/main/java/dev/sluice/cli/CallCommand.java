package dev.sluice.cli;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.Status;
import dev.sluice.protobuf.ProtoMarshaller;
import dev.sluice.protobuf.StatusProto;
import dev.sluice.stub.BlockingClientCall;
import dev.sluice.stub.ClientCalls;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice call TARGET METHOD -d JSON}. */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = "Call a method with JSON requests; print each response as JSON.")
final class CallCommand extends RpcCommand {

  @Parameters(index = "0", paramLabel = "TARGET", description = "The server.")
  String target;

  @Parameters(index = "1", paramLabel = "METHOD",
      description = "pkg.Service/Method (or pkg.Service.Method).")
  String method;

  @Option(names = {"-d", "--data"}, paramLabel = "JSON",
      description = "The request as JSON (default {}); @FILE reads the requests from a file and "
          + "@- from standard input, as a stream of JSON objects (one per message, for client "
          + "and bidi streaming).")
  String data = "{}";

  @Mixin
  SchemaOptions schemaOptions = new SchemaOptions();

  @Override
  String target() {
    return target;
  }

  @Override
  int run(Channel channel) throws Exception {
    Metadata headers = connection.metadata();
    try (Schema schema = schemaOptions.open(channel,
        connection.callOptions(DEFAULT_DEADLINE), headers)) {
      GenericDescriptor d = schema.find(method);
      if (!(d instanceof com.google.protobuf.Descriptors.MethodDescriptor m)) {
        throw CliFailure.local(method + " is not a method");
      }
      TypeRegistry types = schema.typeRegistry();
      try (Reader requests = openData()) {
        return call(channel, m, types, new JsonObjects(requests), headers);
      }
    }
  }

  private int call(Channel channel, com.google.protobuf.Descriptors.MethodDescriptor m,
      TypeRegistry types, JsonObjects requests, Metadata headers) throws Exception {
    boolean clientStreams = m.toProto().getClientStreaming();
    boolean serverStreams = m.toProto().getServerStreaming();
    MethodDescriptor<DynamicMessage, DynamicMessage> md = MethodDescriptor.create(
        MethodDescriptor.fullName(m.getService().getFullName(), m.getName()),
        clientStreams
            ? (serverStreams ? MethodDescriptor.MethodType.BIDI_STREAMING
                : MethodDescriptor.MethodType.CLIENT_STREAMING)
            : (serverStreams ? MethodDescriptor.MethodType.SERVER_STREAMING
                : MethodDescriptor.MethodType.UNARY),
        ProtoMarshaller.of(DynamicMessage.getDefaultInstance(m.getInputType())),
        ProtoMarshaller.of(DynamicMessage.getDefaultInstance(m.getOutputType())));
    JsonFormat.Parser parser = JsonFormat.parser().usingTypeRegistry(types);
    JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(types);
    // A unary or server-streaming call takes exactly one request: read it before calling, so
    // bad JSON never reaches the server.
    DynamicMessage first = null;
    if (!clientStreams) {
      String text = requests.next();
      first = parse(parser, m.getInputType(), text == null ? "{}" : text, 1);
      if (requests.next() != null) {
        throw CliFailure.local(m.getFullName() + " takes one request, but the input has more");
      }
    }
    BlockingClientCall<DynamicMessage, DynamicMessage> call = ClientCalls.blockingCall(channel,
        md, connection.callOptions(null), headers);
    try {
      CompletableFuture<Void> writer;
      if (first != null) {
        call.write(first);
        call.writesDone();
        writer = CompletableFuture.completedFuture(null);
      } else {
        writer = CompletableFuture.runAsync(() -> writeAll(call, parser, m.getInputType(),
            requests));
        // Bad input ends the call, so that the reads below stop waiting for responses.
        writer.whenComplete((v, e) -> {
          if (e != null) {
            call.cancel("The requests could not be read");
          }
        });
      }
      for (DynamicMessage r; (r = call.read()) != null; ) {
        out().println(printer.print(r));
        out().flush();
      }
      try {
        writer.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
      Status status = call.finish();
      if (connection.verbose) {
        printMetadata("Response headers", call.headers());
        printMetadata("Response trailers", call.trailers());
      }
      if (!status.isOk()) {
        reportFailure(status, types);
      }
      return ExitCodes.of(status);
    } finally {
      call.close();
    }
  }

  private void writeAll(BlockingClientCall<DynamicMessage, DynamicMessage> call,
      JsonFormat.Parser parser, Descriptor type, JsonObjects requests) {
    try {
      for (String text; (text = requests.next()) != null; ) {
        if (!call.write(parse(parser, type, text, requests.count()))) {
          return; // the call is over; its status tells why
        }
      }
      call.writesDone();
    } catch (IOException e) {
      throw CliFailure.local("Cannot read the requests: " + e.getMessage(), e);
    }
  }

  private static DynamicMessage parse(JsonFormat.Parser parser, Descriptor type, String json,
      int index) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    try {
      parser.merge(json, b);
    } catch (InvalidProtocolBufferException e) {
      throw CliFailure.local("Bad JSON in request " + index + " for " + type.getFullName()
          + ": " + e.getMessage(), e);
    }
    return b.build();
  }

  private Reader openData() throws IOException {
    if (data.equals("@-")) {
      return new InputStreamReader(root.in, StandardCharsets.UTF_8);
    }
    if (data.startsWith("@")) {
      try {
        return Files.newBufferedReader(Path.of(data.substring(1)), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw CliFailure.local("No such file: " + data.substring(1));
      }
    }
    return new StringReader(data);
  }

  private void printMetadata(String title, Metadata m) {
    err().println(title + ":");
    if (m != null) {
      for (Metadata.Entry e : m.entries()) {
        err().println("  " + e.key() + ": " + (e.isBinary()
            ? java.util.Base64.getEncoder().encodeToString(e.binaryValue()) : e.stringValue()));
      }
    }
  }

  /** The status, and the rich error details when the server sent some. */
  private void reportFailure(Status status, TypeRegistry types) {
    err().println("ERROR: " + status.code() + (status.description() == null ? ""
        : ": " + status.description()));
    com.google.rpc.Status rich;
    try {
      rich = StatusProto.fromStatus(status);
    } catch (IllegalArgumentException e) {
      err().println("  (the status details do not parse: " + e.getMessage() + ")");
      return;
    }
    if (rich == null) {
      return;
    }
    JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(
        TypeRegistry.newBuilder().add(com.google.rpc.ErrorInfo.getDescriptor().getFile()
            .getMessageTypes()).build());
    for (Any detail : rich.getDetailsList()) {
      try {
        err().println("  detail: " + printer.print(detail).replaceAll("\\s*\\n\\s*", " "));
      } catch (InvalidProtocolBufferException e) {
        err().println("  detail: " + detail.getTypeUrl());
      }
    }
  }
}
