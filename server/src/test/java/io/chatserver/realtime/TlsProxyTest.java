package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatserver.ClientScript;
import io.chatserver.RedisProcess;
import io.chatserver.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "TLS": the repository's deploy/nginx-tls.conf on loopback with a self-signed
 * certificate made by openssl, in front of a node: REST over HTTPS, Socket.IO over wss:// (and
 * polling over HTTPS) with the official JavaScript client, plain HTTP redirected.
 */
class TlsProxyTest {

  @Test
  void theRepositorysTlsConfigServesHttpsAndWss() throws Exception {
    Path dir = Files.createTempDirectory("chat-tls");
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(), "-out", cert.toString());
    int plainPort = RedisProcess.freePort();

    try (TestServer node = TestServer.start();
         NginxProcess nginx = new NginxProcess(Path.of("..", "deploy", "nginx-tls.conf"),
             List.of(node.chatServer().port()), Map.of(
                 "listen 443 ssl;", "listen 127.0.0.1:{port} ssl;",
                 "listen 80;", "listen 127.0.0.1:" + plainPort + ";",
                 "/etc/ssl/chat/fullchain.pem", cert.toString(),
                 "/etc/ssl/chat/privkey.pem", key.toString()))) {
      String https = "https://127.0.0.1:" + nginx.port;

      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(cert)).build();
      HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(https + "/api/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("ok");
      assertThat(health.headers().firstValue("Strict-Transport-Security")).isPresent();

      // It is the certificate that makes the connection: a client that does not trust it is refused.
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(https + "/api/health")).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);

      HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + plainPort + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(plain.statusCode()).isEqualTo(301);
      assertThat(plain.headers().firstValue("Location")).hasValue("https://127.0.0.1/api/health");

      // Register, log in and chat over HTTPS and wss:// (node trusts the certificate through its CA list).
      for (String transport : new String[] {"websocket", "upgrade"}) {
        ClientScript.node(Map.of("NODE_EXTRA_CA_CERTS", cert.toString()), "chat-scenario.mjs", "SCENARIO OK",
            https, transport);
      }
    }
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
