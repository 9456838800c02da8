package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
    description = "gRPC for Java, built from the transport up.",
    subcommands = {SluiceCommand.DemoCommand.class})
public final class SluiceCommand implements Callable<Integer> {

  public static void main(String[] args) {
    int code = new CommandLine(new SluiceCommand()).execute(args.length == 0
        ? new String[] {"demo"} : args);
    System.exit(code);
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
