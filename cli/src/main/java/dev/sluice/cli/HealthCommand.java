package dev.sluice.cli;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.services.health.v1.HealthCheckRequest;
import dev.sluice.services.health.v1.HealthCheckResponse;
import dev.sluice.services.health.v1.HealthCheckResponse.ServingStatus;
import dev.sluice.services.health.v1.HealthSluice;
import dev.sluice.stub.BlockingClientCall;
import dev.sluice.stub.ClientCalls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice health TARGET [SERVICE] [--watch]}: fit for a Kubernetes exec probe. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Ask grpc.health.v1.Health: print the status; exit 0 when SERVING, 3 when "
        + "the server says anything else, 10 + the gRPC code when the call fails.")
final class HealthCommand extends RpcCommand {

  @Parameters(index = "0", paramLabel = "TARGET", description = "The server.")
  String target;

  @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1", defaultValue = "",
      description = "The service to ask about (default: the whole server).")
  String service;

  @Option(names = "--watch", description = "Print every change until the stream ends or the "
      + "deadline passes; the exit status follows the last status seen.")
  boolean watch;

  @Override
  String target() {
    return target;
  }

  @Override
  int run(Channel channel) {
    HealthCheckRequest request = HealthCheckRequest.newBuilder().setService(service).build();
    if (!watch) {
      CallOptions options = connection.callOptions(DEFAULT_DEADLINE);
      HealthCheckResponse r = ClientCalls.blockingUnary(channel, HealthSluice.CHECK, options,
          connection.metadata(), request);
      out().println(r.getStatus());
      return r.getStatus() == ServingStatus.SERVING ? ExitCodes.OK : ExitCodes.NOT_SERVING;
    }
    ServingStatus last = null;
    try (BlockingClientCall<HealthCheckRequest, HealthCheckResponse> call =
        ClientCalls.blockingServerStreaming(channel, HealthSluice.WATCH,
            connection.callOptions(null), connection.metadata(), request)) {
      for (HealthCheckResponse r; (r = call.read()) != null; ) {
        last = r.getStatus();
        out().println(last);
        out().flush();
      }
      Status status = call.finish();
      if (!status.isOk() && !(last != null
          && status.code() == Status.Code.DEADLINE_EXCEEDED)) {
        throw status.asException();
      }
    }
    return last == ServingStatus.SERVING ? ExitCodes.OK : ExitCodes.NOT_SERVING;
  }
}
