package dev.sluice.cli;

import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.sluice.Channel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sluice list TARGET [SERVICE]}. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the server's services, or the methods of one service.")
final class ListCommand extends RpcCommand {

  @Parameters(index = "0", paramLabel = "TARGET", description = "The server: host:port, "
      + "dns:///host:port, ipv4:a:p, unix:/path, ...")
  String target;

  @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1",
      description = "A service's full name: list its methods.")
  String service;

  @Mixin
  SchemaOptions schemaOptions = new SchemaOptions();

  @Override
  String target() {
    return target;
  }

  @Override
  int run(Channel channel) {
    try (Schema schema = schemaOptions.open(channel,
        connection.callOptions(DEFAULT_DEADLINE), connection.metadata())) {
      if (service == null) {
        for (String name : schema.services()) {
          out().println(name);
        }
        return ExitCodes.OK;
      }
      GenericDescriptor d = schema.find(service);
      if (!(d instanceof ServiceDescriptor s)) {
        throw CliFailure.local(service + " is not a service");
      }
      for (MethodDescriptor m : s.getMethods()) {
        out().println(m.getFullName());
      }
      return ExitCodes.OK;
    }
  }
}
