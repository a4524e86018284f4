package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer;
import io.chatserver.TestServerExtension;
import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Decisions 31 and 32 through the Java socket.io-client: client ids, duplicate acks and seqs in pushes. */
@ExtendWith(TestServerExtension.class)
class DeliverySocketTest {

  static TestServer server; // started and closed by TestServerExtension

  @Test
  void aRepeatedSendIsAcknowledgedAsADuplicateAndPushedOnce() {
    Account alice = server.account("sdup");
    Account bob = server.account("sdup");
    try (ChatClient a = ChatClient.of(server, alice); ChatClient b = ChatClient.of(server, bob)) {
      b.call("join_public");
      JsonObject send = new JsonObject().put("content", "only once").put("client_id", "sock-1");
      JsonObject first = a.call("send_public_message", send);
      assertThat(first.getBoolean("ok")).isTrue();
      assertThat(first.containsKey("duplicate")).isFalse();
      assertThat(first.getString("client_id")).isEqualTo("sock-1");
      JsonObject again = a.call("send_public_message", send);
      assertThat(again.getBoolean("duplicate")).isTrue();
      assertThat(again.copy().put("duplicate", false)).isEqualTo(first.copy().put("duplicate", false));
      // A REST repeat of a socket send is the same repeat.
      TestServer.Res rest = server.post("/api/messages", alice.token(), send);
      assertThat(rest.status()).isEqualTo(201);
      assertThat(rest.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
      assertThat(rest.json().getLong("id")).isEqualTo(first.getLong("id"));

      JsonObject pushed = b.next("new_public_message", o -> o.getLong("id").equals(first.getLong("id")));
      assertThat(pushed.getString("client_id")).isEqualTo("sock-1");
      assertThat(pushed.getLong("seq")).isEqualTo(first.getLong("seq"));
      b.call("get_online_users"); // a round trip: any second push would have come before its answer
      assertThat(b.count("new_public_message", o -> o.getLong("id").equals(first.getLong("id")))).isZero();

      JsonObject priv = new JsonObject().put("other_user_id", bob.id()).put("content", "p").put("client_id", "sock-2");
      JsonObject sent = a.call("send_private_message", priv);
      assertThat(sent.getLong("seq")).isEqualTo(1);
      assertThat(a.call("send_private_message", priv).getBoolean("duplicate")).isTrue();
      b.next("new_private_message", o -> o.getLong("id").equals(sent.getLong("id")));
      b.call("get_online_users");
      assertThat(b.count("new_private_message", o -> true)).isZero();

      // Deleting pushes the deletion's seq.
      assertThat(server.delete("/api/messages/private/" + bob.id() + "/" + sent.getLong("id"), alice.token()).status())
          .isEqualTo(200);
      JsonObject deleted = b.next("message_deleted", o -> o.getLong("id").equals(sent.getLong("id")));
      assertThat(deleted.getLong("seq")).isEqualTo(2);
    }
  }

  @Test
  void aConflictingRepeatOrABadClientIdFailsTheAckAndEmitsAnError() {
    Account alice = server.account("sconf");
    try (ChatClient a = ChatClient.of(server, alice)) {
      assertThat(a.call("send_public_message", new JsonObject().put("content", "x").put("client_id", "c-1"))
          .getBoolean("ok")).isTrue();
      JsonObject refused = a.call("send_public_message", new JsonObject().put("content", "y").put("client_id", "c-1"));
      assertThat(refused.getBoolean("ok")).isFalse();
      assertThat(refused.getString("message")).contains("client_id");
      assertThat(a.next("error", o -> o.getString("message").contains("client_id")).fieldNames())
          .containsExactly("message");
      JsonObject bad = a.call("send_public_message", new JsonObject().put("content", "x").put("client_id", "no spaces"));
      assertThat(bad.getBoolean("ok")).isFalse();
      JsonObject wrongType = a.call("send_public_message", new JsonObject().put("content", "x").put("client_id", 7));
      assertThat(wrongType.getBoolean("ok")).isFalse();
    }
  }
}
