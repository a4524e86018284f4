package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chatserver.TestServer.Account;
import io.chatserver.http.ErrorHandler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Requests the HTTP decoder lets through but that are still wrong (found by {@link FuzzTest}): no or an
 * unparseable Host, a broken chunk, a form body, a bad percent-escape, an unknown HTTP version or
 * expectation, a client hanging up mid-body. Each gets a JSON {@code {"message"}} answer with a 4xx/505
 * status, and none makes the node log an ERROR (input a client controls must not flood the log).
 */
@ExtendWith(TestServerExtension.class)
class OddRequestTest {

  static TestServer server; // started and closed by TestServerExtension
  static Account alice;

  @BeforeAll
  static void start() throws Exception {
    alice = server.account("odd");
  }

  @Test
  void aMissingOrUnparseableHostIs400Json() throws Exception {
    try (LogCapture log = new LogCapture()) {
      assertJsonError("GET /api/users HTTP/1.1\r\n\r\n", 400, "Host");
      assertJsonError("GET /api/users HTTP/1.1\r\nHost: [::1\r\n\r\n", 400, "Host");
      assertJsonError("DELETE /api/users/1 HTTP/1.1\r\nAuthorization: Bearer " + alice.token() + "\r\n\r\n", 400,
          "Host");
      assertJsonError("POST /socket.io%2F?EIO=4&transport=polling HTTP/1.1\r\nContent-Type: text/plain\r\n"
          + "Content-Length: 2\r\n\r\n40", 400, "Host");
      assertThat(log.text()).doesNotContain("ERROR");
    }
    // HTTP/1.0 has no Host requirement.
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      client.send("GET /api/health HTTP/1.0\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(200);
    }
  }

