package io.chatserver.apidocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.webjars.WebJarVersionLocator;

/**
 * Decision 45: {@code GET /api/openapi.json}, the REST reference written once in
 * {@code apidocs/openapi.yaml} and served as JSON, and {@code GET /api/docs}, Swagger UI (from its
 * webjar, inside our jar) showing it. Nothing is fetched at run time.
 */
public final class ApiDocsRoutes {

  /** Where the viewer's own files are served; not REST routes, so not in the document. */
  public static final String VIEWER_PREFIX = "/api/docs/";

  private static final String DOCUMENT = "apidocs/openapi.yaml";

  private final Buffer json;
  private final Buffer page;
  private final Buffer init;
  private final String viewerRoot;

  public ApiDocsRoutes() {
    this.json = Buffer.buffer(toJson(read(DOCUMENT)));
    this.page = Buffer.buffer(read("apidocs/index.html"));
    this.init = Buffer.buffer(read("apidocs/init.js"));
    this.viewerRoot = "META-INF/resources/webjars/swagger-ui/" + new WebJarVersionLocator().version("swagger-ui");
  }

  public void register(Router router) {
    router.get("/api/openapi.json").handler(ctx -> send(ctx, "application/json", json));
    router.get("/api/docs").handler(ctx -> send(ctx, "text/html; charset=utf-8", page));
    router.get(VIEWER_PREFIX + "init.js").handler(ctx -> send(ctx, "text/javascript; charset=utf-8", init));
    router.get(VIEWER_PREFIX + "swagger-ui/*").handler(StaticHandler.create(viewerRoot));
  }

  /** The document as parsed from the classpath, for tests that compare it with the router. */
  public static JsonNode document() {
    try {
      return new YAMLMapper().readTree(read(DOCUMENT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(RoutingContext ctx, String type, Buffer body) {
    ctx.response().putHeader("Content-Type", type).end(body);
  }

  private static String toJson(String yaml) {
    try {
      return new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(String resource) {
    try (InputStream in = ApiDocsRoutes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + resource);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
