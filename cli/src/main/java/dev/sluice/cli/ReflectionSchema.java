package dev.sluice.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.services.reflection.v1.ServerReflectionRequest;
import dev.sluice.services.reflection.v1.ServerReflectionResponse;
import dev.sluice.services.reflection.v1.ServerReflectionSluice;
import dev.sluice.services.reflection.v1.ServiceResponse;
import dev.sluice.stub.BlockingClientCall;
import dev.sluice.stub.ClientCalls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server's schema through server reflection, on one stream: v1 first, v1alpha when the
 * server has only that.
 */
final class ReflectionSchema implements Schema {

  private final Channel channel;
  private final CallOptions options;
  private final Metadata headers;
  private final DescriptorPool pool = new DescriptorPool();
  private BlockingClientCall<ServerReflectionRequest, ServerReflectionResponse> stream;
  private boolean alpha;
  private BlockingClientCall<dev.sluice.services.reflection.v1alpha.ServerReflectionRequest,
      dev.sluice.services.reflection.v1alpha.ServerReflectionResponse> alphaStream;

  ReflectionSchema(Channel channel, CallOptions options, Metadata headers) {
    this.channel = channel;
    this.options = options;
    this.headers = headers;
  }

  @Override
  public List<String> services() {
    ServerReflectionResponse r = ask(ServerReflectionRequest.newBuilder().setListServices(""));
    List<String> names = new ArrayList<>();
    for (ServiceResponse s : r.getListServicesResponse().getServiceList()) {
      names.add(s.getName());
    }
    Collections.sort(names);
    return names;
  }

  @Override
  public FileDescriptor fileDefining(String symbol) {
    String name = symbol.replace('/', '.');
    ServerReflectionResponse r =
        ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol(name));
    if (r.hasErrorResponse()) {
      throw CliFailure.local("Symbol not found: " + symbol + " (the server says: "
          + r.getErrorResponse().getErrorMessage() + ")");
    }
    List<FileDescriptorProto> files = addAll(r);
    return pool.file(files.get(0).getName(), this::fetch);
  }

  @Override
  public TypeRegistry typeRegistry() {
    return pool.typeRegistry();
  }

  private FileDescriptorProto fetch(String fileName) {
    ServerReflectionResponse r =
        ask(ServerReflectionRequest.newBuilder().setFileByFilename(fileName));
    if (r.hasErrorResponse()) {
      return null;
    }
    for (FileDescriptorProto f : addAll(r)) {
      if (f.getName().equals(fileName)) {
        return f;
      }
    }
    return null;
  }

  private List<FileDescriptorProto> addAll(ServerReflectionResponse r) {
    List<FileDescriptorProto> out = new ArrayList<>();
    for (ByteString b : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      try {
        FileDescriptorProto f = FileDescriptorProto.parseFrom(b);
        pool.add(f);
        out.add(f);
      } catch (InvalidProtocolBufferException e) {
        throw CliFailure.local("The server sent a file descriptor that does not parse", e);
      }
    }
    if (out.isEmpty()) {
      throw CliFailure.local("The server's reflection answer has no file: " + r);
    }
    return out;
  }

  /** One question and its answer; a failed stream ends the command with its status. */
  private ServerReflectionResponse ask(ServerReflectionRequest.Builder request) {
    ServerReflectionRequest q = request.build();
    if (!alpha) {
      if (stream == null) {
        stream = ClientCalls.blockingCall(channel,
            ServerReflectionSluice.SERVER_REFLECTION_INFO, options, headers);
      }
      ServerReflectionResponse r = stream.write(q) ? stream.read() : null;
      if (r != null) {
        return r;
      }
      Status status = stream.finish();
      stream = null;
      if (status.code() != Status.Code.UNIMPLEMENTED) {
        throw status.asException();
      }
      alpha = true;
    }
    if (alphaStream == null) {
      alphaStream = ClientCalls.blockingCall(channel,
          dev.sluice.services.reflection.v1alpha.ServerReflectionSluice.SERVER_REFLECTION_INFO,
          options, headers);
    }
    try {
      var alphaQ = dev.sluice.services.reflection.v1alpha.ServerReflectionRequest
          .parseFrom(q.toByteString());
      var r = alphaStream.write(alphaQ) ? alphaStream.read() : null;
      if (r == null) {
        Status status = alphaStream.finish();
        alphaStream = null;
        throw (status.isOk() ? Status.INTERNAL.withDescription(
            "The server ended the reflection stream early") : status).asException();
      }
      return ServerReflectionResponse.parseFrom(r.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("v1 and v1alpha reflection messages differ", e);
    }
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.writesDone();
      stream.close();
    }
    if (alphaStream != null) {
      alphaStream.writesDone();
      alphaStream.close();
    }
  }
}