  @Test
  void aBrokenChunkIs400JsonAndClosesTheConnection() throws Exception {
    try (LogCapture log = new LogCapture()) {
      assertJsonError("POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400, "body");
      assertThat(log.text()).doesNotContain("ERROR");
    }
  }

  @Test
  void aFormBodyIs400Json() throws Exception {
    try (LogCapture log = new LogCapture()) {
      assertJsonError("GET /api/users HTTP/1.1\r\nHost: test\r\nContent-Type: multipart/form-data; boundary=x\r\n"
          + "Content-Length: 2\r\n\r\n{}", 400, "JSON");
      assertJsonError("GET /api/users HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: 3\r\n\r\na=b", 400, "JSON");
      assertJsonError("POST /api/messages HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + alice.token() + "\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 17\r\n\r\n{\"content\":\"hi\"}", 400,
          "JSON");
      assertThat(log.text()).doesNotContain("ERROR");
    }
    // An empty body under a form type (HttpURLConnection's default on a POST) is no form: answered as usual.
    Account leaving = server.account("oddform");
    for (String request : List.of("GET /api/users HTTP/1.1\r\n",
        "POST /api/auth/logout HTTP/1.1\r\nAuthorization: Bearer " + leaving.token() + "\r\n")) {
      try (RawHttp client = new RawHttp(server.chatServer().port())) {
        client.send(request + "Host: test\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 0\r\n\r\n");
        assertThat(client.read().status()).as(request).isEqualTo(200);
      }
    }
  }

  @Test
  void aBadPercentEscapeInThePathIs400Json() throws Exception {
    try (LogCapture log = new LogCapture()) {
      for (String path : List.of("/api/users/%", "/api/users/%zz", "/api/fil%es/private/7", "/api/messages/1%")) {
        assertJsonError("GET " + path + " HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + alice.token()
            + "\r\n\r\n", 400, "encoding");
      }
      assertThat(log.text()).doesNotContain("ERROR");
    }
  }

  @Test
  void aBadPercentEscapeInTheQueryIs400JsonWithoutAnErrorLogged() throws Exception {
    try (LogCapture log = new LogCapture()) {
      for (String target : List.of("/api/messages/private/12?limit=%zz", "/api/messages?limit=%zz",
          "/api/files/private/9?other_user_id=%", "/api/messages?before=%E2%82")) {
        RawHttp.Answer answer = jsonError("GET " + target + " HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer "
            + alice.token() + "\r\n\r\n");
        assertThat(answer.status()).as(target).isEqualTo(400);
      }
      assertThat(log.text()).doesNotContain("ERROR");
    }
  }

  @Test
  void aFragmentInTheRequestTargetIs400Json() throws Exception {
    for (String target : List.of("/api/messages?before=1#frag", "/api/users#x", "/api/users/" + alice.id() + "#x")) {
      assertJsonError("GET " + target + " HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + alice.token()
          + "\r\n\r\n", 400, "#");
    }
  }

  /** Decision C35: the router matches the path after RFC 3986 normalisation, so these name one user. */
  @Test
  void dotSegmentsRepeatedSlashesAndATrailingSlashNameTheSameRoute() throws Exception {
    for (String path : List.of("/api/users/./%d", "/api//users/%d", "/api/users/%d/", "/api/x/../users/%d",
        "/api/users/%%2e/%d")) {
      String target = path.formatted(alice.id(), alice.id());
      try (RawHttp client = new RawHttp(server.chatServer().port())) {
        client.send("GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n");
        RawHttp.Answer answer = client.read();
        assertThat(answer.status()).as(target).isEqualTo(200);
        assertThat(answer.json().getJsonObject("user").getLong("id")).as(target).isEqualTo(alice.id());
      }
    }
  }

  @Test
  void anUnsupportedHttpVersionIs505JsonAndClosesTheConnection() throws Exception {
    try (LogCapture log = new LogCapture()) {
      for (String version : List.of("HTTP/1.2", "HTTP/2.0", "http/1.1", "HTTP/9.9")) {
        assertJsonError("GET /api/users " + version + "\r\nHost: test\r\n\r\n", 505, "version");
        assertClosed("GET /api/users " + version + "\r\nHost: test\r\n\r\n");
      }
      assertJsonError("POST /api/auth/login HTTP/2.0\r\nHost: test\r\nContent-Type: application/json\r\n"
          + "Content-Length: 2\r\n\r\n{}", 505, "version");
      assertJsonError("GET /socket.io/?EIO=4&transport=polling HTTP/1.2\r\nHost: test\r\n\r\n", 505, "version");
      assertThat(log.text()).doesNotContain("ERROR");
    }
  }

  @Test
  void anUnknownExpectationIs417JsonAndContinueStillWorks() throws Exception {
    assertJsonError("POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nExpect: foo\r\n"
        + "Content-Length: 2\r\n\r\n{}", 417, "100-continue");
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      client.send("POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
          + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(100);
      client.send("{}");
      assertThat(client.read().status()).isEqualTo(400);
    }
  }

  /** A closed connection is the client's doing, not a server error: logged at DEBUG only. */
  @Test
  void aClientHangingUpMidBodyIsNoError() throws Exception {
    Logger errors = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
    Level level = errors.getLevel();
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    errors.addAppender(events);
    errors.setLevel(Level.DEBUG); // so that the hang-up shows in the log at whatever level it is logged
    try {
      try (RawHttp client = new RawHttp(server.chatServer().port())) {
        client.send("POST /api/messages HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + alice.token() + "\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"content\":");
      }
      // The error mapper hears of the hang-up (the body handler fails the request with it).
      List<ILoggingEvent> logged =
          await().atMost(Duration.ofSeconds(10)).until(() -> snapshot(events), l -> !l.isEmpty());
      assertThat(logged).allSatisfy(e -> assertThat(e.getLevel()).as(e.getFormattedMessage()).isEqualTo(Level.DEBUG));
    } finally {
      errors.detachAppender(events);
      errors.setLevel(level);
    }
  }

  private static List<ILoggingEvent> snapshot(ListAppender<ILoggingEvent> events) {
    synchronized (events) {
      return List.copyOf(events.list);
    }
  }

  private static void assertJsonError(String request, int status, String messagePart) throws Exception {
    RawHttp.Answer answer = jsonError(request);
    assertThat(answer.status()).as(request).isEqualTo(status);
    assertThat(answer.json().getString("message")).as(request).containsIgnoringCase(messagePart);
  }

  /** Sends {@code request} on a new connection; the answer must be a JSON {@code {"message"}}. */
  private static RawHttp.Answer jsonError(String request) throws Exception {
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      client.send(request);
      RawHttp.Answer answer = client.read();
      assertThat(answer.headers()).as(request).containsEntry("content-type", "application/json");
      assertThat(answer.json().fieldNames()).as(request).containsExactly("message");
      assertThat(answer.json().getString("message")).as(request).isNotBlank();
      return answer;
    }
  }

  private static void assertClosed(String request) throws Exception {
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      client.send(request);
      client.read();
      assertThat(client.closedWithin(Duration.ofSeconds(5))).as(request).isTrue();
    }
  }
}
