package io.relevo.channels.web;

import io.relevo.core.catalogue.Catalogue;
import io.relevo.core.http.ApiErrors.ApiException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The service catalogue for the widget and the help portal: {@code GET /api/v1/catalogue?lang=es|en&q=}
 * (public, no credentials: it lists what anybody may request), by department, each item with its
 * title and description in the language asked for, whether it needs an approval, and the payload
 * that starts its request in a conversation. Stateless.
 */
public final class CatalogueRoutes {

  private final Catalogue catalogue;
  private final String defaultLocale;

  public CatalogueRoutes(Catalogue catalogue, String defaultLocale) {
    this.catalogue = catalogue;
    this.defaultLocale = defaultLocale;
  }

  public void mount(Router router) {
    router.get("/api/v1/catalogue").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String lang = ctx.request().getParam("lang");
    if (lang != null && io.relevo.texts.Lang.exactly(lang).isEmpty()) {
      throw new ApiException(400, "bad_request", "'lang' must be es or en.");
    }
    String q = ctx.request().getParam("q", "");
    if (q.length() > 200) {
      throw new ApiException(400, "bad_request", "'q' must be at most 200 characters.");
    }
    String l = lang != null ? lang : io.relevo.core.http.Requests.locale(null, ctx.request().getHeader("Accept-Language"),
        defaultLocale);
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .end(catalogue.json(l, catalogue.search(q)).put("query", q).encode());
  }
}
