package io.chatserver.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.regex.Pattern;

/**
 * The browser chat client (decision 44), served from the jar: {@code /} is its page, {@code /assets/*}
 * its modules and styles (src/main/resources/webclient), and {@code /socket.io/socket.io.min.js} (with the
 * other builds and source maps the Node server serves there) the official socket.io-client bundle, which
 * the build copies from the npm package (src/main/js) into the jar. Nothing is fetched at run time.
 */
public final class WebClientRoutes {

  /** The client bundles the Node server serves under its path (its {@code serveClient} option). */
  private static final Pattern CLIENT_BUNDLE =
      Pattern.compile("/socket\\.io/socket\\.io(\\.esm)?(\\.min)?\\.js(\\.map)?");

  /**
   * Only our own scripts, styles and connections: the page loads nothing from elsewhere, has no inline
   * script or style, and cannot be framed. {@code connect-src 'self'} also covers the same-origin
   * WebSocket.
   */
  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      "connect-src 'self'",
      "manifest-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  private WebClientRoutes() {}

  /**
   * True for the paths of the client bundles: the Socket.IO engine claims everything else under
   * {@code /socket.io/}, these exact paths go to the router.
   */
  public static boolean servesClientBundle(String path) {
    return path != null && CLIENT_BUNDLE.matcher(path).matches();
  }

  public static void register(Router router) {
    StaticHandler root = files("webclient");
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(WebClientRoutes::headers).handler(root);
    router.route("/assets/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(WebClientRoutes::headers).handler(files("webclient/assets"));
    router.routeWithRegex(CLIENT_BUNDLE.pattern()).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(WebClientRoutes::headers).handler(root);
  }

  private static StaticHandler files(String webRoot) {
    return StaticHandler.create(webRoot)
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        .setIndexPage("index.html")
        .setDefaultContentEncoding("UTF-8");
  }

  /**
   * Set before the static handler, which keeps headers already present: {@code no-cache} so that a
   * browser revalidates each file (Last-Modified, answered 304) and a new release is seen at once,
   * since the file names carry no version; plus the security headers of a page.
   */
  private static void headers(RoutingContext ctx) {
    ctx.response().headers()
        .set("Cache-Control", "no-cache")
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Cross-Origin-Opener-Policy", "same-origin");
    if (ctx.normalizedPath().endsWith(".map")) { // a source map; Vert.x knows no type for the suffix
      ctx.response().putHeader("Content-Type", "application/json");
    }
    ctx.next();
  }
}
