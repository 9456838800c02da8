package dev.sluice.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Empty;
import com.google.rpc.ErrorInfo;
import dev.sluice.Channel;
import dev.sluice.MethodDescriptor;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.protobuf.ProtoMarshaller;
import dev.sluice.protobuf.StatusProto;
import dev.sluice.services.health.HealthStatusManager;
import dev.sluice.services.health.v1.HealthCheckRequest;
import dev.sluice.services.health.v1.HealthCheckResponse.ServingStatus;
import dev.sluice.services.health.v1.HealthSluice;
import dev.sluice.services.reflection.ProtoReflectionService;
import dev.sluice.services.reflection.v1.ServerReflectionRequest;
import dev.sluice.services.reflection.v1.ServerReflectionResponse;
import dev.sluice.services.reflection.v1.ServerReflectionSluice;
import dev.sluice.services.reflection.v1.ServiceResponse;
import dev.sluice.services.test.EchoSluice;
import dev.sluice.stub.BlockingClientCall;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sluice's health, reflection and rich errors against grpc-java 1.85.1 (grpc-services), each
 * side in its own process: grpc-java's generated stubs ask a Sluice server, and Sluice's stubs
 * ask a grpc-java server with HealthStatusManager and ProtoReflectionServiceV1.
 */
@Timeout(180)
class GrpcJavaInteropTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final MethodDescriptor<Empty, Empty> SLUICE_FAIL = MethodDescriptor.create(
      "sluice.test.Errors/Fail", MethodDescriptor.MethodType.UNARY,
      ProtoMarshaller.of(Empty.getDefaultInstance()),
      ProtoMarshaller.of(Empty.getDefaultInstance()));

  @Test
  void grpcJavaStubs_askSluicesHealthReflectionAndRichErrors() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("sluice.test.Echo", ServingStatus.NOT_SERVING);
    com.google.rpc.Status rich = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.ABORTED.value()).setMessage("sluice says: try later")
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("FROM_SLUICE").build())).build();
    Server.Builder b = Server.builder().listener(
        NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0)).build());
    new EchoSluice.EchoAsyncImplBase() {}.bindService().addTo(b);
    health.healthService().addTo(b);
    ProtoReflectionService.create().addTo(b);
    b.addMethod(SLUICE_FAIL, ServerCalls.<Empty, Empty>unary((request, context) -> {
      throw StatusProto.toStatusException(rich);
    }));
    Server server = b.build().start();
    try (GrpcJavaPeer probe = GrpcJavaPeer.start(GrpcJavaPeer.defaultDir(), "ServicesProbe",
        server.addresses().get(0), "sluice.test.Echo")) {
      assertThat(probe.await("health.check.overall", WAIT)).isEqualTo("SERVING");
      assertThat(probe.await("health.check.unknown", WAIT)).isEqualTo("NOT_FOUND");
      assertThat(probe.await("health.watch.1", WAIT)).isEqualTo("NOT_SERVING");
      health.setStatus("sluice.test.Echo", ServingStatus.SERVING);
      assertThat(probe.await("health.watch.2", WAIT)).isEqualTo("SERVING");
      health.clearStatus("sluice.test.Echo");
      assertThat(probe.await("health.watch.3", WAIT)).isEqualTo("SERVICE_UNKNOWN");
      assertThat(probe.await("reflection.services", WAIT)).isEqualTo("grpc.health.v1.Health,"
          + "grpc.reflection.v1.ServerReflection,grpc.reflection.v1alpha.ServerReflection,"
          + "sluice.test.Echo");
      assertThat(probe.await("reflection.symbol.files", WAIT))
          .isEqualTo("sluice/test/echo.proto,sluice/test/middle.proto,sluice/test/base.proto");
      assertThat(probe.await("reflection.nestedEnum.files", WAIT))
          .isEqualTo("sluice/test/middle.proto");
      assertThat(probe.await("reflection.missing.code", WAIT)).isEqualTo("5");
      assertThat(probe.await("rich.grpcCode", WAIT)).isEqualTo("ABORTED");
      assertThat(probe.await("rich.code", WAIT)).isEqualTo("10");
      assertThat(probe.await("rich.message", WAIT)).isEqualTo("sluice says: try later");
      assertThat(probe.await("rich.reason", WAIT)).isEqualTo("FROM_SLUICE");
      assertThat(probe.await("done", WAIT)).isEqualTo("ok");
      assertThat(probe.awaitExit(WAIT)).isZero();
    } finally {
      server.shutdownNow();
      server.awaitTermination(WAIT);
    }
  }

  @Test
  void sluiceStubs_askGrpcJavasHealthReflectionAndRichErrors() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (GrpcJavaPeer peer = GrpcJavaPeer.start(GrpcJavaPeer.defaultDir(), "ServicesServer",
        Integer.toString(port))) {
      assertThat(peer.await("listening", WAIT)).isEqualTo(Integer.toString(port));
      Channel channel = Channel.forTarget("127.0.0.1:" + port);
      try {
        HealthSluice.HealthBlockingStub health =
            HealthSluice.newBlockingStub(channel).withTimeout(WAIT);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
            .isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("peer.Down").build())
            .getStatus()).isEqualTo(ServingStatus.NOT_SERVING);

        try (BlockingClientCall<ServerReflectionRequest, ServerReflectionResponse> stream =
            ServerReflectionSluice.newBlockingStub(channel).withTimeout(WAIT)
                .serverReflectionInfo()) {
          stream.write(ServerReflectionRequest.newBuilder().setListServices("").build());
          List<String> names = new ArrayList<>();
          for (ServiceResponse s : stream.read().getListServicesResponse().getServiceList()) {
            names.add(s.getName());
          }
          assertThat(names).contains("grpc.health.v1.Health",
              "grpc.reflection.v1.ServerReflection");
          stream.write(ServerReflectionRequest.newBuilder()
              .setFileContainingSymbol("grpc.health.v1.Health").build());
          List<String> files = new ArrayList<>();
          for (ByteString f : stream.read().getFileDescriptorResponse()
              .getFileDescriptorProtoList()) {
            files.add(FileDescriptorProto.parseFrom(f).getName());
          }
          assertThat(files).first().isEqualTo("grpc/health/v1/health.proto");
          stream.write(ServerReflectionRequest.newBuilder()
              .setFileContainingSymbol("no.Such").build());
          assertThat(stream.read().getErrorResponse().getErrorCode()).isEqualTo(5);
          assertThat(stream.finish().isOk()).isTrue();
        }

        MethodDescriptor<Empty, Empty> fail = MethodDescriptor.create("peer.Errors/Fail",
            MethodDescriptor.MethodType.UNARY, ProtoMarshaller.of(Empty.getDefaultInstance()),
            ProtoMarshaller.of(Empty.getDefaultInstance()));
        StatusException e = catchThrowableOfType(StatusException.class,
            () -> ClientCalls.blockingUnary(channel, fail,
                dev.sluice.CallOptions.DEFAULT.withTimeout(WAIT), Empty.getDefaultInstance()));
        assertThat(e.status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        com.google.rpc.Status rich = StatusProto.fromThrowable(e);
        assertThat(rich.getMessage()).isEqualTo("grpc-java says: slow down");
        assertThat(StatusProto.detail(rich, ErrorInfo.class).getReason())
            .isEqualTo("FROM_GRPC_JAVA");
      } finally {
        channel.shutdownNow();
        channel.awaitTermination(WAIT);
      }
    }
  }
}
