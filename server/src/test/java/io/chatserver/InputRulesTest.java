package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The character rules for client text and numbers, through HTTP: what looks like something else
 * (look-alike and invisible characters), what is not text at all (NUL, lone surrogates), paths in file
 * names, blank content made of invisible spaces, and ids in other scripts' digits are all 400s.
 */
@ExtendWith(TestServerExtension.class)
class InputRulesTest {

  static TestServer server; // started and closed by TestServerExtension

  private static Res register(String email) {
    String name = TestServer.uniqueName("mail");
    return server.post("/api/auth/register", null, new JsonObject()
        .put("username", name).put("email", email.replace("NAME", name)).put("password", "password123"));
  }

  @Test
  void emailsArePlainAsciiAddresses() {
    for (String bad : List.of("NAME\u200b@example.com", "NAME\u202e@example.com", "<script>NAME@example.com",
        "NAME@exa<script>mple.com", "\u0430NAME@example.com", "NAME@ex\u0430mple.com", "NAME@b\u00fccher.example",
        "NA ME@example.com", "NAME@example", "NAME@-example.com", "NAME..x@example.com", "\"NAME\"@example.com",
        "NAME@example.com\u0007")) {
      Res res = register(bad);
      assertThat(res.status()).as(bad).isEqualTo(400);
      assertThat(res.message()).startsWith("email must");
    }
    for (String good : List.of("first.NAME+tag@example.com", "NAME@xn--bcher-kva.example",
        "o'NAME@sub.example.co.uk", "NAME_{x}@a-b.example")) {
      assertThat(register(good).status()).as(good).isEqualTo(201);
    }
    Account alice = server.account("mail");
    assertThat(server.put("/api/users/" + alice.id(), alice.token(),
        new JsonObject().put("email", "\u0430lice@example.com")).status()).isEqualTo(400);
    assertThat(server.put("/api/users/" + alice.id(), alice.token(),
        new JsonObject().put("avatar_url", "https://x.io/\u202egnp.exe")).status()).isEqualTo(400);
  }

  @Test
  void fileNamesAreOneLineNamesNotPaths() {
    Account alice = server.account("files");
    long message = server.post("/api/messages", alice.token(), new JsonObject().put("content", "with file"))
        .json().getLong("id");
    for (String bad : List.of("a\u0000.png", "a\nb.png", "photo\u202egnp.pdf", "\u200b.png", "../a.png",
        "a/b.png", "..\\a.png", "   ")) {
      Res res = server.post("/api/files", alice.token(), file(bad, "https://x.io/f", message));
      assertThat(res.status()).as(bad).isEqualTo(400);
    }
    assertThat(server.post("/api/files", alice.token(), file("a.png", "https://x.io/\u202ef", message)).status())
        .isEqualTo(400);
    Res ok = server.post("/api/files", alice.token(), file("résumé 2024..v2.pdf", "https://x.io/f", message));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.json().getString("filename")).isEqualTo("résumé 2024..v2.pdf");
  }

  private static JsonObject file(String name, String url, long messageId) {
    return new JsonObject().put("filename", name).put("file_url", url).put("file_size", 10)
        .put("public_message_id", messageId);
  }

  @Test
  void contentIsVisibleWellFormedText() {
    Account alice = server.account("content");
    for (String blank : List.of("\u00a0\u200b", "\u3000\ufeff\u2060", "\u200b\n\u00a0")) {
      Res res = server.post("/api/messages", alice.token(), new JsonObject().put("content", blank));
      assertThat(res.status()).isEqualTo(400);
      assertThat(res.message()).isEqualTo("content must not be empty");
    }
    assertThat(server.post("/api/messages", alice.token(), new JsonObject().put("content", "ring \u0007")).status())
        .isEqualTo(400);
    // A lone surrogate can only arrive as a JSON escape; it was stored as '?'.
    for (String raw : List.of("{\"content\":\"\\ud800\"}", "{\"content\":\"a\\udc00b\"}", "{\"content\":\"\\ude00\\ud83d\"}")) {
      Res res = server.post("/api/messages", alice.token(), raw);
      assertThat(res.status()).as(raw).isEqualTo(400);
      assertThat(res.message()).contains("unpaired surrogate");
    }
    for (String good : List.of("line one\nline two\tand a tab", "\ud83d\ude00 family: \ud83d\udc68\u200d\ud83d\udc69")) {
      Res res = server.post("/api/messages", alice.token(), new JsonObject().put("content", good));
      assertThat(res.status()).isEqualTo(201);
      assertThat(res.json().getString("content")).isEqualTo(good);
    }
  }

  @Test
  void idsAndNumbersAreAsciiDigits() {
    Account alice = server.account("ids");
    String id = Long.toString(alice.id());
    assertThat(server.get("/api/users/" + id, null).status()).isEqualTo(200);
    for (String path : List.of("/api/users/%2B" + id, "/api/users/+" + id, "/api/users/%D9%A3",
        "/api/users/%EF%BC%93", "/api/users/%20" + id, "/api/messages/private/%D9%A3",
        "/api/messages?limit=%2B5", "/api/messages?limit=+5", "/api/messages?limit=%D9%A3",
        "/api/messages?before=%2B1", "/api/messages?limit=5%20")) {
      Res res = server.get(path, alice.token());
      assertThat(res.status()).as(path).isEqualTo(400);
    }
    assertThat(server.get("/api/messages?limit=5&before=" + Long.MAX_VALUE, alice.token()).status()).isEqualTo(200);
    assertThat(server.get("/api/users/99999999999999999999", null).status()).isEqualTo(400);
  }
}
