package dev.sluice;

import java.util.Objects;

/**
 * Describes one RPC method: its full name ({@code package.Service/Method}), its call type and
 * the marshallers of its request and response.
 *
 * @param <ReqT> request message type
 * @param <RespT> response message type
 */
public final class MethodDescriptor<ReqT, RespT> {

  /** The four kinds of call, by how many messages flow each way. */
  public enum MethodType {
    /** One request, one response. */
    UNARY(false, false),
    /** A stream of requests, one response. */
    CLIENT_STREAMING(true, false),
    /** One request, a stream of responses. */
    SERVER_STREAMING(false, true),
    /** Streams both ways. */
    BIDI_STREAMING(true, true);

    private final boolean clientStreams;
    private final boolean serverStreams;

    MethodType(boolean clientStreams, boolean serverStreams) {
      this.clientStreams = clientStreams;
      this.serverStreams = serverStreams;
    }

    /** {@return true when the client may send more than one message} */
    public boolean clientStreams() {
      return clientStreams;
    }

    /** {@return true when the server may send more than one message} */
    public boolean serverStreams() {
      return serverStreams;
    }
  }

  private final String fullName;
  /** {@code "/" + fullName}, made once: every call sends or looks up this path. */
  private final String path;
  private final MethodType type;
  private final Marshaller<ReqT> requestMarshaller;
  private final Marshaller<RespT> responseMarshaller;
  /** What describes the method's schema (a protobuf descriptor, say), or null. */
  private final Object schemaDescriptor;

  private MethodDescriptor(String fullName, MethodType type, Marshaller<ReqT> req,
      Marshaller<RespT> resp, Object schemaDescriptor) {
    this.fullName = checkFullName(fullName);
    this.path = "/" + this.fullName;
    this.type = Objects.requireNonNull(type, "type");
    this.requestMarshaller = Objects.requireNonNull(req, "requestMarshaller");
    this.responseMarshaller = Objects.requireNonNull(resp, "responseMarshaller");
    this.schemaDescriptor = schemaDescriptor;
  }

  /**
   * @param fullName {@code package.Service/Method}
   * @param <ReqT> the request type
   * @param <RespT> the response type
   * @param type the kind of call
   * @param req the request marshaller
   * @param resp the response marshaller
   * @return the descriptor, without a schema descriptor
   */
  public static <ReqT, RespT> MethodDescriptor<ReqT, RespT> create(
      String fullName, MethodType type, Marshaller<ReqT> req, Marshaller<RespT> resp) {
    return new MethodDescriptor<>(fullName, type, req, resp, null);
  }

  /**
   * This method with {@code schemaDescriptor} attached: an object that describes the method's
   * messages for tools that ask the server about its schema (server reflection reads a protobuf
   * file descriptor from it). The core never looks inside it.
   *
   * @param schemaDescriptor the description, such as a protobuf method schema
   * @return a copy with the schema descriptor
   */
  public MethodDescriptor<ReqT, RespT> withSchemaDescriptor(Object schemaDescriptor) {
    return new MethodDescriptor<>(fullName, type, requestMarshaller, responseMarshaller,
        Objects.requireNonNull(schemaDescriptor, "schemaDescriptor"));
  }

  /** {@return what {@link #withSchemaDescriptor} attached, or null} */
  public Object schemaDescriptor() {
    return schemaDescriptor;
  }

  /**
   * Joins a service name and a method name into a full method name.
   *
   * @param service {@code package.Service}
   * @param method the method's name
   * @return {@code package.Service/Method}
   */
  public static String fullName(String service, String method) {
    return service + "/" + method;
  }

  private static String checkFullName(String name) {
    Objects.requireNonNull(name, "fullName");
    int slash = name.indexOf('/');
    if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "Method name '" + name + "' must look like package.Service/Method");
    }
    return name;
  }

  /**
   * {@code package.Service/Method}.
   *
   * @return the full name, {@code package.Service/Method}
   */
  public String fullName() {
    return fullName;
  }

  /** {@return the HTTP/2 {@code :path}: {@code /package.Service/Method}} */
  public String path() {
    return path;
  }

  /**
   * {@code package.Service}.
   *
   * @return the service's full name, {@code package.Service}
   */
  public String serviceName() {
    return fullName.substring(0, fullName.indexOf('/'));
  }

  /**
   * {@code Method}.
   *
   * @return the method's name within its service
   */
  public String methodName() {
    return fullName.substring(fullName.indexOf('/') + 1);
  }

  /** {@return the kind of call: how many messages go each way} */
  public MethodType type() {
    return type;
  }

  /** {@return the marshaller of the requests} */
  public Marshaller<ReqT> requestMarshaller() {
    return requestMarshaller;
  }

  /** {@return the marshaller of the responses} */
  public Marshaller<RespT> responseMarshaller() {
    return responseMarshaller;
  }

  @Override
  public String toString() {
    return "MethodDescriptor{" + fullName + ", " + type + "}";
  }
}
