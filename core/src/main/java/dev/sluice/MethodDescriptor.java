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
    UNARY(false, false),
    CLIENT_STREAMING(true, false),
    SERVER_STREAMING(false, true),
    BIDI_STREAMING(true, true);

    private final boolean clientStreams;
    private final boolean serverStreams;

    MethodType(boolean clientStreams, boolean serverStreams) {
      this.clientStreams = clientStreams;
      this.serverStreams = serverStreams;
    }

    /** True when the client may send more than one message. */
    public boolean clientStreams() {
      return clientStreams;
    }

    /** True when the server may send more than one message. */
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
   */
  public static <ReqT, RespT> MethodDescriptor<ReqT, RespT> create(
      String fullName, MethodType type, Marshaller<ReqT> req, Marshaller<RespT> resp) {
    return new MethodDescriptor<>(fullName, type, req, resp, null);
  }

  /**
   * This method with {@code schemaDescriptor} attached: an object that describes the method's
   * messages for tools that ask the server about its schema (server reflection reads a protobuf
   * file descriptor from it). The core never looks inside it.
   */
  public MethodDescriptor<ReqT, RespT> withSchemaDescriptor(Object schemaDescriptor) {
    return new MethodDescriptor<>(fullName, type, requestMarshaller, responseMarshaller,
        Objects.requireNonNull(schemaDescriptor, "schemaDescriptor"));
  }

  /** What {@link #withSchemaDescriptor} attached, or null. */
  public Object schemaDescriptor() {
    return schemaDescriptor;
  }

  /** Joins a service name and a method name into a full method name. */
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

  /** {@code package.Service/Method}. */
  public String fullName() {
    return fullName;
  }

  /** The HTTP/2 {@code :path}: {@code /package.Service/Method}. */
  public String path() {
    return path;
  }

  /** {@code package.Service}. */
  public String serviceName() {
    return fullName.substring(0, fullName.indexOf('/'));
  }

  /** {@code Method}. */
  public String methodName() {
    return fullName.substring(fullName.indexOf('/') + 1);
  }

  public MethodType type() {
    return type;
  }

  public Marshaller<ReqT> requestMarshaller() {
    return requestMarshaller;
  }

  public Marshaller<RespT> responseMarshaller() {
    return responseMarshaller;
  }

  @Override
  public String toString() {
    return "MethodDescriptor{" + fullName + ", " + type + "}";
  }
}
