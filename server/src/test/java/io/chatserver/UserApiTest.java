package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServerExtension.class)
class UserApiTest {

  static TestServer server; // started and closed by TestServerExtension
  static Account alice;
  static Account bob;

  @BeforeAll
  static void start() throws Exception {
    alice = server.account("alice");
    bob = server.account("bob");
  }

  static JsonObject find(Res list, long id) {
    return list.json().getJsonArray("users").stream().map(o -> (JsonObject) o)
        .filter(u -> u.getLong("id") == id).findFirst().orElseThrow();
  }

  @Test
  void listWithoutTokenHidesEveryEmailOnBothPaths() {
    for (String path : new String[] {"/api/users", "/api/users/"}) {
      Res res = server.get(path, null);
      assertThat(res.status()).isEqualTo(200);
      JsonObject a = find(res, alice.id());
      assertThat(a.getString("username")).isEqualTo(alice.username());
      assertThat(a.getString("created_at")).endsWith("Z");
      assertThat(a.containsKey("avatar_url")).isTrue();
      assertThat(a.containsKey("email")).isFalse();
      assertThat(a.fieldNames()).doesNotContain("password", "password_hash");
    }
  }

  @Test
  void emailShownOnlyToSelf() {
    Res asAlice = server.get("/api/users", alice.token());
    assertThat(find(asAlice, alice.id()).getString("email")).isEqualTo(alice.username() + "@example.com");
    assertThat(find(asAlice, bob.id()).containsKey("email")).isFalse();
    assertThat(server.get("/api/users/" + alice.id(), alice.token()).json().getJsonObject("user")
        .getString("email")).isEqualTo(alice.username() + "@example.com");
    JsonObject seenByBob = server.get("/api/users/" + alice.id(), bob.token()).json().getJsonObject("user");
    assertThat(seenByBob.containsKey("email")).isFalse();
    assertThat(seenByBob.getLong("id")).isEqualTo(alice.id());
    assertThat(server.get("/api/users/" + alice.id(), null).json().getJsonObject("user").containsKey("email"))
        .isFalse();
  }

  @Test
  void getUnknownOrMalformed() {
    Res unknown = server.get("/api/users/99999999", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).isEqualTo("User not found");
    assertThat(server.get("/api/users/abc", null).status()).isEqualTo(400);
    assertThat(server.get("/api/users/0", null).status()).isEqualTo(400);
    assertThat(server.get("/api/users/99999999999999999999999", null).status()).isEqualTo(400);
  }

  @Test
  void updateNeedsThatUsersToken() {
    JsonObject change = new JsonObject().put("avatar_url", "https://example.com/b.png");
    assertThat(server.put("/api/users/" + bob.id(), null, change).status()).isEqualTo(401);
    Res other = server.put("/api/users/" + bob.id(), alice.token(), change);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.message()).isNotBlank();
    assertThat(server.put("/api/users/99999999", alice.token(), change).status()).isEqualTo(404);
    assertThat(server.delete("/api/users/" + bob.id(), null).status()).isEqualTo(401);
    assertThat(server.delete("/api/users/" + bob.id(), alice.token()).status()).isEqualTo(403);
    assertThat(server.delete("/api/users/99999999", alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/users/" + bob.id(), null).json().getJsonObject("user").getValue("avatar_url"))
        .isNull();
  }

  @Test
  void updateSelfAllowListsFields() {
    Account eve = server.account("eve");
    String newName = eve.username() + "_n";
    Res res = server.put("/api/users/" + eve.id(), eve.token(), new JsonObject()
        .put("username", newName).put("email", newName + "@example.org").put("avatar_url", "http://x.io/e.png")
        .put("id", 12345).put("created_at", "2000-01-01T00:00:00Z").put("password_hash", "x"));
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.json().getString("message")).isEqualTo("User updated successfully");
    JsonObject user = res.json().getJsonObject("user");
    assertThat(user.getLong("id")).isEqualTo(eve.id());
    assertThat(user.getString("username")).isEqualTo(newName);
    assertThat(user.getString("email")).isEqualTo(newName + "@example.org");
    assertThat(user.getString("avatar_url")).isEqualTo("http://x.io/e.png");
    assertThat(user.getString("created_at")).isNotEqualTo("2000-01-01T00:00:00Z");
    assertThat(server.login(newName, "password123")).isNotBlank();
    // Clearing the avatar with null.
    assertThat(server.put("/api/users/" + eve.id(), eve.token(), new JsonObject().putNull("avatar_url")).json()
        .getJsonObject("user").getValue("avatar_url")).isNull();
  }

