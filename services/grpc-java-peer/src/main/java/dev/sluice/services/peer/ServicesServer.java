package dev.sluice.services.peer;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.rpc.ErrorInfo;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ServerCalls;

/**
 * A grpc-java server with grpc-java's HealthStatusManager and ProtoReflectionServiceV1, and
 * {@code peer.Errors/Fail}, which fails with a google.rpc.Status. Argument: PORT. Health:
 * {@code ""} SERVING, {@code peer.Down} NOT_SERVING. Prints {@code listening=PORT}, then serves
 * until killed.
 */
public final class ServicesServer {

  private ServicesServer() {}

  public static void main(String[] args) throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("peer.Down", ServingStatus.NOT_SERVING);
    MethodDescriptor<Empty, Empty> fail = MethodDescriptor.<Empty, Empty>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("peer.Errors/Fail")
        .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
        .build();
    com.google.rpc.Status rich = com.google.rpc.Status.newBuilder()
        .setCode(com.google.rpc.Code.RESOURCE_EXHAUSTED.getNumber())
        .setMessage("grpc-java says: slow down")
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("FROM_GRPC_JAVA")
            .setDomain("peer").build()))
        .build();
    ServerServiceDefinition errors = ServerServiceDefinition.builder("peer.Errors")
        .addMethod(fail, ServerCalls.asyncUnaryCall(
            (request, responses) -> responses.onError(StatusProto.toStatusRuntimeException(rich))))
        .build();
    Server server = Grpc.newServerBuilderForPort(Integer.parseInt(args[0]),
            InsecureServerCredentials.create())
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(errors)
        .build()
        .start();
    System.out.println("listening=" + server.getPort());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    server.awaitTermination();
  }
}
