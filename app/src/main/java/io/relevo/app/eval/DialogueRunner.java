package io.relevo.app.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.relevo.app.AppSettings;
import io.relevo.app.Relevo;
import io.relevo.core.config.Setting;
import io.relevo.core.conversation.ConversationSettings;
import io.relevo.core.dialogue.BotSettings;
import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.dialogue.flows.FormEngine;
import io.relevo.core.dialogue.flows.Flows;
import io.relevo.kb.Article;
import io.relevo.kb.Articles;
import io.relevo.redis.RedisConnector;
import io.vertx.core.json.JsonObject;

/**
 * Runs a real Relevo in this process, as {@code java -jar relevo.jar} runs it (the real bot,
 * knowledge base and forms, nothing replaced), on an embedded Redis in a temporary data
 * directory and a free port on 127.0.0.1, no agent signed in; sends each line's message in a
 * fresh conversation over the public HTTP API and classifies the first reply turn. {@link #close}
 * stops everything and deletes the directory. {@link #run} may be called from one thread at a time;
 * it runs the lines on its own threads.
 */
final class DialogueRunner implements AutoCloseable {

  /** One line and what it got; {@code error} is set when the API failed (the outcome is then other). */
  public record Result(DialogueSet.Line line, Outcome got, String error) {
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(150);

  private final Path dir;
  private final Relevo relevo;
  private final RedisConnector redis;
  private final OutcomeClassifier classifier;
  private final Map<String, String> topics;
  private final Map<String, Flow> flows;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread onExit = new Thread(this::close, "eval-dialogue-stop");
  private volatile boolean closed;

  private DialogueRunner(Path dir, Relevo relevo, RedisConnector redis, Map<String, String> topics, Map<String, Flow> flows) {
    this.dir = dir;
    this.relevo = relevo;
    this.redis = redis;
    this.topics = topics;
    this.flows = flows;
    this.classifier = new OutcomeClassifier(id -> topics.getOrDefault(id, OutcomeClassifier.topicFromId(id)), flows);
  }

  /**
   * Starts Relevo with the settings of {@code env} ({@code RELEVO_*} names, as from the environment),
   * except those that place this instance: its data directory, port, Redis and the limits per client
   * address (every conversation comes from 127.0.0.1). Blocks until it serves.
   */
  public static DialogueRunner start(Map<String, String> env) throws IOException {
    Path dir = Files.createTempDirectory("relevo-eval-dialogue-");
    Map<String, String> all = new HashMap<>(env);
    all.put("RELEVO_DATA_DIR", dir.toString());
    all.put("RELEVO_HTTP_PORT", "0");
    all.put("RELEVO_HTTP_HOST", "127.0.0.1");
    all.put("RELEVO_REDIS_URL", "");
    all.put("RELEVO_REDIS_EMBEDDED_PORT", "0");
    all.put("RELEVO_DEMO_PASSWORD", UUID.randomUUID().toString());
    all.put("RELEVO_LIMITS_ADDRESS_RATE", "10000000");
    all.put("RELEVO_LIMITS_CONVERSATION_RATE", "1000000");
    // what is measured is the bot, not the machine's load: every turn gets the whole analysis
    // (never the hurried one an overloaded server gives), and a slow turn is waited for
    all.put(BotSettings.INTENTS_HURRY_AFTER.envName(), "0s");
    all.put(ConversationSettings.PROCESSING_TIMEOUT.envName(), "120s");
    JsonObject config;
    Relevo relevo;
    try {
      config = config(all);
      relevo = Relevo.start(config);
    } catch (RuntimeException e) {
      delete(dir);
      throw e;
    }
    RedisConnector redis = null;
    try {
      redis = RedisConnector.connect(relevo.embeddedRedis().uri(), Duration.ofSeconds(10));
      String flowsDir = BotSettings.FLOWS_DIR.get(config);
      Map<String, Flow> flows = Flows.load(flowsDir.isEmpty() ? null : Path.of(flowsDir));
      String knowledgeDir = BotSettings.KNOWLEDGE_DIR.get(config);
      Map<String, String> topics = topics(knowledgeDir.isEmpty() ? dir.resolve("knowledge") : Path.of(knowledgeDir));
      DialogueRunner runner = new DialogueRunner(dir, relevo, redis, topics, flows);
      Runtime.getRuntime().addShutdownHook(runner.onExit);
      return runner;
    } catch (RuntimeException e) {
      if (redis != null) {
        redis.close();
      }
      relevo.stop();
      delete(dir);
      throw e;
    }
  }

