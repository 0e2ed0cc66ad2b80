package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Sign-in under attack, with the shipped limits: guessing and name spraying are throttled per
 * address and per name, counted before any password is checked; password checks stay on one
 * thread; an agent signing in from elsewhere still gets in; and failed sign-ins cannot flush the
 * audit log. Each test plays its clients from loopback addresses of its own (127.0.0.x).
 */
class SignInLimitsTest {

  static Relevo relevo;
  static Api api;

  @BeforeAll
  static void start() {
    relevo = TestServers.start(Map.of(
        "RELEVO_AUTH_LOGIN_FAILURES", "10",
        "RELEVO_AUTH_LOGIN_ADDRESS_FAILURES", "30",
        "RELEVO_AUTH_LOGIN_NAME_FAILURES", "20",
        "RELEVO_AUTH_LOGIN_THREADS", "1",
        "RELEVO_AUTH_LOGIN_QUEUE", "8"));
    api = new Api(relevo.port());
  }

  @AfterAll
  static void stop() {
    relevo.stop();
  }

  private static FromAddress from(int lastByte) {
    return new FromAddress("127.0.0." + lastByte, relevo.port());
  }

  private static String unknownName() {
    return "nobody-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aNameSprayingLoopKeepsPasswordChecksOnOneThreadAndNeitherSlowsRepliesNorKeepsTheAgentOut() throws Exception {
    Api.Conversation person = api.create("en");
    // warm: the first search of a fresh server loads what it needs; the bound is about the loop
    assertThat(api.say(person, "how do I reset my password?", null).status()).isEqualTo(200);
    AtomicBoolean spraying = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    AtomicInteger mostChecksAtOnce = new AtomicInteger();
    ConcurrentLinkedQueue<String> checkingThreads = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(17);
    try {
      List<Future<?>> loops = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      for (int i = 0; i < 16; i++) {
        FromAddress sprayer = from(10 + i % 8); // eight addresses, two loops each
        loops.add(pool.submit(() -> {
          while (spraying.get() && System.nanoTime() < deadline) {
            statuses.add(sprayer.login(unknownName(), "Summer2026!").status());
          }
        }));
      }
      // the mechanism: how many threads are inside a password hash at any moment
      loops.add(pool.submit(() -> {
        while (spraying.get() && System.nanoTime() < deadline) {
          int now = 0;
          for (var e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : e.getValue()) {
              if (frame.getClassName().equals("io.relevo.handoff.agents.Passwords")) {
                now++;
                checkingThreads.add(e.getKey().getName());
                break;
              }
            }
          }
          mostChecksAtOnce.accumulateAndGet(now, Math::max);
          // a sampling period, not a wait for async work: each sample stops every thread for a moment
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
      }));

      // while it runs, the person chats and the agent signs in from an address of their own
      List<Long> replyMillis = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long t0 = System.nanoTime();
        assertThat(api.say(person, "how do I reset my password? " + i, null).status()).isEqualTo(200);
        replyMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
      Api.Response agent = from(2).login("sam", TestServers.DEMO_PASSWORD);
      assertThat(spraying.get()).as("the loop still runs").isTrue();
      assertThat(agent.status()).as(agent.body()).isEqualTo(200);
      assertThat(new Api(relevo.port()).get("/api/v1/agents/me", agent.json().getString("token")).status()).isEqualTo(200);

      spraying.set(false);
      for (Future<?> f : loops) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(replyMillis).as("another person's replies while names are sprayed").allMatch(ms -> ms < 2000);
      assertThat(mostChecksAtOnce.get()).as("password checks running at once").isLessThanOrEqualTo(1);
      assertThat(checkingThreads).isNotEmpty().allMatch(name -> name.startsWith("relevo-password-check"));
      assertThat(statuses).as("the spray is answered, never let in").containsOnly(401, 429).contains(429);
    } finally {
      spraying.set(false);
      pool.shutdownNow();
    }
  }

