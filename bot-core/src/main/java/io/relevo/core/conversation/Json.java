package io.relevo.core.conversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON mapping of the conversation model, shared by the store and the channels. Thread-safe. */
public final class Json {

  /** Configured for the wire format: ISO-8601 times, unknown properties ignored. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static byte[] writeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The stored form of a message: without id, conversation and time, which the log supplies. */
  static String stored(Message m) {
    return write(m.stored(null, null, null));
  }

  static Message fromStored(String conversationId, String id, String json) {
    try {
      return MAPPER.readValue(json, Message.class).stored(id, conversationId, timeOf(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Message fromStored(String conversationId, String id, JsonNode node) {
    try {
      return MAPPER.treeToValue(node, Message.class).stored(id, conversationId, timeOf(id));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses {@code [{"id":..,"m":{..}},..]} as written by the commit script. */
  static List<Message> replies(String conversationId, JsonNode array) {
    List<Message> out = new ArrayList<>(array.size());
    for (JsonNode e : array) {
      out.add(fromStored(conversationId, e.get("id").asText(), e.get("m")));
    }
    return out;
  }

  static List<Message> replies(String conversationId, String json) {
    try {
      return replies(conversationId, MAPPER.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stream ids start with the server's time in milliseconds. */
  static Instant timeOf(String streamId) {
    int dash = streamId.indexOf('-');
    return Instant.ofEpochMilli(Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash)));
  }

  /** Whether {@code a} comes after {@code b} in a stream (ids "ms-seq"). */
  public static boolean isAfter(String a, String b) {
    if (b == null) {
      return true;
    }
    int da = a.indexOf('-');
    int db = b.indexOf('-');
    long ma = Long.parseLong(a.substring(0, da));
    long mb = Long.parseLong(b.substring(0, db));
    if (ma != mb) {
      return ma > mb;
    }
    return Long.parseLong(a.substring(da + 1)) > Long.parseLong(b.substring(db + 1));
  }

  /** Whether {@code id} has the form of a message id. */
  public static boolean isMessageId(String id) {
    return id != null && id.matches("\\d{1,19}-\\d{1,19}");
  }
}
