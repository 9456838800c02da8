package dev.sluice.cli;

import dev.sluice.Channel;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What the commands that talk to a server share: connection options, a channel to the target,
 * and the output streams of the command line (so tests can capture them).
 */
abstract class RpcCommand implements Callable<Integer> {

  /** The deadline of list, describe and health when none is given. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  @Mixin
  ConnectionOptions connection = new ConnectionOptions();

  @ParentCommand
  SluiceCommand root;

  @Spec
  CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  boolean debug() {
    return connection.debug;
  }

  @Override
  public final Integer call() throws Exception {
    Channel channel = connection.open(target());
    try {
      return run(channel);
    } finally {
      channel.shutdownNow();
      out().flush();
      err().flush();
    }
  }

  /** The target string the command names. */
  abstract String target();

  /** Does the command's work; returns its exit status. */
  abstract int run(Channel channel) throws Exception;
}
