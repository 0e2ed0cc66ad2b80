package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.relevo.channels.slack.SlackSignature;
import io.relevo.testkit.Arrivals;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A local server speaking the Slack Web API methods approvals use ({@code chat.postMessage},
 * {@code chat.postEphemeral}, {@code chat.update}, {@code views.open}, {@code users.lookupByEmail},
 * {@code users.info} with {@code include_locale}) with Slack's documented payload shapes, recording
 * every call; and what Slack sends Relevo (signed events and interactions, clicks). Each message
 * posted is recorded with where Slack keeps it ({@code answered}: channel and ts), which a click on
 * it names. One per test class; thread-safe (calls arrive on the server's event loop).
 */
final class SlackStandIn {

  static final String TOKEN = "xoxb-approvals";

  /** Every Web API call, its method under "method". */
  final Arrivals<JsonObject> calls = new Arrivals<>();
  private final String team;
  private final String secret;
  /** The people Slack knows: user id, then e-mail, name and locale. */
  private final Map<String, String[]> users;
  private HttpServer server;
  private Relevo relevo;

  SlackStandIn(String team, String secret, Map<String, String[]> users) {
    this.team = team;
    this.secret = secret;
    this.users = Map.copyOf(users);
  }

  /** Starts the server on a free port; its Web API base URL. */
  String start(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String method = req.path().substring(req.path().lastIndexOf('/') + 1);
      JsonObject answer = new JsonObject().put("ok", true);
      if (!("Bearer " + TOKEN).equals(req.getHeader("Authorization"))) {
        answer = new JsonObject().put("ok", false).put("error", "invalid_auth");
      } else if (method.equals("users.lookupByEmail") || method.equals("users.info")) {
        String email = req.getParam("email");
        String id = req.getParam("user");
        var found = users.entrySet().stream().filter(e -> e.getKey().equals(id) || e.getValue()[0].equals(email)).findFirst();
        answer = found.isEmpty() ? new JsonObject().put("ok", false).put("error", "users_not_found")
            : answer.put("user", new JsonObject().put("id", found.get().getKey()).put("team_id", team)
                .put("name", found.get().getValue()[1].toLowerCase()).put("real_name", found.get().getValue()[1])
                .put("profile", new JsonObject().put("email", found.get().getValue()[0]).put("real_name", found.get().getValue()[1])));
        if (!found.isEmpty() && "true".equals(req.getParam("include_locale"))) {
          answer.getJsonObject("user").put("locale", found.get().getValue()[2]);
        }
        calls.add(new JsonObject().put("method", method).put("email", email).put("user", id)
            .put("include_locale", req.getParam("include_locale")));
      } else {
        JsonObject body = b.toJsonObject();
        String channel = body.getString("channel", "");
        // a DM to a user id lands in the DM channel Slack keeps with them
        answer.put("channel", channel.startsWith("U") ? "D" + channel.substring(1) : channel)
            .put("ts", body.getString("ts", System.nanoTime() + ".0001"));
        calls.add(body.copy().put("method", method).put("answered", new JsonObject().put("channel", answer.getString("channel"))
            .put("ts", answer.getString("ts"))));
      }
      req.response().putHeader("Content-Type", "application/json").end(answer.encode());
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + server.actualPort() + "/api";
  }

  /** The Relevo that Slack sends events and interactions to. */
  void serves(Relevo relevo) {
    this.relevo = relevo;
  }

  Api.Response signed(String path, String body, String contentType) {
    long now = System.currentTimeMillis() / 1000;
    String signature = "v0=" + SlackSignature.sign(secret, "v0:" + now + ":" + body);
    return new Api(relevo.port()).send("POST", path, body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", contentType,
        "X-Slack-Request-Timestamp", Long.toString(now), "X-Slack-Signature", signature));
  }

  /** {@code user} writes {@code text} in their DM {@code channel}. */
  void dm(String user, String channel, String text) {
    String ts = System.nanoTime() / 1000 + ".000100";
    JsonObject event = new JsonObject().put("type", "message").put("channel", channel).put("user", user).put("text", text)
        .put("ts", ts).put("event_ts", ts).put("channel_type", "im");
    JsonObject body = new JsonObject().put("token", "x").put("team_id", team).put("api_app_id", "A0RELEVO1").put("event", event)
        .put("type", "event_callback").put("event_id", "Ev" + System.nanoTime()).put("event_time", 1355517523);
    assertThat(signed("/api/v1/slack/events", body.encode(), "application/json").status()).isEqualTo(200);
  }

  Api.Response interaction(JsonObject payload) {
    return signed("/api/v1/slack/interactions", "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8),
        "application/x-www-form-urlencoded");
  }

  /** A click on {@code button} of the message Slack stored in {@code channel} at {@code ts}. */
  JsonObject click(String user, String channel, String ts, JsonObject button, String triggerId) {
    JsonObject action = new JsonObject().put("action_id", button.getString("action_id")).put("block_id", button.getString("block_id"))
        .put("text", button.getJsonObject("text")).put("value", button.getString("value")).put("type", "button")
        .put("action_ts", System.nanoTime() / 1000 + ".2");
    return new JsonObject().put("type", "block_actions").put("user", new JsonObject().put("id", user).put("team_id", team))
        .put("api_app_id", "A0RELEVO1").put("token", "x").put("trigger_id", triggerId)
        .put("team", new JsonObject().put("id", team))
        .put("container", new JsonObject().put("type", "message").put("message_ts", ts).put("channel_id", channel).put("is_ephemeral", false))
        .put("channel", new JsonObject().put("id", channel))
        .put("message", new JsonObject().put("type", "message").put("ts", ts).put("text", "..."))
        .put("actions", new JsonArray().add(action));
  }

  /** A click on {@code button} of {@code message} (as chat.postMessage sent it), where Slack keeps it. */
  JsonObject click(String user, JsonObject message, JsonObject button, String triggerId) {
    JsonObject at = message.getJsonObject("answered");
    return click(user, at.getString("channel"), at.getString("ts"), button, triggerId);
  }

  /** The modal's submission by {@code user} with {@code reason}, as Slack sends a {@code view_submission}. */
  JsonObject submission(String user, String viewId, JsonObject modal, String reason) {
    return new JsonObject().put("type", "view_submission").put("team", new JsonObject().put("id", team))
        .put("user", new JsonObject().put("id", user).put("team_id", team)).put("api_app_id", "A0RELEVO1")
        .put("view", new JsonObject().put("id", viewId).put("type", "modal").put("callback_id", modal.getString("callback_id"))
            .put("private_metadata", modal.getString("private_metadata"))
            .put("state", new JsonObject().put("values", new JsonObject().put("reason", new JsonObject()
                .put("reason", new JsonObject().put("type", "plain_text_input").put("value", reason))))));
  }

  JsonObject await(String method, Predicate<JsonObject> which) {
    return calls.await(c -> method.equals(c.getString("method")) && which.test(c), method);
  }

  /** The chat.update calls on the message at {@code ts}. */
  List<JsonObject> updatesOf(String ts) {
    return calls.all().stream().filter(c -> "chat.update".equals(c.getString("method")) && ts.equals(c.getString("ts"))).toList();
  }

  /** The update of the message {@code asked} (as chat.postMessage sent it), once it arrives. */
  JsonObject updateOf(JsonObject asked) {
    JsonObject at = asked.getJsonObject("answered");
    return await("chat.update", m -> at.getString("channel").equals(m.getString("channel")) && at.getString("ts").equals(m.getString("ts")));
  }

  /** Every button of a message's blocks (an actions block's elements, a section's accessory), with its block id. */
  static List<JsonObject> buttons(JsonObject message) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : message.getJsonArray("blocks")) {
      JsonObject block = (JsonObject) o;
      if (block.getJsonObject("accessory") != null) {
        out.add(block.getJsonObject("accessory").copy().put("block_id", block.getString("block_id")));
      }
      for (Object e : block.getJsonArray("elements", new JsonArray())) {
        if ("button".equals(((JsonObject) e).getString("type"))) {
          out.add(((JsonObject) e).copy().put("block_id", block.getString("block_id")));
        }
      }
    }
    return out;
  }

  static JsonObject button(JsonObject message, String value) {
    return buttons(message).stream().filter(b -> value.equals(b.getString("value")) || value.equals(b.getString("action_id")))
        .findFirst().orElseThrow(() -> new AssertionError("no button " + value + " in " + message.encode()));
  }
}
