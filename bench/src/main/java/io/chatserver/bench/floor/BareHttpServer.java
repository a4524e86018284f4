package io.chatserver.bench.floor;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The HTTP floor: a bare Vert.x HTTP server on the same Vert.x (no routing library, no auth, no database, no
 * JSON encoding) that answers {@code GET /api/messages} (any query) with a fixed body, the page the chat server
 * answered to {@code GET /api/messages?limit=50} during the same run, byte for byte, with the same response
 * headers (captured next to it; framing headers such as Content-Length are Vert.x's own). One event loop, like
 * the chat server. {@code GET /api/health} answers 200 so that scripts can wait for it.
 *
 * <p>Usage: {@code java -cp chat-bench.jar io.chatserver.bench.floor.BareHttpServer PORT BODY_FILE [HEADERS_FILE]};
 * the headers file has one {@code Name: value} per line (without it: Content-Type application/json).
 */
public final class BareHttpServer {
  /** Headers that describe the connection or the framing, not the answer: Vert.x writes its own. */
  private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "date");

  private final Buffer body;
  private final MultiMap headers;

  BareHttpServer(Buffer body, MultiMap headers) {
    this.body = body;
    this.headers = headers;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: BareHttpServer PORT BODY_FILE [HEADERS_FILE]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args[1])));
    MultiMap headers = args.length > 2 ? readHeaders(Files.readAllLines(Path.of(args[2])))
        : MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, "application/json");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    new BareHttpServer(body, headers).listen(vertx, port)
        .onSuccess(p -> System.out.println("floor: bare HTTP server on 127.0.0.1:" + p + ", " + body.length() + " B page, headers "
            + headers.names()))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  /** {@code Name: value} lines; framing headers and blank lines are left out. */
  static MultiMap readHeaders(List<String> lines) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      if (!FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
        h.add(name, line.substring(colon + 1).trim());
      }
    }
    return h;
  }

  /** Starts listening on 127.0.0.1; completes with the actual port. */
  io.vertx.core.Future<Integer> listen(Vertx vertx, int port) {
    return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen(port, "127.0.0.1")
        .map(srv -> srv.actualPort());
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (req.method() == HttpMethod.GET && path.equals("/api/messages")) {
      req.response().headers().addAll(headers);
      req.response().end(body);
    } else if (path.equals("/api/health")) {
      req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{\"status\":\"ok\",\"floor\":true}");
    } else {
      req.response().setStatusCode(404).end();
    }
  }
}
