package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests the HTTP decoder refuses before any route still get the JSON error body of every other
 * error, with the decoder's status, and the connection is closed.
 */
@ExtendWith(TestServerExtension.class)
class MalformedRequestTest {

  static TestServer server; // started and closed by TestServerExtension

  @Test
  void aHugeHeaderIs431Json() throws Exception {
    assertJsonError("GET /api/health HTTP/1.1\r\nHost: test\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n", 431);
  }

  @Test
  void aHugeUrlIs414Json() throws Exception {
    assertJsonError("GET /api/users?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: test\r\n\r\n", 414);
  }

  @Test
  void aBadRequestLineIs400Json() throws Exception {
    assertJsonError("THIS IS NOT HTTP\r\n\r\n", 400);
    assertJsonError("GET /api/health HTTP/9.x\r\nHost: test\r\n\r\n", 400);
  }

  @Test
  void conflictingBodyFramingIs400Json() throws Exception {
    assertJsonError("POST /api/messages HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    assertJsonError("POST /api/messages HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
        + "hello!", 400);
  }

  private static void assertJsonError(String request, int status) throws Exception {
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      client.send(request);
      RawHttp.Answer answer = client.read();
      assertThat(answer.status()).as(request.substring(0, Math.min(60, request.length()))).isEqualTo(status);
      assertThat(answer.headers()).containsEntry("content-type", "application/json");
      assertThat(answer.json().fieldNames()).containsExactly("message");
      assertThat(answer.json().getString("message")).isNotBlank();
      assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
    }
  }
}
