package dev.sluice.cli;

import dev.sluice.Channel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sluice describe TARGET SYMBOL}. */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Show a service, method, message or enum as .proto text.")
final class DescribeCommand extends RpcCommand {

  @Parameters(index = "0", paramLabel = "TARGET", description = "The server.")
  String target;

  @Parameters(index = "1", paramLabel = "SYMBOL",
      description = "A full name: pkg.Service, pkg.Service.Method (or pkg.Service/Method), "
          + "pkg.Message, pkg.Message.Nested, pkg.Enum.")
  String symbol;

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
      out().print(ProtoText.describe(schema.find(symbol)));
      return ExitCodes.OK;
    }
  }
}
