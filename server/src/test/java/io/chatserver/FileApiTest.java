package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServerExtension.class)
class FileApiTest {

  static TestServer server; // started and closed by TestServerExtension
  static Account alice;
  static Account bob;
  static Account carol;
  static long aliceMessage;
  static long chatAliceBob;

  @BeforeAll
  static void start() throws Exception {
    alice = server.account("alice");
    bob = server.account("bob");
    carol = server.account("carol");
    aliceMessage = server.post("/api/messages", alice.token(), new JsonObject().put("content", "with files")).json()
        .getLong("id");
    chatAliceBob = server.post("/api/messages/private/" + bob.id(), alice.token(), new JsonObject()
        .put("content", "hi")).json().getLong("chat_id");
  }

  static JsonObject file(String name, Object size) {
    return new JsonObject().put("filename", name).put("file_url", "https://cdn.example.com/" + name)
        .put("file_size", size);
  }

  @Test
  void createOnPublicMessageReturnsBareObject() {
    Res res = server.post("/api/files/", alice.token(), file("Report.PDF", 102400)
        .put("public_message_id", aliceMessage).put("id", 777).put("uploader_id", bob.id()));
    assertThat(res.status()).isEqualTo(201);
    JsonObject f = res.json();
    assertThat(f.getLong("id")).isPositive().isNotEqualTo(777);
    assertThat(f.getString("filename")).isEqualTo("Report.PDF");
    assertThat(f.getString("file_url")).isEqualTo("https://cdn.example.com/Report.PDF");
    assertThat(f.getLong("file_size")).isEqualTo(102400);
    assertThat(f.getString("uploaded_at")).endsWith("Z");
    assertThat(f.getLong("uploader_id")).isEqualTo(alice.id());
    assertThat(f.getLong("public_message_id")).isEqualTo(aliceMessage);
    assertThat(f.containsKey("private_chat_id")).isTrue();
    assertThat(f.getValue("private_chat_id")).isNull();

    JsonObject got = server.get("/api/files/" + f.getLong("id"), alice.token()).json();
    assertThat(got.getJsonObject("file")).isEqualTo(f);
    JsonArray byMessage = server.get("/api/files/public/" + aliceMessage, carol.token()).json().getJsonArray("files");
    assertThat(byMessage).contains(f);
  }

  @Test
  void fileValidationEdges() {
    JsonObject[] bad = {
        file("a.pdf", 5_242_881).put("public_message_id", aliceMessage),
        file("a.pdf", 0).put("public_message_id", aliceMessage),
        file("a.pdf", -1).put("public_message_id", aliceMessage),
        file("a.pdf", "12").put("public_message_id", aliceMessage),
        file("a.pdf", 1.5).put("public_message_id", aliceMessage),
        file("a.pdf", true).put("public_message_id", aliceMessage),
        file("a.exe", 10).put("public_message_id", aliceMessage),
        file("pdf", 10).put("public_message_id", aliceMessage),
        file("x".repeat(252) + ".pdf", 10).put("public_message_id", aliceMessage),
        file("a.pdf", 10),
        file("a.pdf", 10).put("public_message_id", aliceMessage).put("private_chat_id", chatAliceBob),
        file("a.pdf", 10).put("public_message_id", "1"),
        file("a.pdf", 10).put("public_message_id", aliceMessage).put("file_url", "javascript:alert(1)"),
        file("a.pdf", 10).put("public_message_id", aliceMessage).put("file_url", 5),
        new JsonObject().put("file_url", "https://x.io/a.pdf").put("file_size", 1).put("public_message_id", 1),
    };
    for (JsonObject body : bad) {
      Res res = server.post("/api/files", alice.token(), body);
      assertThat(res.status()).as(body.encode()).isEqualTo(400);
      assertThat(res.message()).isNotBlank();
    }
    assertThat(server.post("/api/files", alice.token(), file("max.JPEG", 5_242_880)
        .put("public_message_id", aliceMessage)).status()).isEqualTo(201);
    assertThat(server.post("/api/files", alice.token(), file("x".repeat(251) + ".pdf", 1)
        .put("public_message_id", aliceMessage)).status()).isEqualTo(201);
    for (String ext : new String[] {"doc", "docx", "jpg", "png", "gif", "bmp", "tiff", "webp"}) {
      assertThat(server.post("/api/files", alice.token(), file("f." + ext, 1).put("private_chat_id", chatAliceBob))
          .status()).as(ext).isEqualTo(201);
    }
  }

