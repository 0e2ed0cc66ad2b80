package io.relevo.handoff.admin;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;

import io.relevo.core.analytics.AnalyticsReport;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.auth.AgentAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The operators' analytics (supervisor role): {@code GET /api/v1/analytics} — containment and
 * self-service success, deflection per article, top intents, top unanswered questions, handoff
 * reasons, satisfaction and time to an agent, totals and per day — and
 * {@code GET /api/v1/analytics/export?table=days|articles|intents|handoffReasons|unanswered} as CSV.
 * Both take {@code from} and {@code to} (dates, inclusive; the last 30 days by default) and
 * {@code channel} ({@code all} by default). Stateless.
 */
public final class AnalyticsRoutes {

  private static final Set<String> TABLES = Set.of("days", "articles", "intents", "handoffReasons", "unanswered");

  private final AgentAuth auth;
  private final AnalyticsReport report;

  public AnalyticsRoutes(AgentAuth auth, AnalyticsReport report) {
    this.auth = auth;
    this.report = report;
  }

  public void mount(Router router) {
    router.get("/api/v1/analytics").handler(auth.require(AgentRole.SUPERVISOR)).handler(this::json);
    router.get("/api/v1/analytics/export").handler(auth.require(AgentRole.SUPERVISOR)).handler(this::csv);
  }

  private record Query(LocalDate from, LocalDate to, String channel) {
  }

  private Query query(RoutingContext ctx) {
    LocalDate to = date(ctx, "to", report.today());
    LocalDate from = date(ctx, "from", to.minusDays(29).isBefore(LocalDate.of(2000, 1, 1)) ? to : to.minusDays(29));
    if (to.isBefore(from)) {
      throw new ApiException(400, "bad_request", "'from' must not be after 'to'.");
    }
    if (from.plusDays(AnalyticsReport.MAX_DAYS - 1).isBefore(to)) {
      throw new ApiException(400, "bad_request", "A period covers at most " + AnalyticsReport.MAX_DAYS + " days.");
    }
    String channel = ctx.request().getParam("channel");
    if (channel == null || channel.isBlank() || channel.equals("all")) {
      channel = null;
    } else if (!channel.matches("[a-z][a-z0-9_-]{0,31}")) {
      throw new ApiException(400, "bad_request", "'channel' must be all or a channel name such as web, slack or teams.");
    }
    return new Query(from, to, channel);
  }

  private static LocalDate date(RoutingContext ctx, String name, LocalDate otherwise) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return otherwise;
    }
    LocalDate d;
    try {
      d = LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw new ApiException(400, "bad_request", "'" + name + "' must be a date written YYYY-MM-DD.");
    }
    if (d.getYear() < 2000 || d.getYear() > 2999) {
      throw new ApiException(400, "bad_request", "'" + name + "' must be a date from 2000 to 2999.");
    }
    return d;
  }

  private void json(RoutingContext ctx) {
    Query q = query(ctx);
    report.report(q.from(), q.to(), q.channel()).onSuccess(r -> ctx.response()
            .putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
            .end(r.encode()))
        .onFailure(ctx::fail);
  }

  private void csv(RoutingContext ctx) {
    Query q = query(ctx);
    String table = ctx.request().getParam("table", "days");
    if (!TABLES.contains(table)) {
      throw new ApiException(400, "bad_request", "'table' must be one of " + String.join(", ", new java.util.TreeSet<>(TABLES)) + ".");
    }
    report.report(q.from(), q.to(), q.channel()).onSuccess(r -> {
      String body = table.equals("days") ? AnalyticsReport.daysCsv(r) : AnalyticsReport.tableCsv(r, table);
      String file = "relevo-" + table + "-" + q.from() + "-" + q.to() + (q.channel() == null ? "" : "-" + q.channel()) + ".csv";
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
          .putHeader("Cache-Control", "no-store")
          .end("\uFEFF" + body); // a byte order mark, so spreadsheets read UTF-8
    }).onFailure(ctx::fail);
  }

}
