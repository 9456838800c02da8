package dev.sluice.services.reflection;

import com.google.protobuf.Descriptors.FileDescriptor;
import dev.sluice.Status;
import dev.sluice.services.reflection.v1.ErrorResponse;
import dev.sluice.services.reflection.v1.ExtensionNumberResponse;
import dev.sluice.services.reflection.v1.ExtensionRequest;
import dev.sluice.services.reflection.v1.FileDescriptorResponse;
import dev.sluice.services.reflection.v1.ListServiceResponse;
import dev.sluice.services.reflection.v1.ServerReflectionRequest;
import dev.sluice.services.reflection.v1.ServerReflectionResponse;
import dev.sluice.services.reflection.v1.ServiceResponse;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The answers of one reflection stream. Remembers which files it has sent, so that an import
 * goes to the client once per stream (the requested file itself is always sent). Not
 * thread-safe: one stream's requests arrive one at a time.
 */
final class ReflectionStream {

  private final SchemaIndex index;
  private final Set<String> sent = new HashSet<>();

  ReflectionStream(SchemaIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  /** The answer to {@code request}: what it asked for, or an error response. */
  ServerReflectionResponse answer(ServerReflectionRequest request) {
    ServerReflectionResponse.Builder out = ServerReflectionResponse.newBuilder()
        .setValidHost(request.getHost())
        .setOriginalRequest(request);
    switch (request.getMessageRequestCase()) {
      case LIST_SERVICES -> {
        ListServiceResponse.Builder list = ListServiceResponse.newBuilder();
        for (String name : index.services()) {
          list.addService(ServiceResponse.newBuilder().setName(name));
        }
        out.setListServicesResponse(list);
      }
      case FILE_BY_FILENAME -> {
        String name = request.getFileByFilename();
        files(out, index.file(name), "File not found: " + name);
      }
      case FILE_CONTAINING_SYMBOL -> {
        String symbol = request.getFileContainingSymbol();
        files(out, index.fileDefining(symbol), "Symbol not found: " + symbol);
      }
      case FILE_CONTAINING_EXTENSION -> {
        ExtensionRequest ext = request.getFileContainingExtension();
        files(out, index.fileDefiningExtension(ext.getContainingType(), ext.getExtensionNumber()),
            "Extension not found: number " + ext.getExtensionNumber() + " of "
                + ext.getContainingType());
      }
      case ALL_EXTENSION_NUMBERS_OF_TYPE -> {
        String type = request.getAllExtensionNumbersOfType();
        if (!index.isMessageType(type)) {
          error(out, Status.Code.NOT_FOUND, "Type not found: " + type);
        } else {
          out.setAllExtensionNumbersResponse(ExtensionNumberResponse.newBuilder()
              .setBaseTypeName(type).addAllExtensionNumber(index.extensionNumbers(type)));
        }
      }
      default -> error(out, Status.Code.UNIMPLEMENTED,
          "Unsupported reflection request: " + request.getMessageRequestCase());
    }
    return out.build();
  }

  private void files(ServerReflectionResponse.Builder out, FileDescriptor file,
      String notFound) {
    if (file == null) {
      error(out, Status.Code.NOT_FOUND, notFound);
      return;
    }
    FileDescriptorResponse.Builder files = FileDescriptorResponse.newBuilder();
    for (FileDescriptor f : SchemaIndex.withImports(file, sent)) {
      files.addFileDescriptorProto(f.toProto().toByteString());
    }
    out.setFileDescriptorResponse(files);
  }

  private static void error(ServerReflectionResponse.Builder out, Status.Code code,
      String message) {
    out.setErrorResponse(ErrorResponse.newBuilder()
        .setErrorCode(code.value()).setErrorMessage(message));
  }
}
