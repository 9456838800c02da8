package dev.sluice.config;

/**
 * A service config that cannot be used: malformed JSON, or a known field with a bad type or
 * value. The message starts with the JSON path of the problem ({@code $.methodConfig[0].timeout:
 * ...}); {@link #path()} returns it alone.
 */
public final class ServiceConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The JSON path of the problem. */
  private final String path;

  /**
   * A problem at {@code path} (such as {@code $.retryThrottling.maxTokens}).
   *
   * @param path the JSON path
   * @param problem what is wrong there
   */
  public ServiceConfigException(String path, String problem) {
    super("Invalid service config at " + path + ": " + problem);
    this.path = path;
  }

  /**
   * The JSON path of the problem, {@code $} being the whole config.
   *
   * @return the JSON path, such as {@code $.methodConfig[0].timeout}
   */
  public String path() {
    return path;
  }
}
