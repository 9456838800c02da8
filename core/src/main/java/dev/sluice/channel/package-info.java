/**
 * The client channel: target strings and {@link dev.sluice.channel.NameResolver}s, {@link
 * dev.sluice.channel.LoadBalancer}s and their {@link dev.sluice.channel.Picker}s, {@link
 * dev.sluice.channel.Subchannel}s with reconnect backoff, idle mode, calls waiting for a pick and
 * transparent retry. {@link dev.sluice.Channel} is built on {@link
 * dev.sluice.channel.ClientChannel}; the SPIs here (resolvers, load balancers) are public for
 * applications that bring their own. See {@code docs/channels.md}.
 */
package dev.sluice.channel;
