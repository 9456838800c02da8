package dev.sluice.services.peer;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Empty;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Asks a server's health and reflection services through grpc-java's own generated stubs and
 * prints what it learned, one {@code key=value} line each, for a test to check. Arguments:
 * TARGET, then WATCHED: the service whose health it watches until that changes twice.
 */
public final class ServicesProbe {

  private ServicesProbe() {}

  public static void main(String[] args) throws Exception {
    ManagedChannel channel =
        Grpc.newChannelBuilder(args[0], InsecureChannelCredentials.create()).build();
    try {
      health(channel, args[1]);
      reflection(channel);
      richError(channel);
      print("done", "ok");
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static void print(String key, Object value) {
    System.out.println(key + "=" + value);
    System.out.flush();
  }

  private static void health(ManagedChannel channel, String watched) throws Exception {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
    print("health.check.overall", health.check(HealthCheckRequest.getDefaultInstance())
        .getStatus());
    try {
      health.check(HealthCheckRequest.newBuilder().setService("no.Such").build());
      print("health.check.unknown", "answered");
    } catch (StatusRuntimeException e) {
      print("health.check.unknown", e.getStatus().getCode());
    }
    Iterator<HealthCheckResponse> watch = HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .watch(HealthCheckRequest.newBuilder().setService(watched).build());
    // The test changes the status each time it reads a line, so these are the transitions.
    print("health.watch.1", watch.next().getStatus());
    print("health.watch.2", watch.next().getStatus());
    print("health.watch.3", watch.next().getStatus());
  }

  private static void reflection(ManagedChannel channel) throws Exception {
    BlockingQueue<ServerReflectionResponse> answers = new LinkedBlockingQueue<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override public void onNext(ServerReflectionResponse r) {
            answers.add(r);
          }
          @Override public void onError(Throwable t) {
            print("reflection.error", t);
          }
          @Override public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    List<String> names = new ArrayList<>();
    for (ServiceResponse s : take(answers).getListServicesResponse().getServiceList()) {
      names.add(s.getName());
    }
    print("reflection.services", String.join(",", names));
    requests.onNext(ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("sluice.test.Echo").build());
    print("reflection.symbol.files", files(take(answers)));
    requests.onNext(ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("sluice.test.middle.Wrapper.Nested.Kind").build());
    print("reflection.nestedEnum.files", files(take(answers)));
    requests.onNext(ServerReflectionRequest.newBuilder()
        .setFileByFilename("no/such.proto").build());
    print("reflection.missing.code", take(answers).getErrorResponse().getErrorCode());
    requests.onCompleted();
  }

  private static ServerReflectionResponse take(BlockingQueue<ServerReflectionResponse> q)
      throws InterruptedException {
    ServerReflectionResponse r = q.poll(20, TimeUnit.SECONDS);
    if (r == null) {
      throw new IllegalStateException("No reflection answer within 20 s");
    }
    return r;
  }

  private static String files(ServerReflectionResponse r) throws Exception {
    List<String> names = new ArrayList<>();
    for (ByteString b : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      names.add(FileDescriptorProto.parseFrom(b).getName());
    }
    return String.join(",", names);
  }

  /** Calls sluice.test.Errors/Fail, which fails with a google.rpc.Status. */
  private static void richError(ManagedChannel channel) {
    MethodDescriptor<Empty, Empty> fail = MethodDescriptor.<Empty, Empty>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("sluice.test.Errors/Fail")
        .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
        .build();
    try {
      ClientCalls.blockingUnaryCall(channel, fail,
          CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
          Empty.getDefaultInstance());
      print("rich", "no error");
    } catch (StatusRuntimeException e) {
      com.google.rpc.Status rich = StatusProto.fromThrowable(e);
      print("rich.grpcCode", e.getStatus().getCode());
      print("rich.code", rich == null ? "none" : rich.getCode());
      print("rich.message", rich == null ? "none" : rich.getMessage());
      try {
        print("rich.reason", rich == null ? "none"
            : rich.getDetails(0).unpack(ErrorInfo.class).getReason());
      } catch (Exception ex) {
        print("rich.reason", ex);
      }
    }
  }
}
