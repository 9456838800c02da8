/**
 * The in-process transport: a client and a server in one JVM, messages passed as objects. Its
 * transport factory and the {@code inproc:} name resolver are found by the channel as services.
 */
module dev.sluice.inproc {
  requires transitive dev.sluice.core;

  exports dev.sluice.inproc;

  provides dev.sluice.channel.NameResolverProvider with
      dev.sluice.inproc.InProcessNameResolverProvider;
  provides dev.sluice.transport.ClientTransportFactory with
      dev.sluice.inproc.InProcessTransportFactory;
}
