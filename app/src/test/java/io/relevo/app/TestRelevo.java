package io.relevo.app;

import java.util.Map;

/** {@link TestServers} for tests in other packages (the benchmark's). */
public final class TestRelevo {

  private TestRelevo() {
  }

  /** A Relevo on the shared test Redis with generous limits, overridden by {@code env} (RELEVO_* names). */
  public static Relevo start(Map<String, String> env) {
    return TestServers.start(env);
  }

  /** The data directory the test servers share (models and articles). */
  public static String dataDir() {
    return "target/test-data";
  }
}
