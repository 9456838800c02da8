package dev.sluice.archfixture.transport;

import dev.sluice.Status;

/** Keeps "transports use no stub code", for LayerRulesSelfTest. */
public class UsesCore {
  Status ok() {
    return Status.OK;
  }
}
