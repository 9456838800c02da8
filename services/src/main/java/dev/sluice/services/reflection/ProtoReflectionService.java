package dev.sluice.services.reflection;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sluice.Call;
import dev.sluice.MethodDescriptor;
import dev.sluice.Server;
import dev.sluice.ServerCallHandler;
import dev.sluice.Status;
import dev.sluice.protobuf.ProtoMethodSchema;
import dev.sluice.services.reflection.v1.ServerReflectionRequest;
import dev.sluice.services.reflection.v1.ServerReflectionResponse;
import dev.sluice.services.reflection.v1.ServerReflectionSluice;
import dev.sluice.stub.ServerCallStreamObserver;
import dev.sluice.stub.ServiceDefinition;
import dev.sluice.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * gRPC server reflection ({@code grpc.reflection.v1.ServerReflection} and the older
 * {@code grpc.reflection.v1alpha} one, which older tools still use): tells clients such as
 * {@code sluice list} or grpcurl which services the server serves and what their messages look
 * like.
 *
 * <p>It describes every service of the server whose methods carry a {@link ProtoMethodSchema},
 * which the code that sluice-compiler generates attaches: registering generated services and
 * this one is all it takes.
 *
 * <pre>{@code
 * Server.Builder builder = Server.builder().listener(...);
 * greeter.bindService().addTo(builder);
 * ProtoReflectionService.create().addTo(builder);
 * }</pre>
 *
 * <p>One instance serves one server: it learns the server when the server is built. Thread-safe.
 */
public final class ProtoReflectionService {

  private final Object lock = new Object();
  private Server server;
  private SchemaIndex index;

  private ProtoReflectionService() {}

  /** {@return a reflection service, to register on one server} */
  public static ProtoReflectionService create() {
    return new ProtoReflectionService();
  }

  /**
   * Registers both versions of the service on {@code builder}; returns it for chaining.
   *
   * @param builder the server to offer reflection on; the services it lists are those registered on
   *     it
   * @return {@code builder}
   */
  public Server.Builder addTo(Server.Builder builder) {
    v1().addTo(builder);
    v1alpha().addTo(builder);
    return builder;
  }

  /**
   * {@code grpc.reflection.v1.ServerReflection}.
   *
   * @return the service definition of {@code grpc.reflection.v1.ServerReflection}, the version
   *     current clients ask for
   */
  public ServiceDefinition v1() {
    return serverAware(new ServerReflectionSluice.ServerReflectionAsyncImplBase() {
      @Override
      public StreamObserver<ServerReflectionRequest> serverReflectionInfo(
          ServerCallStreamObserver<ServerReflectionResponse> responses) {
        return answering(responses, Function.identity(), Function.identity());
      }
    }.bindService());
  }

  /**
   * {@code grpc.reflection.v1alpha.ServerReflection}: the same messages, another package.
   *
   * @return the service definition of {@code grpc.reflection.v1alpha.ServerReflection}, which older
   *     tools such as grpcurl still use
   */
  public ServiceDefinition v1alpha() {
    return serverAware(new dev.sluice.services.reflection.v1alpha.ServerReflectionSluice
        .ServerReflectionAsyncImplBase() {
      @Override
      public StreamObserver<dev.sluice.services.reflection.v1alpha.ServerReflectionRequest>
          serverReflectionInfo(ServerCallStreamObserver<
              dev.sluice.services.reflection.v1alpha.ServerReflectionResponse> responses) {
        return answering(responses,
            r -> reparse(r, ServerReflectionRequest.parser()),
            r -> reparse(r, dev.sluice.services.reflection.v1alpha.ServerReflectionResponse
                .parser()));
      }
    }.bindService());
  }

  /**
   * The request observer of one stream: each request answered in order; the stream completes
   * when the client half-closes. {@code in} and {@code out} convert between the version's
   * messages and v1's, which have the same fields.
   */
  private <Q, A> StreamObserver<Q> answering(ServerCallStreamObserver<A> responses,
      Function<Q, ServerReflectionRequest> in, Function<ServerReflectionResponse, A> out) {
    SchemaIndex schema;
    try {
      schema = index();
    } catch (RuntimeException e) {
      responses.onError(Status.INTERNAL
          .withDescription("Reflection could not read the server's schema: " + e).asException());
      return new StreamObserver<>() {
        @Override public void onNext(Q value) {}
        @Override public void onError(Throwable t) {}
        @Override public void onCompleted() {}
      };
    }
    ReflectionStream stream = new ReflectionStream(schema);
    return new StreamObserver<>() {
      @Override
      public void onNext(Q request) {
        responses.onNext(out.apply(stream.answer(in.apply(request))));
      }

      @Override
      public void onError(Throwable t) {
        // The client cancelled; there is nobody to answer.
      }

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  private static <T> T reparse(com.google.protobuf.MessageLite message,
      com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(message.toByteString());
    } catch (InvalidProtocolBufferException e) {
      // The two versions' messages are the same on the wire, so this cannot happen.
      throw new IllegalStateException("v1 and v1alpha reflection messages differ", e);
    }
  }

  /** The index of the server's schema, made at the first question (the server is built). */
  private SchemaIndex index() {
    synchronized (lock) {
      if (index == null) {
        if (server == null) {
          throw new IllegalStateException("the reflection service was not registered on a server");
        }
        Map<String, FileDescriptor> files = new LinkedHashMap<>();
        List<String> services = new ArrayList<>();
        for (MethodDescriptor<?, ?> m : server.methods()) {
          if (m.schemaDescriptor() instanceof ProtoMethodSchema schema) {
            FileDescriptor file = schema.fileDescriptor();
            files.putIfAbsent(file.getName(), file);
            services.add(schema.serviceDescriptor().getFullName());
          }
        }
        index = new SchemaIndex(services, files.values());
      }
      return index;
    }
  }

  private void serverBuilt(Server built) {
    synchronized (lock) {
      if (server != null && server != built) {
        throw new IllegalStateException(
            "A ProtoReflectionService serves one server; create one for each");
      }
      server = built;
    }
  }

  /** {@code definition} with handlers that tell this service which server they belong to. */
  private ServiceDefinition serverAware(ServiceDefinition definition) {
    ServiceDefinition.Builder out = ServiceDefinition.builder(definition.serviceName());
    for (ServiceDefinition.Entry e : definition.entries()) {
      ServerCallHandler handler = e.handler();
      out.addMethod(e.method(), new ServerCallHandler() {
        @Override
        public void startCall(Call call) throws Exception {
          handler.startCall(call);
        }

        @Override
        public void onServerBuilt(Server built) {
          serverBuilt(built);
        }
      });
    }
    return out.build();
  }

  @Override
  public String toString() {
    return "ProtoReflectionService";
  }

}
