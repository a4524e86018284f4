package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.chatserver.apidocs.ApiDocsRoutes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decision 45: the API reference (server/src/main/resources/apidocs/openapi.yaml) against the real
 * router. Its routes and the router's /api routes are the same set, and real answers validate against
 * the schema of their status; every documented operation is called at least once with success.
 *
 * <p>A new route: document it in openapi.yaml and add a call to {@link #everyOperationAnswersAsDocumented}.
 */
class OpenApiTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static final Pattern DOC_PARAM = Pattern.compile("\\{([a-z_]+)}");

  private static TestServer server;
  private static JsonObject doc;
  private static final Set<String> succeeded = new TreeSet<>();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    Res served = server.get("/api/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.raw().headers().firstValue("Content-Type")).hasValue("application/json");
    doc = served.json();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void theServedDocumentIsTheResourceFileAndOpenApi31() {
    assertThat(doc.getString("openapi")).isEqualTo("3.1.0");
    assertThat(doc).isEqualTo(new JsonObject(ApiDocsRoutes.document().toString()));
  }

  @Test
  void theDocumentAndTheRouterHaveTheSameRoutes() {
    Set<String> router = new TreeSet<>();
    for (Route route : server.chatServer().router().getRoutes()) {
      String path = route.getPath();
      if (path == null || route.methods() == null || route.methods().isEmpty() || !path.startsWith("/api/")
          || path.startsWith(ApiDocsRoutes.VIEWER_PREFIX)) {
        continue; // the pipeline's handlers for every request, and the viewer's own files
      }
      String template = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      route.methods().forEach(m -> router.add(m.name() + " " + template));
    }
    assertThat(router).as("routes of the router (left) vs. of openapi.yaml").isEqualTo(documentedOperations());
  }

  /** "GET /api/users/:user_id" for each operation of the document (the router's spelling). */
  private static Set<String> documentedOperations() {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(method)) {
          operations.add(method.toUpperCase() + " " + DOC_PARAM.matcher(path).replaceAll(":$1"));
        }
      }
    }
    return operations;
  }

  @Test
  void everyOperationAnswersAsDocumented() {
    check("GET", "/api/health", server.get("/api/health", null), 200);
    check("GET", "/api/health/live", server.get("/api/health/live", null), 200);
    check("GET", "/api/openapi.json", server.get("/api/openapi.json", null), 200);
    Res page = check("GET", "/api/docs", server.get("/api/docs", null), 200);
    assertThat(page.body()).contains("/api/docs/swagger-ui/swagger-ui-bundle.js");
    assertThat(server.get("/api/docs/swagger-ui/swagger-ui-bundle.js", null).status()).isEqualTo(200);
    assertThat(server.get("/api/docs/init.js", null).body()).contains("/api/openapi.json");

    String name = TestServer.uniqueName("doc");
    JsonObject registration = new JsonObject().put("username", name).put("email", name + "@example.com")
        .put("password", "password123");
    Res registered = check("POST", "/api/auth/register", server.post("/api/auth/register", null, registration), 201);
    long aliceId = registered.json().getJsonObject("user").getLong("id");
    check("POST", "/api/auth/register", server.post("/api/auth/register", null, registration), 400);
    JsonObject credentials = new JsonObject().put("username", name).put("password", "password123");
    String alice = check("POST", "/api/auth/login", server.post("/api/auth/login", null, credentials), 200)
        .json().getString("access_token");
    check("POST", "/api/auth/login", server.post("/api/auth/login", null, credentials.copy().put("password", "wrong-one")), 401);
    Account bob = server.account("docbob");
    Account carol = server.account("doccarol");

    check("GET", "/api/users", server.get("/api/users", null), 200);
    check("GET", "/api/users", server.get("/api/users/", alice), 200);
    check("GET", "/api/users/{user_id}", server.get("/api/users/" + aliceId, alice), 200);
    check("GET", "/api/users/{user_id}", server.get("/api/users/" + aliceId, null), 200);
    check("GET", "/api/users/{user_id}", server.get("/api/users/999999", null), 404);
    check("GET", "/api/users/{user_id}", server.get("/api/users/abc", null), 400);
    JsonObject avatar = new JsonObject().put("avatar_url", "https://example.com/a.png");
    check("PUT", "/api/users/{user_id}", server.put("/api/users/" + aliceId, alice, avatar), 200);
    check("PUT", "/api/users/{user_id}", server.put("/api/users/" + bob.id(), alice, avatar), 403);
    check("PUT", "/api/users/{user_id}", server.put("/api/users/" + bob.id(), null, avatar), 401);

    JsonObject hello = new JsonObject().put("content", "hello");
    long publicId = check("POST", "/api/messages", server.post("/api/messages", alice, hello), 201).json().getLong("id");
    check("POST", "/api/messages", server.post("/api/messages", alice, new JsonObject().put("content", " ")), 400);
    check("GET", "/api/messages", server.get("/api/messages?limit=10", alice), 200);
    check("GET", "/api/messages", server.get("/api/messages?limit=0", alice), 400);
    check("GET", "/api/messages", server.get("/api/messages", null), 401);

    String privatePath = "/api/messages/private/" + bob.id();
    JsonObject sent = check("POST", "/api/messages/private/{other_user_id}", server.post(privatePath, alice, hello), 201).json();
    check("POST", "/api/messages/private/{other_user_id}", server.post("/api/messages/private/" + aliceId, alice, hello), 400);
    check("POST", "/api/messages/private/{other_user_id}", server.post("/api/messages/private/999999", alice, hello), 404);
    check("GET", "/api/messages/private/{other_user_id}", server.get(privatePath, alice), 200);
    long chatId = sent.getLong("chat_id");
    String sentPath = privatePath + "/" + sent.getLong("id");
    String bobsView = "/api/messages/private/" + aliceId + "/" + sent.getLong("id"); // the same message

    // Decision 31: client ids, replays and their conflicts.
    JsonObject keyed = hello.copy().put("client_id", "doc-key_1");
    JsonObject original = check("POST", "/api/messages", server.post("/api/messages", alice, keyed), 201).json();
    Res replay = check("POST", "/api/messages", server.post("/api/messages", alice, keyed), 201);
    assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(replay.json()).isEqualTo(original);
    check("POST", "/api/messages", server.post("/api/messages", alice, keyed.copy().put("content", "other")), 409);
    check("POST", "/api/messages", server.post("/api/messages", alice, hello.copy().put("client_id", "no spaces")), 400);
    JsonObject keyedPrivate = hello.copy().put("client_id", "doc-private-1");
    check("POST", "/api/messages/private/{other_user_id}", server.post(privatePath, alice, keyedPrivate), 201);
    check("POST", "/api/messages/private/{other_user_id}",
        server.post("/api/messages/private/" + carol.id(), alice, keyedPrivate), 409);
    check("DELETE", "/api/messages/{message_id}", server.delete("/api/messages/" + original.getLong("id"), alice), 200);
    JsonObject tombstone = check("POST", "/api/messages", server.post("/api/messages", alice, keyed), 201).json();
    assertThat(tombstone.getBoolean("deleted")).isTrue();

    // Decision 33: catch-up pages, with the tombstone of the message just deleted.
    check("GET", "/api/messages/changes", server.get("/api/messages/changes?since=0&limit=1000", alice), 200);
    check("GET", "/api/messages/changes", server.get("/api/messages/changes", alice), 400);
    check("GET", "/api/messages/changes", server.get("/api/messages/changes?since=0", null), 401);
    check("GET", "/api/messages/private/{other_user_id}/changes", server.get(privatePath + "/changes?since=0&limit=1", alice), 200);
    check("GET", "/api/messages/private/{other_user_id}/changes",
        server.get("/api/messages/private/999999/changes?since=0", alice), 404);

    // Decisions 41 and 42: editing and reactions.
    JsonObject edit = new JsonObject().put("content", "hello, edited");
    check("PATCH", "/api/messages/{message_id}", server.send("PATCH", "/api/messages/" + publicId, alice, edit), 200);
    check("PATCH", "/api/messages/{message_id}", server.send("PATCH", "/api/messages/" + publicId, bob.token(), edit), 403);
    check("PATCH", "/api/messages/{message_id}", server.send("PATCH", "/api/messages/999999", alice, edit), 404);
    check("PATCH", "/api/messages/private/{other_user_id}/{message_id}", server.send("PATCH", sentPath, alice, edit), 200);
    check("PATCH", "/api/messages/private/{other_user_id}/{message_id}", server.send("PATCH", bobsView, bob.token(),
        edit.copy().put("content", "not mine")), 403);
    String thumbsUp = "/reactions/%F0%9F%91%8D";
    String publicReaction = "/api/messages/{message_id}/reactions/{emoji}";
    check("PUT", publicReaction, server.put("/api/messages/" + publicId + thumbsUp, bob.token(), null), 200);
    check("PUT", publicReaction, server.put("/api/messages/" + publicId + "/reactions/a%20b", bob.token(), null), 400);
    check("PUT", publicReaction, server.put("/api/messages/999999" + thumbsUp, bob.token(), null), 404);
    check("DELETE", publicReaction, server.delete("/api/messages/" + publicId + thumbsUp, bob.token()), 200);
    String privateReaction = "/api/messages/private/{other_user_id}/{message_id}/reactions/{emoji}";
    check("PUT", privateReaction, server.put(bobsView + thumbsUp, bob.token(), null), 200);
    check("PUT", privateReaction, server.put(bobsView + thumbsUp, carol.token(), null), 404);
    check("PUT", publicReaction, server.put("/api/messages/" + publicId + "/reactions/%F0%9F%8E%89", alice, null), 200);
    check("PUT", privateReaction, server.put(sentPath + "/reactions/%F0%9F%8E%89", alice, null), 200);
    check("DELETE", privateReaction, server.delete(sentPath + "/reactions/%F0%9F%8E%89", alice), 200);

    // Decision 43: search, both kinds of result.
    Res found = check("GET", "/api/search", server.get("/api/search?q=hel&limit=1", alice), 200);
    String cursor = found.json().getString("next_cursor");
    assertThat(cursor).isNotNull();
    check("GET", "/api/search", server.get("/api/search?q=hel&limit=100&cursor="
        + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8), alice), 200);
    check("GET", "/api/search", server.get("/api/search?q=%20", alice), 400);
    check("GET", "/api/search", server.get("/api/search?q=hello&cursor=nonsense", alice), 400);

    // Decisions 38 and 39: the chat list and read positions.
    check("GET", "/api/chats", server.get("/api/chats", alice), 200);
    check("GET", "/api/chats", server.get("/api/chats", null), 401);
    check("POST", "/api/messages/read", server.post("/api/messages/read", bob.token(), new JsonObject().put("seq", 1)), 200);
    check("POST", "/api/messages/read", server.post("/api/messages/read", bob.token(), new JsonObject().put("seq", 999999)), 400);
    check("POST", "/api/messages/private/{other_user_id}/read",
        server.post("/api/messages/private/" + aliceId + "/read", bob.token(), new JsonObject().put("seq", 1)), 200);
    check("POST", "/api/messages/private/{other_user_id}/read",
        server.post("/api/messages/private/" + aliceId + "/read", carol.token(), new JsonObject().put("seq", 1)), 404);

    JsonObject file = new JsonObject().put("filename", "a.png").put("file_url", "https://example.com/a.png")
        .put("file_size", 10).put("public_message_id", publicId);
    long fileId = check("POST", "/api/files", server.post("/api/files", alice, file), 201).json().getLong("id");
    check("POST", "/api/files", server.post("/api/files/", bob.token(), file), 403);
    check("POST", "/api/files", server.post("/api/files", alice, file.copy().put("filename", "a.exe")), 400);
    check("POST", "/api/files", server.post("/api/files", alice, file.copy().put("public_message_id", 999999)), 404);
    JsonObject privateFile = file.copy().put("private_chat_id", chatId);
    privateFile.remove("public_message_id");
    check("POST", "/api/files", server.post("/api/files", bob.token(), privateFile), 201);
    check("GET", "/api/files", server.get("/api/files", alice), 200);
    check("GET", "/api/files/{file_id}", server.get("/api/files/" + fileId, alice), 200);
    check("GET", "/api/files/{file_id}", server.get("/api/files/999999", alice), 404);
    check("GET", "/api/files/public/{message_id}", server.get("/api/files/public/" + publicId, bob.token()), 200);
    check("GET", "/api/files/public/{message_id}", server.get("/api/files/public/999999", bob.token()), 404);
    check("GET", "/api/files/private/{chat_id}", server.get("/api/files/private/" + chatId, bob.token()), 200);
    check("GET", "/api/files/private/{chat_id}", server.get("/api/files/private/" + chatId, carol.token()), 403);
    check("DELETE", "/api/files/{file_id}", server.delete("/api/files/" + fileId, bob.token()), 403);
    check("DELETE", "/api/files/{file_id}", server.delete("/api/files/" + fileId, alice), 200);

    check("DELETE", "/api/messages/private/{other_user_id}/{message_id}",
        server.delete(privatePath + "/" + sent.getLong("id"), carol.token()), 404);
    check("DELETE", "/api/messages/private/{other_user_id}/{message_id}",
        server.delete(privatePath + "/" + sent.getLong("id"), alice), 200);
    check("DELETE", "/api/messages/{message_id}", server.delete("/api/messages/" + publicId, bob.token()), 403);
    check("DELETE", "/api/messages/{message_id}", server.delete("/api/messages/" + publicId, alice), 200);
    check("DELETE", "/api/messages/{message_id}", server.delete("/api/messages/" + publicId, alice), 404);

    JsonObject newPassword = new JsonObject().put("password", "password456").put("current_password", "password123");
    check("PUT", "/api/users/{user_id}", server.put("/api/users/" + bob.id(), bob.token(), newPassword), 200);
    check("POST", "/api/auth/logout", server.post("/api/auth/logout", alice, null), 200);
    check("POST", "/api/auth/logout", server.post("/api/auth/logout", alice, null), 401);
    check("DELETE", "/api/users/{user_id}", server.delete("/api/users/" + carol.id(), bob.token()), 401);
    check("DELETE", "/api/users/{user_id}", server.delete("/api/users/" + carol.id(), carol.token()), 200);

    Set<String> operations = documentedOperations().stream()
        .map(o -> o.replaceAll(":([a-z_]+)", "{$1}")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(succeeded).as("operations answered with success in this test").isEqualTo(operations);
  }

  @Test
  void aRateLimitedAnswerIsDocumentedWithItsRetryAfter() throws Exception {
    try (TestServer limited = TestServer.start(Files.createTempDirectory("chat-openapi"), Map.of(
        "AUTH_RATE_LIMIT_PER_MINUTE", "30", "AUTH_ADDRESS_RATE_LIMIT_PER_MINUTE", "1",
        "AUTH_ADDRESS_RATE_LIMIT_BURST", "1"))) {
      JsonObject credentials = new JsonObject().put("username", "nobody").put("password", "password123");
      limited.post("/api/auth/login", null, credentials);
      Res refused = limited.post("/api/auth/login", null, credentials);
      assertThat(refused.status()).isEqualTo(429);
      validate("POST", "/api/auth/login", refused);
    }
  }

  /** Asserts the status, then that the document lists it for the operation and the answer fits. */
  private static Res check(String method, String path, Res res, int expectedStatus) {
    assertThat(res.status()).as(method + " " + path + ": " + res.body()).isEqualTo(expectedStatus);
    validate(method, path, res);
    if (res.status() < 300) {
      succeeded.add(method + " " + path);
    }
    return res;
  }

  private static void validate(String method, String path, Res res) {
    String where = method + " " + path + " " + res.status();
    JsonObject operation = doc.getJsonObject("paths").getJsonObject(path).getJsonObject(method.toLowerCase());
    assertThat(operation).as(where + " in the document").isNotNull();
    JsonObject answer = resolve(operation.getJsonObject("responses").getJsonObject(String.valueOf(res.status())));
    assertThat(answer).as(where + " is documented").isNotNull();
    JsonObject headers = answer.getJsonObject("headers", new JsonObject());
    for (String header : headers.fieldNames()) {
      if (headers.getJsonObject(header).getBoolean("required", false)) {
        assertThat(res.raw().headers().firstValue(header)).as(where + " header " + header).isPresent();
      }
    }
    JsonObject content = answer.getJsonObject("content");
    String type = res.raw().headers().firstValue("Content-Type").orElse("").replaceAll(";.*", "");
    assertThat(content.fieldNames()).as(where + " content type").contains(type);
    if (!type.equals("application/json")) {
      return;
    }
    JsonObject schema = content.getJsonObject(type).getJsonObject("schema").copy()
        .put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("components", doc.getJsonObject("components"));
    Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema.encode());
    List<Error> errors = validator.validate(res.body(), InputFormat.JSON);
    assertThat(errors).as(where + " answer " + res.body()).isEmpty();
  }

  /** A response object, or the one its {@code $ref} names (#/components/responses/...). */
  private static JsonObject resolve(JsonObject response) {
    if (response == null || !response.containsKey("$ref")) {
      return response;
    }
    Matcher ref = Pattern.compile("#/components/responses/(\\w+)").matcher(response.getString("$ref"));
    assertThat(ref.matches()).isTrue();
    return doc.getJsonObject("components").getJsonObject("responses").getJsonObject(ref.group(1));
  }
}
