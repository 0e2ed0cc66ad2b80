package io.relevo.core.config;

/** A configuration value that cannot be used; the message names the key. */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
