package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * A request that a group of approvers decides, for the chat platforms' approval tests: the flow
 * {@code request_parking} (one step, {@code group:parking}, no escalation) in a flows directory,
 * the request made (and withdrawn) in the web chat, decided or cancelled in the console, through the public APIs.
 */
final class ParkingRequests {

  private ParkingRequests() {
  }

  /** A flows directory under {@code dir} holding the flow; for {@code RELEVO_FLOWS_DIR}. */
  static Path flows(Path dir) throws IOException {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("request_parking.yaml"), """
        id: request_parking
        intent: request_parking
        department: facilities
        catalogue:
          title: { en: Parking space, es: Plaza de aparcamiento }
          description: { en: "A parking space for a day.", es: "Una plaza de aparcamiento para un día." }
        approval:
          - approver: group:parking
            escalateTo: none
        ticket: { kind: request, title: "Parking: {plate}", category: parking }
        slots:
          - name: plate
            type: text
            min: 4
            max: 12
            ask: { en: "Your car's plate?", es: "¿La matrícula?" }
        confirm: { en: "Parking for {plate}. Shall I send it?", es: "Aparcamiento para {plate}. ¿Lo envío?" }
        done: { en: "Sent: request {ticket}.", es: "Enviado: solicitud {ticket}." }
        """);
    return flows;
  }

  /** Requests a parking space for {@code plate} in the English web conversation {@code c}; the request's id. */
  static String request(Api api, Api.Conversation c, String plate) {
    assertThat(last(choose(api, c, "form.start:request_parking"))).contains("plate");
    assertThat(last(say(api, c, plate))).contains("Shall I send it?");
    List<JsonObject> done = choose(api, c, "form.yes");
    Matcher m = Pattern.compile("REQ-\\d{6}").matcher(String.join("\n", done.stream().map(j -> j.getString("text")).toList()));
    assertThat(m.find()).as("a request id in %s", done).isTrue();
    return m.group();
  }

  /** Withdraws the request {@code id} in the chat, as a person would: "can you cancel that", then "yes". */
  static void withdrawInTheChat(Api api, Api.Conversation c, String id) {
    assertThat(last(say(api, c, "actually can you cancel that"))).contains(id);
    assertThat(last(say(api, c, "yes"))).contains(id).contains("cancelled");
  }

  /** Withdraws the request {@code id} as its requester, through the public API. */
  static void withdraw(Api api, Api.Conversation c, String id) {
    Api.Response r = api.post("/api/v1/tickets/" + id + "/withdraw?conversation=" + c.id(), "{}", c.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /** {@code agent} signs in to the console's API and decides the request's first step; the ticket's status after it. */
  static String decideInTheConsole(Api api, String agent, String password, String id, String decision) {
    Api.Response decided = decidingInTheConsole(api, login(api, agent, password), id, decision);
    assertThat(decided.status()).as(decided.body()).isEqualTo(200);
    return decided.json().getString("ticketStatus");
  }

  /** The answer to a decision on the request's first step in the console, by the agent signed in with {@code token}. */
  static Api.Response decidingInTheConsole(Api api, String token, String id, String decision) {
    return api.send("POST", "/api/v1/agent/approvals/" + id + ".1/decision",
        new JsonObject().put("decision", decision).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.util.Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
  }

  /** {@code agent} signs in to the console's API and cancels the request (its status); the ticket's status after it. */
  static String cancelInTheConsole(Api api, String agent, String password, String id) {
    Api.Response cancelled = api.post("/api/v1/agent/tickets/" + id + "/status",
        new JsonObject().put("status", "cancelled").put("note", "Booked by phone instead").encode(), login(api, agent, password));
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    return cancelled.json().getString("status");
  }

  /** The approval ids waiting for the agent signed in with {@code token}, as the console lists them. */
  static List<String> pendingInTheConsole(Api api, String token) {
    Api.Response r = api.get("/api/v1/agent/approvals", token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("approvals").stream().map(a -> ((JsonObject) a).getString("id")).toList();
  }

  /** {@code agent}'s token for the console's API. */
  static String login(Api api, String agent, String password) {
    Api.Response login = api.post("/api/v1/agents/login", new JsonObject().put("username", agent).put("password", password)
        .encode(), null);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    return login.json().getString("token");
  }

  /** What the bot answers {@code text} in {@code c}: its last reply. */
  static String ask(Api api, Api.Conversation c, String text) {
    return last(say(api, c, text));
  }

  private static List<JsonObject> choose(Api api, Api.Conversation c, String payload) {
    Api.Response r = api.post("/api/v1/conversations/" + c.id() + "/messages",
        new JsonObject().put("text", payload).put("payload", payload).encode(), c.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.messages();
  }

  private static List<JsonObject> say(Api api, Api.Conversation c, String text) {
    Api.Response r = api.say(c, text, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.messages();
  }

  private static String last(List<JsonObject> replies) {
    return replies.get(replies.size() - 1).getString("text");
  }
}
