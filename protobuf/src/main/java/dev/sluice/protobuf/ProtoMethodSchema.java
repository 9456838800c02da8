package dev.sluice.protobuf;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The protobuf schema of one method, as generated code attaches it to a
 * {@link dev.sluice.MethodDescriptor#withSchemaDescriptor method descriptor} (full protobuf
 * runtime only): the {@code .proto} file that declares the service, found when first asked for,
 * so that loading a stub class does not load every descriptor. Server reflection reads it to
 * list a server's services and describe their messages. Thread-safe.
 */
public final class ProtoMethodSchema {

  private final Supplier<FileDescriptor> file;
  private final String serviceName;
  private final String methodName;

  private ProtoMethodSchema(Supplier<FileDescriptor> file, String serviceName,
      String methodName) {
    this.file = Objects.requireNonNull(file, "file");
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.methodName = Objects.requireNonNull(methodName, "methodName");
  }

  /**
   * @param file gives the descriptor of the file declaring the service (generated code passes
   *     {@code OuterClass::getDescriptor})
   * @param serviceName the service's name inside its file, without the package
   * @param methodName the method's name
   * @return a schema that looks the descriptors up the first time they are asked for
   */
  public static ProtoMethodSchema of(Supplier<FileDescriptor> file, String serviceName,
      String methodName) {
    return new ProtoMethodSchema(file, serviceName, methodName);
  }

  /** {@return the file that declares the service} */
  public FileDescriptor fileDescriptor() {
    return file.get();
  }

  /**
   * The service, or an {@link IllegalStateException} if the file has none by that name.
   *
   * @return the descriptor of the service that declares the method
   * @throws IllegalStateException if the file declares no service by that name
   */
  public ServiceDescriptor serviceDescriptor() {
    ServiceDescriptor service = fileDescriptor().findServiceByName(serviceName);
    if (service == null) {
      throw new IllegalStateException(
          "File " + fileDescriptor().getName() + " declares no service " + serviceName);
    }
    return service;
  }

  /**
   * The method, or an {@link IllegalStateException} if the service has none by that name.
   *
   * @return the descriptor of the method
   * @throws IllegalStateException if the service declares no method by that name
   */
  public MethodDescriptor methodDescriptor() {
    MethodDescriptor method = serviceDescriptor().findMethodByName(methodName);
    if (method == null) {
      throw new IllegalStateException(
          "Service " + serviceName + " declares no method " + methodName);
    }
    return method;
  }

  @Override
  public String toString() {
    return "ProtoMethodSchema{" + serviceName + "/" + methodName + "}";
  }
}
