package io.relevo.core.http;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.conversation.ConversationException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The API's error responses: {@code {"error":{"code","message"}}} with a fitting status, for
 * every failure a route can have. A client never sees a stack trace or a hung request.
 */
public final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {
  }

  /** An error a handler raises on purpose; the failure handler turns it into a response. */
  public static final class ApiException extends RuntimeException {
    final int status;
    final String code;
    final Duration retryAfter;

    public ApiException(int status, String code, String message) {
      this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Duration retryAfter) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  public static JsonObject body(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }

  /** Maps any failure to an {@link ApiException}. */
  public static ApiException classify(Throwable failure, int statusCode) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof ConversationException ce) {
      return switch (ce.reason()) {
        case NOT_FOUND -> new ApiException(404, "not_found", "No such conversation.");
        case UNAUTHENTICATED -> new ApiException(401, "unauthorized", "A conversation token is required (Authorization: Bearer <token>).");
        case FORBIDDEN -> new ApiException(403, "forbidden", "This token does not grant access to this conversation.");
        case CLOSED -> new ApiException(409, "conversation_closed", "The conversation is closed; start a new one.");
        case TIMEOUT -> new ApiException(503, "processing_timeout",
            "Your message is stored but the answer is late; send it again with the same clientMessageId to get it.", Duration.ofSeconds(1));
        case UNAVAILABLE -> new ApiException(503, "unavailable", "The service is briefly unavailable; please retry.", Duration.ofSeconds(1));
      };
    }
    if (failure instanceof io.relevo.core.approvals.ApprovalException ae) {
      return new ApiException(ae.status(), ae.code(), ae.getMessage());
    }
    if (failure instanceof io.relevo.core.tickets.TicketException te) {
      return switch (te.reason()) {
        case NOT_FOUND -> new ApiException(404, "not_found", "No such ticket.");
        case INVALID -> new ApiException(400, "invalid_ticket", te.getMessage());
        case CONFLICT -> new ApiException(409, "ticket_conflict", te.getMessage());
        case UNAVAILABLE -> new ApiException(503, "unavailable", "The ticket store is briefly unavailable; please retry.", Duration.ofSeconds(1));
      };
    }
    if (failure instanceof io.vertx.core.http.HttpClosedException) {
      return new ApiException(499, "client_closed", "The client closed the connection.");
    }
    return switch (statusCode) {
      case 400 -> new ApiException(400, "bad_request", "The request is malformed.");
      case 401 -> new ApiException(401, "unauthorized", "Authentication is required.");
      case 403 -> new ApiException(403, "forbidden", "Not allowed.");
      case 404 -> new ApiException(404, "not_found", "Nothing here.");
      case 405 -> new ApiException(405, "method_not_allowed", "This method is not allowed here.");
      case 413 -> new ApiException(413, "message_too_large", "The request body is too large.");
      case 415 -> new ApiException(415, "unsupported_media_type", "Send application/json.");
      default -> {
        if (statusCode >= 400 && statusCode < 500) {
          yield new ApiException(statusCode, "bad_request", "The request cannot be handled.");
        }
        LOG.error("Unexpected failure handling a request", failure);
        yield new ApiException(500, "internal_error", "Something went wrong on our side.");
      }
    };
  }

  /** The router's failure handler. */
  public static void handle(RoutingContext ctx) {
    ApiException e = classify(ctx.failure(), undecodable(ctx.failure()) ? 400 : ctx.statusCode());
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    send(response, e);
  }

  /** A request body the HTTP decoder could not read (a broken chunk size...): the client's mistake. */
  private static boolean undecodable(Throwable failure) {
    if (failure instanceof io.netty.handler.codec.DecoderException) {
      return true;
    }
    StackTraceElement[] at = failure == null ? new StackTraceElement[0] : failure.getStackTrace();
    return at.length > 0 && at[0].getClassName().startsWith("io.netty.handler.codec.");
  }

  /**
   * The HTTP server's handler of requests it cannot decode (a request line or headers too long,
   * a malformed request): the same JSON error body as every other error, then the connection closes.
   */
  public static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    ApiException e = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException
        ? new ApiException(414, "uri_too_long", "The request line is too long.")
        : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException
            ? new ApiException(431, "headers_too_large", "The request headers are too large.")
            : new ApiException(400, "bad_request", "The request is malformed.");
    request.response().putHeader("Connection", "close");
    send(request.response(), e);
  }

  public static void send(HttpServerResponse response, ApiException e) {
    response.setStatusCode(e.status == 499 ? 400 : e.status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store");
    if (e.retryAfter != null) {
      response.putHeader("Retry-After", Long.toString(Math.max(1, (e.retryAfter.toMillis() + 999) / 1000)));
    }
    if (e.status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.end(body(e.code, e.getMessage()).encode());
  }
}
