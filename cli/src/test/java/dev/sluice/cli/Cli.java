package dev.sluice.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the {@code sluice} command line in this JVM with captured output. */
record Cli(int exitCode, String out, String err) {

  static Cli withStdin(String stdin, String... args) {
    CommandLine cli = SluiceCommand.commandLine(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  static Cli run(String... args) {
    return withStdin("", args);
  }
}
