package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer;
import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Rate limits on client events, and a store that fails: the sender hears of it, nobody else. */
class SocketLimitsTest {

  @Test
  void eventsOverTheRateLimitAreRefusedWithAnError() throws Exception {
    try (TestServer server = TestServer.start(java.nio.file.Files.createTempDirectory("chat-limits"),
        Map.of("SOCKET_EVENTS_PER_SECOND", "1", "SOCKET_EVENT_BURST", "3"))) {
      Account alice = server.account("limited");
      try (ChatClient a = ChatClient.connected(server.chatServer().port(), alice.token(), "websocket")) {
        int refused = 0;
        for (int i = 0; i < 6; i++) {
          JsonObject ack = a.call("send_public_message", new JsonObject().put("content", "burst " + i));
          if (!ack.getBoolean("ok")) {
            assertThat(ack.getString("message")).contains("Rate limit");
            refused++;
          }
        }
        // A burst of 3 at 1 per second: most of six quick sends are refused, at least the last three.
        assertThat(refused).isGreaterThanOrEqualTo(2);
        assertThat(a.next("error").getString("message")).contains("Rate limit");
      }
    }
  }

  @Test
  void unknownEventsAreRateLimitedLikeKnownOnes() throws Exception {
    try (TestServer server = TestServer.start(java.nio.file.Files.createTempDirectory("chat-limits"),
        Map.of("SOCKET_EVENTS_PER_SECOND", "1", "SOCKET_EVENT_BURST", "3"))) {
      Account mallory = server.account("flood");
      try (ChatClient m = ChatClient.connected(server.chatServer().port(), mallory.token(), "websocket")) {
        int unknown = 0;
        int limited = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
          String message = m.call("no_such_event_" + i).getString("message");
          if (message.startsWith("Unknown event")) {
            unknown++;
          } else if (message.contains("Rate limit")) {
            limited++;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Past the burst, unknown events are refused by the limiter before being looked at: the
        // "Unknown event" answers stop at the burst plus what the rate refilled meanwhile.
        assertThat(unknown).isLessThanOrEqualTo(3 + (int) Math.ceil(seconds));
        assertThat(limited).isEqualTo(30 - unknown).isPositive();
        // And they use up the same budget as known events.
        assertThat(m.call("join_public").getString("message")).contains("Rate limit");
      }
    }
  }

  @Test
  void aUsersSocketsBeyondTheCapAreRefusedWithAConnectError() throws Exception {
    try (TestServer server = TestServer.start(java.nio.file.Files.createTempDirectory("chat-limits"),
        Map.of("MAX_SOCKETS_PER_USER", "2"))) {
      int port = server.chatServer().port();
      Account alice = server.account("tabs");
      Account bob = server.account("tabs");
      try (ChatClient a1 = ChatClient.connected(port, alice.token(), "websocket");
           ChatClient a2 = ChatClient.connected(port, alice.token(), "polling");
           ChatClient a3 = ChatClient.open(port, alice.token(), "websocket", false);
           ChatClient b = ChatClient.connected(port, bob.token(), "websocket")) {
        assertThat(a3.connectError.get(20, TimeUnit.SECONDS).getString("message"))
            .isEqualTo("Too many connections for this user (at most 2): close another one first");
        assertThat(a3.count("connected", o -> true)).isZero();
        // The open ones are untouched, and another user is not affected.
        assertThat(a1.call("join_public").getBoolean("ok")).isTrue();
        assertThat(a2.call("get_online_users").getBoolean("ok")).isTrue();
        assertThat(b.call("get_online_users").getBoolean("ok")).isTrue();
        // A closed socket gives its slot back.
        a1.close();
        await().atMost(ChatClient.WAIT).until(() -> {
          try (ChatClient again = ChatClient.open(port, alice.token(), "websocket", false)) {
            await().atMost(ChatClient.WAIT).until(() -> again.connectError.isDone() || again.isConnected());
            return again.isConnected();
          }
        });
      }
    }
  }

  @Test
  void aFailedStoreAnswersTheSenderAndTellsNoOne() throws Exception {
    try (TestServer server = TestServer.start()) {
      Account alice = server.account("failing");
      Account bob = server.account("failing");
      try (ChatClient a = ChatClient.connected(server.chatServer().port(), alice.token(), "websocket");
           ChatClient b = ChatClient.connected(server.chatServer().port(), bob.token(), "websocket")) {
        b.call("join_public");
        a.call("join_public");
        server.chatServer().database().close(); // the database goes away under a connected chat
        JsonObject ack = a.call("send_public_message", new JsonObject().put("content", "lost?"));
        assertThat(ack.getBoolean("ok")).isFalse();
        assertThat(ack.getString("message")).doesNotContain("Exception").isNotBlank();
        assertThat(a.next("error").getString("message")).isEqualTo(ack.getString("message"));
        // Presence needs no database: once bob's own round trip is answered, a push would have come first.
        b.call("get_online_users");
        assertThat(b.count("new_public_message", o -> true)).isZero();
        assertThat(a.count("new_public_message", o -> true)).isZero();
      }
    }
  }
}
