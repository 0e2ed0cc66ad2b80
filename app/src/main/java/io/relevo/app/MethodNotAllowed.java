package io.relevo.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.relevo.core.http.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers {@code 405 method_not_allowed} with an {@code Allow} header when some route has the
 * request's path but none its method; otherwise passes the request on. Mounted after every
 * method-specific route and before the catch-alls (the API's 404, the static files), which would
 * otherwise answer 404 and hide the router's own 405.
 *
 * <p>Thread-safety: one instance per router, so per {@link HttpVerticle} and event loop; it reads
 * the router's routes once, on its first request, on that event loop, and is not shared.
 */
final class MethodNotAllowed implements Handler<RoutingContext> {

  private record Template(Pattern path, Set<String> methods) {
  }

  private final Router router;
  private List<Template> templates;

  MethodNotAllowed(Router router) {
    this.router = router;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (templates == null) {
      templates = templates(router);
    }
    String path = ctx.normalizedPath();
    Set<String> allowed = new TreeSet<>();
    for (Template t : templates) {
      if (t.path().matcher(path).matches()) {
        allowed.addAll(t.methods());
      }
    }
    if (allowed.isEmpty() || allowed.contains(ctx.request().method().name())) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Allow", String.join(", ", allowed));
    ApiErrors.send(ctx.response(), new ApiErrors.ApiException(405, "method_not_allowed",
        ctx.request().method().name() + " is not allowed here; use " + String.join(", ", allowed) + "."));
  }

  /** The routes with a path template and methods: {@code /api/v1/handoffs/:id/claim} becomes a pattern. */
  private static List<Template> templates(Router router) {
    Map<String, Set<String>> byPath = new LinkedHashMap<>();
    for (Route r : router.getRoutes()) {
      String path = r.getPath();
      if (path == null || path.endsWith("*") || r.methods() == null || r.methods().isEmpty()) {
        continue;
      }
      Set<String> methods = byPath.computeIfAbsent(path, p -> new TreeSet<>());
      r.methods().forEach(m -> methods.add(m.name()));
    }
    List<Template> out = new ArrayList<>();
    byPath.forEach((path, methods) -> out.add(new Template(compile(path), Set.copyOf(methods))));
    return List.copyOf(out);
  }

  private static Pattern compile(String template) {
    StringBuilder regex = new StringBuilder();
    for (String segment : template.split("/", -1)) {
      if (!regex.isEmpty() || !segment.isEmpty()) {
        regex.append('/');
      }
      regex.append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(regex + "/?");
  }
}