  @Test
  void parallelGuessesAreCountedBeforeTheyAreCheckedAndTheAgentStillSignsInFromElsewhere() throws Exception {
    FromAddress guesser = from(3);
    ExecutorService pool = Executors.newFixedThreadPool(40);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> guesses = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        String guess = "guess-" + i;
        guesses.add(pool.submit(() -> {
          go.await();
          return guesser.login("ana", guess).status();
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> g : guesses) {
        statuses.add(g.get(60, TimeUnit.SECONDS));
      }
      assertThat(statuses).containsOnly(401, 429);
      assertThat(statuses.stream().filter(s -> s == 401).count()).as("guesses checked").isBetween(1L, 10L);
    } finally {
      pool.shutdownNow();
    }
    // the guessing address is held back, even with the right password; another address is not
    assertThat(guesser.login("ana", TestServers.DEMO_PASSWORD).status()).isEqualTo(429);
    assertThat(from(4).login("ana", TestServers.DEMO_PASSWORD).status()).isEqualTo(200);
    // past the name's limit (20) each further address gets one attempt at it per window
    FromAddress another = from(7);
    assertThat(another.login("ana", "guess-a").status()).isEqualTo(401);
    assertThat(another.login("ana", "guess-b").status()).isEqualTo(429);
    assertThat(from(4).login("ana", TestServers.DEMO_PASSWORD).status()).as("signed in here before").isEqualTo(200);
  }

  @Test
  void oneAddressSprayingNamesIsThrottledWhileTheAgentSignsInFromAnother() {
    FromAddress sprayer = from(5);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 34; i++) {
      statuses.add(sprayer.login(unknownName(), "Winter2026!").status());
    }
    assertThat(statuses.subList(0, 30)).containsOnly(401);
    assertThat(statuses.subList(30, 34)).containsOnly(429);
    Api.Response refused = sprayer.login(unknownName(), "x");
    assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("rate_limited");
    assertThat(from(6).login("ana", TestServers.DEMO_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void twoThousandFailedSignInsLeaveTheAgentsAuditEntriesAndAddOnlyAFew() throws Exception {
    String admin = from(8).login("sam", TestServers.DEMO_PASSWORD).json().getString("token");
    List<JsonObject> before = audit("/api/v1/admin/audit?limit=1000", admin);
    assertThat(before).anySatisfy(e -> assertThat(e.getString("actor")).isEqualTo("sam"));
    String newestFailure = newestId("/api/v1/admin/audit/sign-in-failures?limit=1", admin);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        loops.add(pool.submit(() -> {
          FromAddress flooder = from(9);
          for (int i = 0; i < 250; i++) {
            assertThat(flooder.login(unknownName(), "pw").status()).isIn(401, 429);
          }
        }));
      }
      for (Future<?> f : loops) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<JsonObject> after = audit("/api/v1/admin/audit?limit=1000", admin);
    assertThat(after).as("nothing anonymous in the agents' log").allSatisfy(e -> assertThat(e.getString("actor")).isNotEmpty());
    assertThat(after.stream().map(e -> e.getString("id")).toList())
        .as("the earlier entries are all still there").containsAll(before.stream().map(e -> e.getString("id")).toList());
    List<JsonObject> failures = audit("/api/v1/admin/audit/sign-in-failures?limit=1000", admin).stream()
        .filter(e -> newestFailure == null || newer(e.getString("id"), newestFailure)).toList();
    assertThat(failures).as("2,000 failures from one address, aggregated").hasSizeBetween(1, 16);
    assertThat(failures).allSatisfy(e -> {
      assertThat(e.getString("address")).startsWith("hmac:").doesNotContain("127.0.0");
      assertThat(e.getString("name")).startsWith("hmac:");
    });
    assertThat(failures.stream().mapToLong(e -> e.getLong("attempts")).max().orElse(0)).isGreaterThanOrEqualTo(1024);
  }

  private static List<JsonObject> audit(String path, String token) {
    Api.Response r = api.get(path, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonArray entries = r.json().getJsonArray("entries");
    return entries.stream().map(o -> (JsonObject) o).toList();
  }

  /** Whether stream entry id {@code a} ("millis-seq") comes after {@code b}. */
  private static boolean newer(String a, String b) {
    String[] x = a.split("-");
    String[] y = b.split("-");
    int byTime = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
    return byTime != 0 ? byTime > 0 : Long.parseLong(x[1]) > Long.parseLong(y[1]);
  }

  private static String newestId(String path, String token) {
    List<JsonObject> entries = audit(path, token);
    return entries.isEmpty() ? null : entries.get(0).getString("id");
  }
}