  /** The configuration as the launcher reads it from the environment (defaults for what is not set). */
  static JsonObject config(Map<String, String> env) {
    JsonObject config = new JsonObject();
    for (Setting<?> s : AppSettings.all()) {
      put(config, s, env.getOrDefault(s.envName(), s.defaultText()));
    }
    return config;
  }

  private static <T> void put(JsonObject config, Setting<T> s, String raw) {
    s.put(config, s.parse(raw));
  }

  private static Map<String, String> topics(Path knowledgeDir) {
    Map<String, String> topics = new HashMap<>();
    for (Article a : Articles.loadDirectory(knowledgeDir)) {
      topics.put(a.id(), a.topic());
    }
    return topics;
  }

  /** The article topics the running knowledge base knows, by article id. */
  public Map<String, String> topics() {
    return topics;
  }

  /** The flows the running bot knows, by intent. */
  public Map<String, Flow> flows() {
    return flows;
  }

  /** Sends every line on {@code threads} threads; the results in the lines' order. */
  public List<Result> run(List<DialogueSet.Line> lines, int threads, PrintStream progress) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    int step = Math.max(1, lines.size() / 10);
    try {
      List<Future<Result>> futures = new ArrayList<>();
      for (DialogueSet.Line line : lines) {
        futures.add(pool.submit(() -> {
          Result r = one(line);
          int d = done.incrementAndGet();
          if (d % step == 0 || d == lines.size()) {
            progress.printf(Locale.ROOT, "  %d/%d messages%n", d, lines.size());
          }
          return r;
        }));
      }
      List<Result> results = new ArrayList<>();
      for (Future<Result> f : futures) {
        results.add(f.get());
      }
      if (closed) {
        throw new IllegalStateException("stopped before the last message was answered");
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Result one(DialogueSet.Line line) {
    if (closed) {
      return failed(line, "stopped");
    }
    try {
      Response created = call("POST", "/api/v1/conversations", new JsonObject().put("locale", line.lang()), null);
      if (created.status() != 201) {
        return failed(line, "creating the conversation: HTTP " + created.status() + " " + created.body());
      }
      String id = created.json().getString("conversationId");
      String token = created.json().getString("token");
      JsonObject message = new JsonObject().put("text", line.text()).put("clientMessageId", UUID.randomUUID().toString());
      Response sent = call("POST", "/api/v1/conversations/" + id + "/messages", message, token);
      for (int retry = 0; retry < 3 && sent.status() == 503; retry++) {
        // the turn outlasted the processing timeout: the same client message id gets its replies once done
        sent = call("POST", "/api/v1/conversations/" + id + "/messages", message, token);
      }
      if (sent.status() != 200) {
        return failed(line, "sending the message: HTTP " + sent.status() + " " + sent.body());
      }
      List<JsonObject> replies = sent.json().getJsonArray("messages").stream().map(o -> (JsonObject) o).toList();
      Response described = call("GET", "/api/v1/conversations/" + id, null, token);
      String state = described.status() == 200 ? described.json().getString("state") : null;
      String form = redis.commands().hget(io.relevo.redis.Keyspace.conversation(id), "a:" + FormEngine.FORM).toCompletableFuture()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new Result(line, classifier.classify(new OutcomeClassifier.Reply(replies, state, form)), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(line, "interrupted");
    } catch (Exception e) {
      return failed(line, e.toString());
    }
  }

  private static Result failed(DialogueSet.Line line, String error) {
    return new Result(line, Outcome.of(Outcome.Type.OTHER, "(error) " + error), error);
  }

  private record Response(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private Response call(String method, String path, JsonObject body, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relevo.port() + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(r.statusCode(), r.body());
  }

  /** Stops Relevo and its Redis and deletes the temporary data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // already exiting: this is the hook
    }
    redis.close();
    relevo.stop();
    delete(dir);
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }
}
