package io.relevo.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.config.ConfigException;
import io.vertx.core.json.JsonObject;

/**
 * {@code java -jar relevo.jar [run] [--config FILE]}: starts Relevo and runs until SIGTERM or
 * Ctrl-C, then stops gracefully.
 */
public final class Main {

  // no static logger: the evaluation commands configure logging before the first one is made

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length > 0 && (args[0].startsWith("eval-") || args[0].equals("bench"))) {
      // before the first logger is made: keep standard output for the report
      System.setProperty("relevo.log.target", "System.err");
      System.setProperty("relevo.log.level", "WARN");
    }
    String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "run";
    String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (command) {
      case "run":
        return serve(rest);
      case "hash-password":
        return hashPassword();
      case "eval-intents":
        return io.relevo.intents.eval.EvalIntents.run(rest, System.out, System.err);
      case "eval-kb":
        return io.relevo.kb.eval.EvalKb.run(rest, System.out, System.err);
      case "eval-dialogue":
        return io.relevo.app.eval.EvalDialogue.run(rest, System.out, System.err);
      case "bench":
        return io.relevo.app.bench.Bench.run(rest, System.out, System.err);
      case "settings":
        System.out.print(settingsTable());
        return 0;
      case "help":
        usage();
        return 0;
      default:
        System.err.println("Unknown command '" + command + "'.");
        usage();
        return 2;
    }
  }

  private static void usage() {
    System.err.println("""
        Usage:
          java -jar relevo.jar [run] [--config FILE]   start Relevo (config: YAML or JSON; also RELEVO_CONFIG)
          java -jar relevo.jar hash-password            read a password on standard input, print its hash for agents.file
          java -jar relevo.jar eval-intents ...          train and evaluate an intent classifier on a dataset (see the README)
          java -jar relevo.jar eval-kb ...               evaluate knowledge-base search on a FAQ dataset (see the README)
          java -jar relevo.jar eval-dialogue ...         what a person gets from the whole bot, on a labelled set of messages (see the README)
          java -jar relevo.jar bench ...                 load benchmark: echo ceiling, transport, full turns, compute floor (docs/benchmarks.md)
          java -jar relevo.jar settings                 print every setting, its environment variable and default (Markdown)
          java -jar relevo.jar help                     this text
        Every setting can also be set by an environment variable RELEVO_<KEY>; see the README.""");
  }

  /** Every setting as a Markdown table; the README's table is this output. */
  static String settingsTable() {
    StringBuilder out = new StringBuilder("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
    for (io.relevo.core.config.Setting<?> s : AppSettings.all()) {
      String def = s.defaultText().isEmpty() ? "(empty)" : "`" + s.defaultText() + "`";
      out.append("| `").append(s.key()).append("` | `").append(s.envName()).append("` | ").append(def)
          .append(" | ").append(s.description()).append(" |\n");
    }
    return out.toString();
  }

  private static int hashPassword() {
    java.io.Console console = System.console();
    String password;
    if (console != null) {
      char[] typed = console.readPassword("Password: ");
      password = typed == null ? "" : new String(typed);
    } else {
      try {
        password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
            java.nio.charset.StandardCharsets.UTF_8)).readLine();
      } catch (java.io.IOException e) {
        password = null;
      }
    }
    if (password == null || password.length() < 8) {
      System.err.println("A password of at least 8 characters is required.");
      return 2;
    }
    System.out.println(io.relevo.handoff.agents.Passwords.hash(password));
    return 0;
  }

  private static int serve(String[] args) {
    Logger log = LoggerFactory.getLogger(Main.class);
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        usage();
        return 0;
      } else {
        System.err.println("Unknown option '" + args[i] + "'.");
        usage();
        return 2;
      }
    }
    if (configFile == null && System.getenv("RELEVO_CONFIG") != null) {
      configFile = Path.of(System.getenv("RELEVO_CONFIG"));
    }
    if (configFile != null && !Files.isReadable(configFile)) {
      System.err.println("Configuration error: --config: cannot read " + configFile);
      return 2;
    }
    JsonObject config;
    try {
      config = new ConfigLoader(AppSettings.all()).load(configFile, System.getenv());
    } catch (ConfigException e) {
      System.err.println("Configuration error: " + e.getMessage());
      return 2;
    }
    long t0 = System.nanoTime();
    // before anything starts: a SIGTERM during start-up stops what was started
    ShutdownHook stop = new ShutdownHook();
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "relevo-shutdown"));
    Relevo relevo;
    try {
      relevo = Relevo.start(config, stop);
    } catch (RuntimeException e) {
      log.error("Relevo could not start: {}", e.getMessage());
      return 1;
    }
    String host = AppSettings.HTTP_HOST.get(config);
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    log.info("Relevo is ready in {} ms: open http://{}:{}/ to chat (API: /api/v1/openapi.yaml)",
        (System.nanoTime() - t0) / 1_000_000, shown, relevo.port());
    return waitForever();
  }

  private static int waitForever() {
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
