package io.relevo.app.bench;

import io.relevo.app.bench.LoadClient.Conn;
import io.relevo.app.bench.LoadClient.Msg;
import io.vertx.core.json.JsonObject;

/**
 * What a {@link LoadClient} connection does on its event loop: sends the next message, reads the
 * frames that come back (acks, the bot's answers, errors; or the echoed frame) and times each turn
 * in its {@link Phase}, sending again at once in a closed loop. Each connection is confined to its
 * event loop; the phase's counters are thread-safe.
 */
final class Frames {

  private final LoadErrors errors;

  Frames(LoadErrors errors) {
    this.errors = errors;
  }

  void send(Conn c, long t0) {
    Phase phase = c.phase;
    if (phase == null || c.socket == null || c.closing) {
      return;
    }
    Msg m = c.mine.get(c.nextMessage++ % c.mine.size());
    String cmid = "b" + c.sequence++;
    c.byClientId.put(cmid, t0);
    phase.sent.incrementAndGet();
    phase.outstanding.incrementAndGet();
    c.socket.writeTextMessage(new JsonObject().put("type", "message").put("text", m.text())
        .put("clientMessageId", cmid).encode())
        .onFailure(e -> {
          if (c.byClientId.remove(cmid) != null) {
            phase.outstanding.decrementAndGet();
          }
          errors.error(phase, "send failed: " + e.getMessage());
        });
  }

  void onFrame(Conn c, String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      errors.error(c.phase, "not JSON: " + text);
      return;
    }
    if (c.echo()) {
      Long t0 = c.byClientId.remove(frame.getString("clientMessageId", ""));
      if (t0 != null) {
        answered(c, t0);
      }
      return;
    }
    switch (frame.getString("type", "")) {
      case "ack" -> {
        Long t0 = c.byClientId.remove(frame.getString("clientMessageId", ""));
        String messageId = frame.getString("messageId");
        if (t0 != null) {
          if (c.early.remove(messageId)) {
            remember(c, messageId);
            answered(c, t0);
          } else {
            c.byMessageId.put(messageId, t0);
          }
        }
      }
      case "message" -> {
        JsonObject m = frame.getJsonObject("message");
        if (m == null || !"bot".equals(m.getString("role"))) {
          return;
        }
        String inReplyTo = m.getString("inReplyTo");
        if (inReplyTo == null) {
          c.greeted.tryComplete();
          return;
        }
        Long t0 = c.byMessageId.remove(inReplyTo);
        if (t0 != null) {
          remember(c, inReplyTo);
          answered(c, t0);
        } else if (!c.answered.contains(inReplyTo) && c.phase != null) {
          c.early.add(inReplyTo); // the answer came before the ack
        }
      }
      case "error" -> {
        String cmid = frame.getString("clientMessageId");
        Phase phase = c.phase;
        if (cmid != null && c.byClientId.remove(cmid) != null && phase != null) {
          phase.outstanding.decrementAndGet();
          if (phase.closedLoop && phase.sending) {
            send(c, System.nanoTime());
          }
        }
        errors.error(phase, "error frame: " + frame.getJsonObject("error", new JsonObject()).encode());
      }
      default -> {
        // pong, typing, queue updates: not a turn
      }
    }
  }

  private static void remember(Conn c, String messageId) {
    c.answered.add(messageId);
    if (c.answered.size() > 8) {
      c.answered.remove(c.answered.iterator().next());
    }
  }

  private void answered(Conn c, long t0) {
    Phase phase = c.phase;
    if (phase == null) {
      return;
    }
    long now = System.nanoTime();
    phase.outstanding.decrementAndGet();
    if (t0 >= phase.windowStart && t0 < phase.windowEnd) {
      long micros = Math.min(Phase.MAX_LATENCY_MICROS, Math.max(0, (now - t0) / 1000));
      phase.recorder.recordValue(micros);
      phase.worstBySecond.accumulateAndGet((int) ((t0 - phase.windowStart) / 1_000_000_000L), micros, Math::max);
    }
    if (now >= phase.windowStart && now < phase.windowEnd) {
      phase.completed.incrementAndGet();
    }
    if (phase.closedLoop && phase.sending) {
      send(c, now);
    }
  }
}