  @Test
  void attachPermissions() {
    // Not the author of the public message.
    assertThat(server.post("/api/files", bob.token(), file("b.png", 1).put("public_message_id", aliceMessage))
        .status()).isEqualTo(403);
    // Not a participant of the chat.
    assertThat(server.post("/api/files", carol.token(), file("c.png", 1).put("private_chat_id", chatAliceBob))
        .status()).isEqualTo(403);
    // The other participant may attach.
    assertThat(server.post("/api/files", bob.token(), file("b.png", 1).put("private_chat_id", chatAliceBob))
        .status()).isEqualTo(201);
    assertThat(server.post("/api/files", alice.token(), file("a.png", 1).put("public_message_id", 99999999))
        .status()).isEqualTo(404);
    assertThat(server.post("/api/files", alice.token(), file("a.png", 1).put("private_chat_id", 99999999))
        .status()).isEqualTo(404);
  }

  @Test
  void listOwnIsBareArrayOnBothPaths() {
    Account dave = server.account("dave");
    long message = server.post("/api/messages", dave.token(), new JsonObject().put("content", "d")).json()
        .getLong("id");
    long id = server.post("/api/files", dave.token(), file("d.gif", 5).put("public_message_id", message)).json()
        .getLong("id");
    for (String path : new String[] {"/api/files", "/api/files/"}) {
      Res res = server.get(path, dave.token());
      assertThat(res.status()).isEqualTo(200);
      JsonArray own = res.array();
      assertThat(own).hasSize(1);
      assertThat(own.getJsonObject(0).getLong("id")).isEqualTo(id);
    }
    assertThat(server.get("/api/files", carol.token()).array()).isEmpty();
    assertThat(server.get("/api/files", null).status()).isEqualTo(401);
  }

  @Test
  void getAndDeleteOnlyByUploader() {
    long id = server.post("/api/files", alice.token(), file("g.png", 3).put("public_message_id", aliceMessage)).json()
        .getLong("id");
    assertThat(server.get("/api/files/" + id, bob.token()).status()).isEqualTo(403);
    assertThat(server.delete("/api/files/" + id, bob.token()).status()).isEqualTo(403);
    assertThat(server.get("/api/files/99999999", alice.token()).status()).isEqualTo(404);
    assertThat(server.delete("/api/files/99999999", alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/files/abc", alice.token()).status()).isEqualTo(400);
    Res deleted = server.delete("/api/files/" + id, alice.token());
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.message()).isEqualTo("File deleted");
    assertThat(server.get("/api/files/" + id, alice.token()).status()).isEqualTo(404);
  }

  @Test
  void filesByPrivateChat() {
    long id = server.post("/api/files", alice.token(), file("p.pdf", 3).put("private_chat_id", chatAliceBob)).json()
        .getLong("id");
    JsonArray files = server.get("/api/files/private/" + chatAliceBob, bob.token()).json().getJsonArray("files");
    assertThat(files.stream().map(o -> ((JsonObject) o).getLong("id"))).contains(id);
    assertThat(files.getJsonObject(0).getLong("private_chat_id")).isEqualTo(chatAliceBob);
    assertThat(server.get("/api/files/private/" + chatAliceBob, carol.token()).status()).isEqualTo(403);
    assertThat(server.get("/api/files/private/99999999", alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/files/public/99999999", alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/files/private/zero", alice.token()).status()).isEqualTo(400);
  }

  @Test
  void deletingAMessageDeletesItsFiles() {
    long message = server.post("/api/messages", alice.token(), new JsonObject().put("content", "m")).json()
        .getLong("id");
    long fileId = server.post("/api/files", alice.token(), file("m.png", 3).put("public_message_id", message)).json()
        .getLong("id");
    assertThat(server.delete("/api/messages/" + message, alice.token()).status()).isEqualTo(200);
    assertThat(server.get("/api/files/" + fileId, alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/files/public/" + message, alice.token()).status()).isEqualTo(404);
  }
}