  @Test
  void updateValidatesLikeRegister() {
    Account fay = server.account("fay");
    JsonObject[] bad = {
        new JsonObject().put("username", "ab"),
        new JsonObject().put("username", alice.username().toUpperCase()),
        new JsonObject().put("email", "nope"),
        new JsonObject().put("email", alice.username() + "@EXAMPLE.COM"),
        new JsonObject().put("avatar_url", "not a url"),
        new JsonObject().put("username", 42),
        new JsonObject().put("password", "newpassword1"),
        new JsonObject().put("password", "short").put("current_password", "password123"),
    };
    for (JsonObject body : bad) {
      Res res = server.put("/api/users/" + fay.id(), fay.token(), body);
      assertThat(res.status()).as(body.encode()).isEqualTo(400);
    }
    assertThat(server.put("/api/users/" + fay.id(), fay.token(), "not json").status()).isEqualTo(400);
    // Own current username in another case is not a duplicate of oneself.
    assertThat(server.put("/api/users/" + fay.id(), fay.token(), new JsonObject()
        .put("username", fay.username().toUpperCase())).status()).isEqualTo(200);
  }

  @Test
  void passwordChangeNeedsTheCurrentPassword() {
    Account gus = server.account("gus");
    Res wrong = server.put("/api/users/" + gus.id(), gus.token(), new JsonObject()
        .put("password", "brand-new-pass").put("current_password", "wrong-password").put("avatar_url", "https://a.io/x"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(server.get("/api/users/" + gus.id(), null).json().getJsonObject("user").getValue("avatar_url"))
        .isNull();
    assertThat(server.login(gus.username(), "password123")).isNotBlank();
    assertThat(server.put("/api/users/" + gus.id(), gus.token(), new JsonObject()
        .put("password", "brand-new-pass").put("current_password", "password123")).status()).isEqualTo(200);
    assertThat(server.login(gus.username(), "brand-new-pass")).isNotBlank();
    assertThat(server.post("/api/auth/login", null, new JsonObject().put("username", gus.username())
        .put("password", "password123")).status()).isEqualTo(401);
  }

  @Test
  void deleteCascadesAndRevokes() {
    Account hal = server.account("hal");
    String hal2 = server.login(hal.username(), "password123");
    long publicMessage = server.post("/api/messages", hal.token(), new JsonObject().put("content", "bye")).json()
        .getLong("id");
    JsonObject privateMessage = server.post("/api/messages/private/" + alice.id(), hal.token(),
        new JsonObject().put("content", "psst")).json();
    long chatId = privateMessage.getLong("chat_id");
    long halFile = server.post("/api/files", hal.token(), new JsonObject().put("filename", "h.png")
        .put("file_url", "https://x.io/h.png").put("file_size", 1).put("public_message_id", publicMessage)).json()
        .getLong("id");
    long aliceFileOnHalChat = server.post("/api/files", alice.token(), new JsonObject().put("filename", "a.png")
        .put("file_url", "https://x.io/a.png").put("file_size", 1).put("private_chat_id", chatId)).json()
        .getLong("id");
    long aliceMessage = server.post("/api/messages", alice.token(), new JsonObject().put("content", "stays")).json()
        .getLong("id");

    Res deleted = server.delete("/api/users/" + hal.id(), hal.token());
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.message()).isEqualTo("User deleted successfully");

    assertThat(server.get("/api/users/" + hal.id(), null).status()).isEqualTo(404);
    assertThat(server.get("/api/messages", hal.token()).status()).isEqualTo(401);
    assertThat(server.get("/api/messages", hal2).status()).isEqualTo(401);
    assertThat(server.post("/api/auth/login", null, new JsonObject().put("username", hal.username())
        .put("password", "password123")).status()).isEqualTo(401);
    var publicIds = server.get("/api/messages?limit=1000", alice.token()).json().getJsonArray("messages").stream()
        .map(o -> ((JsonObject) o).getLong("id")).toList();
    assertThat(publicIds).doesNotContain(publicMessage).contains(aliceMessage);
    assertThat(server.get("/api/files/public/" + publicMessage, alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/files/private/" + chatId, alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/files/" + aliceFileOnHalChat, alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/messages/private/" + hal.id(), alice.token()).status()).isEqualTo(404);
    // Were Hal's file still there, Alice would get 403 (not the uploader), not 404.
    assertThat(server.get("/api/files/" + halFile, alice.token()).status()).isEqualTo(404);
  }
}
