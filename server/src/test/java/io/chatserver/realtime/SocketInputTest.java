package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer;
import io.chatserver.TestServerExtension;
import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Socket events read text with the same rules as REST bodies: binary, invisible or malformed text is refused. */
@ExtendWith(TestServerExtension.class)
class SocketInputTest {

  static TestServer server; // started and closed by TestServerExtension

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void aBinaryAttachmentIsNotAString(String transport) throws Exception {
    Account alice = server.account("binary");
    Account bob = server.account("binary");
    try (ChatClient a = ChatClient.connected(server.chatServer().port(), alice.token(), transport)) {
      // The client sends byte[] as a binary attachment, which the server used to read as base64 text.
      JsonObject ack = a.call("send_public_message", new JSONObject().put("content", "hi".getBytes()));
      assertThat(ack.getBoolean("ok")).isFalse();
      assertThat(ack.getString("message")).isEqualTo("content must be a string");
      ack = a.call("send_private_message",
          new JSONObject().put("other_user_id", bob.id()).put("content", new byte[] {0, 1, 2}));
      assertThat(ack.getString("message")).isEqualTo("content must be a string");
      ack = a.call("join_private", new JSONObject().put("other_user_id", "3".getBytes()));
      assertThat(ack.getString("message")).contains("positive integer");
    }
    assertThat(publicBy(alice)).isZero();
    assertThat(server.get("/api/messages/private/" + bob.id(), alice.token()).json().getJsonArray("messages"))
        .isEmpty();
  }

  @Test
  void invisibleOrControlContentIsRefused() {
    Account alice = server.account("invisible");
    try (ChatClient a = ChatClient.connected(server.chatServer().port(), alice.token(), "websocket")) {
      JsonObject ack = a.call("send_public_message", new JsonObject().put("content", "\u00a0\u200b\u3000"));
      assertThat(ack.getString("message")).isEqualTo("content must not be empty");
      ack = a.call("send_public_message", new JsonObject().put("content", "nul\u0000"));
      assertThat(ack.getString("message")).contains("NUL");
      ack = a.call("send_public_message", new JsonObject().put("content", "escape \u001b[2J"));
      assertThat(ack.getString("message")).contains("control characters");
      assertThat(a.call("send_public_message", new JsonObject().put("content", "two\nlines")).getBoolean("ok"))
          .isTrue();
    }
    assertThat(publicBy(alice)).isEqualTo(1);
  }

  /** A lone surrogate arrives as a JSON escape, which no client library sends: raw Socket.IO frames. */
  @Test
  void aLoneSurrogateIsRefused() throws Exception {
    Account alice = server.account("surrogate");
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.chatServer().port() + "/socket.io/?EIO=4&transport=websocket"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                frames.add(data.toString());
                w.request(1);
                return null;
              }
            }).get(20, TimeUnit.SECONDS);
    try {
      assertThat(frames.poll(20, TimeUnit.SECONDS)).startsWith("0{");
      ws.sendText("40{\"token\":\"" + alice.token() + "\"}", true).join();
      assertThat(frames.poll(20, TimeUnit.SECONDS)).startsWith("40{\"sid\"");
      ws.sendText("427[\"send_public_message\",{\"content\":\"x\\ud800y\"}]", true).join();
      String ack = null;
      for (String f = frames.poll(20, TimeUnit.SECONDS); f != null; f = frames.poll(20, TimeUnit.SECONDS)) {
        if (f.startsWith("437")) {
          ack = f;
          break;
        }
      }
      assertThat(ack).isNotNull().contains("\"ok\":false").contains("unpaired surrogate");
    } finally {
      ws.abort();
    }
    assertThat(publicBy(alice)).isZero();
  }

  private static long publicBy(Account author) {
    return server.get("/api/messages?limit=1000", author.token()).json().getJsonArray("messages").stream()
        .filter(m -> ((JsonObject) m).getLong("user_id") == author.id()).count();
  }
}
