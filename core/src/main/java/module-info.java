/**
 * Sluice's core: the call API ({@code dev.sluice}), the filter stack, compression, the client
 * channel (name resolution, load balancing, subchannels) and the transport SPI. Depends on the
 * JDK only. Transports, resolvers and load balancers of other modules are found as services.
 */
module dev.sluice.core {
  requires java.naming;

  exports dev.sluice;
  exports dev.sluice.channel;
  exports dev.sluice.compression;
  exports dev.sluice.config;
  exports dev.sluice.filter;
  exports dev.sluice.telemetry;
  exports dev.sluice.transport;

  uses dev.sluice.channel.LoadBalancerProvider;
  uses dev.sluice.channel.NameResolverProvider;
  uses dev.sluice.transport.ClientTransportFactory;
}
