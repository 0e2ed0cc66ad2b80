package io.relevo.handoff.agents;

import java.time.Duration;
import java.util.List;

import io.relevo.core.config.Setting;

/** Settings of agents and their authentication. */
public final class HandoffSettings {

  public static final Setting<String> AGENTS_FILE = Setting.string("agents.file", "",
      "YAML file of the agents who may sign in (hashed passwords); empty: the demo agents ana and sam.");
  public static final Setting<String> DEMO_PASSWORD = Setting.secret("demo.password",
      "Password of the demo agents; empty: a random one, printed at start-up.");
  public static final Setting<String> JWT_SECRET = Setting.secret("auth.jwtSecret",
      "Secret that signs agent tokens (HS256, at least 32 characters); empty: a random one kept in Redis and shared by all instances.");
  public static final Setting<Duration> TOKEN_TTL = Setting.duration("auth.tokenTtl", "8h",
      Duration.ofMinutes(1), Duration.ofDays(30), "How long an agent's sign-in token is valid.");
  public static final Setting<Integer> LOGIN_FAILURES = Setting.integer("auth.loginFailures", 10, 1, 1_000_000,
      "Failed sign-ins allowed per user name from one client address per window; more from that address get 429 until the window ends (the right password from another address still signs in).");
  public static final Setting<Duration> LOGIN_WINDOW = Setting.duration("auth.loginWindow", "5m",
      Duration.ofSeconds(1), Duration.ofDays(1), "Window in which failed sign-ins are counted.");

  public static final Setting<String> QUEUES = Setting.string("handoff.queues", "it,hr,facilities,general",
      "Queues (departments or skills) agents serve, highest priority first; 'general' is always there and takes everything else.");
  public static final Setting<String> HOURS = Setting.string("handoff.hours", "",
      "Business hours per queue, e.g. \"it=Mon-Fri 08:00-20:00 Europe/Madrid; hr=Mon-Thu 09:00-17:00 Europe/Madrid\"; a queue not named is open around the clock.");

  public static final Setting<String> TICKET_QUEUES = Setting.string("handoff.ticketQueues",
      "vacation=hr,equipment=it,access=it,laptop=it,printer=it,vpn=it,email=it,wifi=it,phone=it,software=it,account=it,other=it",
      "Which queue handles tickets of each category (category=queue, comma-separated); agents see only the tickets of queues they serve, supervisors all. A category named like a queue goes there; any other to 'general'.");

  public static final Setting<String> TARGET_WAIT = Setting.string("handoff.targetWait", "2m",
      "How long a conversation may wait before the console shows it as late (red, with a warning): one duration for every queue, or per queue with a default, e.g. \"it=90s, hr=5m, 2m\".");

  public static final Setting<Boolean> AUTO_ASSIGN = Setting.bool("handoff.autoAssign", false,
      "Assign waiting conversations automatically (longest waiting first, to the least-loaded online agent with the skill, within capacity); false: agents claim them.");

  public static final Setting<String> CANNED_FILE = Setting.string("handoff.cannedFile", "",
      "YAML file of canned responses for agents (each in es and en); empty: the shipped set.");

  // sign-in limits and token revocation (issue 18); kept together here
  public static final Setting<Integer> LOGIN_ADDRESS_FAILURES = Setting.integer("auth.loginAddressFailures", 30, 1, 1_000_000,
      "Failed sign-ins allowed per client address per window, whatever the user names; more get 429 until the window ends.");
  public static final Setting<Integer> LOGIN_NAME_FAILURES = Setting.integer("auth.loginNameFailures", 100, 1, 1_000_000,
      "Failed sign-ins per user name from all addresses per window past which each address gets only one attempt at that name per window.");
  public static final Setting<Integer> LOGIN_THREADS = Setting.integer("auth.loginThreads", 1, 1, 16,
      "Threads that check passwords; the rest of the workers stay free for chat replies however many sign-ins arrive.");
  public static final Setting<Integer> LOGIN_QUEUE = Setting.integer("auth.loginQueue", 8, 0, 10_000,
      "Sign-ins that may wait for a password-checking thread, in each of two lanes (addresses on their first three attempts of the window, and the others); more get 429 at once.");

  private HandoffSettings() {
  }

  public static List<Setting<?>> all() {
    return List.of(AGENTS_FILE, DEMO_PASSWORD, JWT_SECRET, TOKEN_TTL, LOGIN_FAILURES, LOGIN_ADDRESS_FAILURES,
        LOGIN_NAME_FAILURES, LOGIN_WINDOW, LOGIN_THREADS, LOGIN_QUEUE, QUEUES, HOURS, TARGET_WAIT, TICKET_QUEUES, AUTO_ASSIGN, CANNED_FILE);
  }
}
