package dev.sluice.cli;

import dev.sluice.Status;
import dev.sluice.StatusException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sluice} command line: {@code list}, {@code describe}, {@code call} and
 * {@code health} against any gRPC server, and {@code demo}. Exit statuses are in
 * {@link ExitCodes}.
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
    description = "gRPC for Java, built from the transport up.",
    subcommands = {ListCommand.class, DescribeCommand.class, CallCommand.class,
        HealthCommand.class, SluiceCommand.DemoCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:OK (health: SERVING)", "1:a local error (bad JSON, unknown method, "
        + "unreadable file)", "2:a wrong command line", "3:health: not SERVING",
        "10+code:the RPC failed with that gRPC status code (14 DEADLINE_EXCEEDED, "
        + "24 UNAVAILABLE, ...)"})
public final class SluiceCommand implements Callable<Integer> {

  /** Where {@code -d @-} reads from. */
  final InputStream in;

  SluiceCommand(InputStream in) {
    this.in = in;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.in).execute(args.length == 0 ? new String[] {"demo"} : args));
  }

  /** The command line, reading standard input from {@code in}. */
  static CommandLine commandLine(InputStream in) {
    CommandLine cli = new CommandLine(new SluiceCommand(in));
    cli.setExecutionExceptionHandler(SluiceCommand::onFailure);
    return cli;
  }

  /** One line naming the failure, a stack trace only with --debug; the exit status. */
  private static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    boolean debug = cli.getCommand() instanceof RpcCommand rpc && rpc.debug();
    int code;
    Throwable cause = e;
    while ((cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CliFailure f) {
      err.println("ERROR: " + f.getMessage());
      code = f.exitCode();
    } else if (cause instanceof StatusException se) {
      Status s = se.status();
      err.println("ERROR: " + s.code() + (s.description() == null ? "" : ": " + s.description()));
      code = ExitCodes.of(s);
    } else {
      err.println("ERROR: " + cause);
      code = ExitCodes.LOCAL_ERROR;
    }
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  /** Runs a server and a client through one call of each kind. */
  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Start a server and a client and make one call of each kind.")
  static final class DemoCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--transport", defaultValue = "H2",
        description = "H2 (HTTP/2 over loopback TCP, the default) or INPROC (in process).")
    Demo.Transport transport;

    @Override
    public Integer call() throws Exception {
      return new Demo(System.out, transport).run() == 0 ? 0 : 1;
    }
  }
}
