package io.chatserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.ClientScript;
import io.chatserver.TestServer;
import io.chatserver.TestServer.Res;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser client at {@code /} (decision 44): its files and the socket.io-client bundle come from the
 * jar with the right types, caching and security headers; and in Debian's Chromium, driven by
 * playwright-core (src/test/js/web-client-scenario.mjs), two users chat with it.
 */
class WebClientTest {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void servesThePageWithItsSecurityHeaders() {
    Res page = server.get("/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(header(page, "Content-Type")).isEqualTo("text/html;charset=UTF-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/assets/js/main.js\">")
        .contains("src=\"/socket.io/socket.io.min.js\"");
    assertThat(header(page, "Content-Security-Policy")).isEqualTo(WebClientRoutes.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self'").doesNotContain("unsafe");
    assertThat(header(page, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(page, "Cache-Control")).isEqualTo("no-cache");

    Res module = server.get("/assets/js/main.js", null);
    assertThat(module.status()).isEqualTo(200);
    assertThat(header(module, "Content-Type")).isEqualTo("text/javascript;charset=UTF-8");
    assertThat(server.get("/assets/app.css", null).raw().headers().firstValue("Content-Type"))
        .hasValue("text/css;charset=UTF-8");
  }

  @Test
  void aFileAskedAgainIsNotSentAgain() {
    Res first = server.get("/assets/app.css", null);
    Res again = server.send("GET", "/assets/app.css", null, null,
        Map.of("If-Modified-Since", header(first, "Last-Modified")));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void servesTheOfficialClientBundleBesideTheEngine() {
    Res bundle = server.get("/socket.io/socket.io.min.js", null);
    assertThat(bundle.status()).isEqualTo(200);
    assertThat(header(bundle, "Content-Type")).startsWith("text/javascript");
    assertThat(bundle.body()).startsWith("/*!\n * Socket.IO v4.");
    assertThat(server.get("/socket.io/socket.io.esm.min.js", null).status()).isEqualTo(200);
    Res map = server.get("/socket.io/socket.io.min.js.map", null);
    assertThat(header(map, "Content-Type")).isEqualTo("application/json");
    // Everything else under the path is still the engine's.
    assertThat(server.get("/socket.io/?EIO=4&transport=polling", null).body()).startsWith("0{\"sid\":");
    assertThat(server.get("/socket.io/socket.io.min.jsx", null).status()).isEqualTo(400);
  }

  @Test
  void unknownFilesAndEscapesAreNotFound() {
    Res missing = server.get("/assets/nothing.js", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("message")).isNotBlank();
    assertThat(server.get("/assets/%2e%2e/index.html", null).status()).isEqualTo(404);
    assertThat(server.get("/assets/js/", null).status()).isEqualTo(404); // no directory listing
  }

  /**
   * The screenshots land in target/web-client-screenshots; {@code -Dwebclient.screenshots=../docs/img}
   * refreshes those of the README.
   */
  @Test
  void twoUsersChatInTwoBrowsers() throws Exception {
    Path shots = Path.of(System.getProperty("webclient.screenshots", "target/web-client-screenshots"))
        .toAbsolutePath();
    Files.createDirectories(shots);
    ClientScript.node("web-client-scenario.mjs", "WEB CLIENT OK",
        "http://127.0.0.1:" + server.chatServer().port(), shots.toString());
  }

  private static String header(Res res, String name) {
    return res.raw().headers().firstValue(name).orElse(null);
  }
}
