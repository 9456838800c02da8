/**
 * The load-balancing example: three servers on 127.0.0.1, 127.0.0.2 and 127.0.0.3, a client
 * whose channel lists the three in an {@code ipv4:} target and spreads calls with
 * {@code round_robin}, and one server stopped and restarted while calls flow.
 */
package dev.sluice.examples.loadbalance;
