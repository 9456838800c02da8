package dev.sluice.cli;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.TypeRegistry;
import java.util.List;

/** Where the CLI learns the server's services and messages: reflection, or local files. */
interface Schema extends AutoCloseable {

  /** The fully qualified names of the services, sorted. */
  List<String> services();

  /**
   * The file that defines {@code symbol} (a service, {@code pkg.Svc.Method} or
   * {@code pkg.Svc/Method}, a message or an enum), built with its imports.
   *
   * @throws CliFailure when no file defines it
   */
  FileDescriptor fileDefining(String symbol);

  /** Every message type seen so far, for JSON's {@code Any}. */
  TypeRegistry typeRegistry();

  /** {@code symbol} itself, found in {@link #fileDefining}. */
  default GenericDescriptor find(String symbol) {
    GenericDescriptor d = DescriptorPool.find(fileDefining(symbol), symbol);
    if (d == null) {
      throw CliFailure.local("Symbol not found: " + symbol);
    }
    return d;
  }

  @Override
  void close();
}
