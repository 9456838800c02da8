package dev.sluice.channel;

import dev.sluice.config.ServiceConfig;
import dev.sluice.config.ServiceConfigException;

/** Which service config a resolver result puts in force (gRFC A21). */
final class ConfigChoice {

  private ConfigChoice() {}

  /**
   * The resolver's config when it is valid and lookup is on; the default (or the empty config)
   * when it has none or lookup is off; when it is invalid, {@code inForce} (the config an earlier
   * result put in force), else the default.
   *
   * @param inForce the config in force from an earlier result, or null for the first result
   * @throws ServiceConfigException when the resolver's config is invalid and nothing can stand
   *     in for it: the resolution then counts as failed
   */
  static ServiceConfig choose(String json, RetrySettings settings, ServiceConfig inForce) {
    ServiceConfig dflt = settings.defaultServiceConfig();
    if (json == null || !settings.serviceConfigLookUp()) {
      return dflt != null ? dflt : ServiceConfig.EMPTY;
    }
    try {
      return ServiceConfig.parse(json);
    } catch (ServiceConfigException e) {
      if (inForce != null) {
        return inForce;
      }
      if (dflt != null) {
        return dflt;
      }
      throw e;
    }
  }
}
