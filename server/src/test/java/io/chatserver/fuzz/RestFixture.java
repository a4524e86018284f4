package io.chatserver.fuzz;

import io.chatserver.TestServer;
import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonObject;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one fuzzing lane's seeds point at: its own user, another user, a public message, a private
 * chat with a message, and a file. A seed names them with placeholders ({me}, {other},
 * {public_message}, {private_message}, {chat}, {file}, {username}, {password}, and {fresh} for a new
 * unique name); a body string that is exactly an id placeholder becomes a JSON number. An answer that
 * removed or changed one of them (the user deleted, the token logged out, the message deleted) makes
 * the lane build it again before its next request.
 */
final class RestFixture {

  static final String PASSWORD = "password123";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(me|other|public_message|private_message|chat|file|"
      + "username|password|fresh)}");

  /**
   * A seed with its placeholders filled, before any mutation. Regression seeds may also carry raw
   * {@code headers} to add, default headers to {@code drop} ("Host", "Content-Length"), an HTTP
   * {@code version} and a raw {@code body_text} instead of a JSON body.
   */
  record Template(String seed, String method, String target, List<Map.Entry<String, String>> fields,
      String authorization, List<String> headers, List<String> drop, String version, String bodyText) {}

  private final TestServer server;
  private final String prefix;
  private Account self;
  private Account other;
  private long publicMessage;
  private long privateMessage;
  private long chat;
  private long file;
  private boolean accountGone;
  private boolean selfLoggedOut;
  private boolean otherLoggedOut;
  private boolean contentGone;

  RestFixture(TestServer server, String prefix) {
    this.server = server;
    this.prefix = prefix;
    renewAccount();
  }

  /** Called after each answer: a 2xx that removed or changed something we point at makes us renew it. */
  void observe(RestRequest request, RawHttp.Response response) {
    if (response.status() < 200 || response.status() > 299) {
      return;
    }
    String path = request.path();
    String method = request.method();
    if (path.startsWith("/api/auth/logout")) {
      String headers = String.join("\n", request.headers());
      selfLoggedOut |= headers.contains(self.token());
      otherLoggedOut |= headers.contains(other.token());
    } else if (path.startsWith("/api/users") && method.equals("PUT") && !changedPassword(request)) {
      renamed(response);
    } else if (path.startsWith("/api/users") && !method.equals("GET")) {
      accountGone = true;
    } else if (method.equals("DELETE")) {
      contentGone = true;
    }
  }

  private static boolean changedPassword(RestRequest request) {
    try {
      return request.serverBody() == null || new JsonObject(io.vertx.core.buffer.Buffer.buffer(request.serverBody()))
          .getValue("password") != null;
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** A user changed their name: later logins need the new one. */
  private void renamed(RawHttp.Response response) {
    JsonObject user;
    try {
      user = new JsonObject(response.bodyText()).getJsonObject("user");
    } catch (RuntimeException e) {
      accountGone = true; // a HEAD answer has no body: start again from known users
      return;
    }
    if (user.getLong("id") == self.id()) {
      self = new Account(self.id(), user.getString("username"), self.token());
    } else {
      other = new Account(other.id(), user.getString("username"), other.token());
    }
  }

  /** Rebuilds what the last answers removed (between requests, never during one). */
  void repair() {
    if (accountGone) {
      renewAccount();
    }
    try {
      if (selfLoggedOut) {
        self = new Account(self.id(), self.username(), server.login(self.username(), PASSWORD));
        selfLoggedOut = false;
      }
      if (otherLoggedOut) { // a mutation may have sent the other user's token
        other = new Account(other.id(), other.username(), server.login(other.username(), PASSWORD));
        otherLoggedOut = false;
      }
    } catch (IllegalStateException e) {
      renewAccount(); // the login was refused (e.g. too many wrong passwords were fuzzed for this account)
    }
    if (contentGone) {
      renewContent();
    }
  }

  /** Both users anew: a mutated token may have been the other user's. */
  private void renewAccount() {
    self = server.account(prefix + "s");
    other = server.account(prefix + "o");
    accountGone = false;
    selfLoggedOut = false;
    otherLoggedOut = false;
    renewContent();
  }

  private void renewContent() {
    publicMessage = id(server.post("/api/messages", self.token(), new JsonObject().put("content", "fixture")));
    Res sent = server.post("/api/messages/private/" + other.id(), self.token(),
        new JsonObject().put("content", "fixture"));
    privateMessage = id(sent);
    chat = sent.json().getLong("chat_id");
    file = id(server.post("/api/files", self.token(), new JsonObject().put("filename", "a.png")
        .put("file_url", "https://example.com/a.png").put("file_size", 10).put("public_message_id", publicMessage)));
    contentGone = false;
  }

  private static long id(Res res) {
    if (res.status() != 201) {
      throw new IllegalStateException("fixture not created: " + res.status() + " " + res.body());
    }
    return res.json().getLong("id");
  }

  Template resolve(JsonObject seed, String fresh) {
    String auth = seed.getString("auth", "none");
    String authorization = switch (auth) {
      case "self" -> "Bearer " + self.token();
      case "other" -> "Bearer " + other.token();
      case "none" -> null;
      default -> throw new IllegalStateException("seed " + seed.getString("name") + ": unknown auth " + auth);
    };
    List<Map.Entry<String, String>> fields = null;
    JsonObject body = seed.getJsonObject("body");
    if (body != null) {
      fields = new ArrayList<>();
      for (String key : body.fieldNames()) {
        Object value = body.getValue(key);
        String raw = value instanceof String s && isId(s) ? fill(s, fresh) : JsonText.value(value instanceof String s
            ? fill(s, fresh) : value);
        fields.add(new SimpleEntry<>(key, raw));
      }
    }
    return new Template(seed.getString("name"), seed.getString("method"), fill(seed.getString("path"), fresh),
        fields, authorization, strings(seed, "headers"), strings(seed, "drop"), seed.getString("version", "HTTP/1.1"),
        seed.getString("body_text"));
  }

  private static List<String> strings(JsonObject seed, String key) {
    return seed.containsKey(key) ? seed.getJsonArray(key).stream().map(String::valueOf).toList() : List.of();
  }

  private static boolean isId(String s) {
    return s.matches("\\{(me|other|public_message|private_message|chat|file)}");
  }

  private String fill(String text, String fresh) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = switch (m.group(1)) {
        case "me" -> String.valueOf(self.id());
        case "other" -> String.valueOf(other.id());
        case "public_message" -> String.valueOf(publicMessage);
        case "private_message" -> String.valueOf(privateMessage);
        case "chat" -> String.valueOf(chat);
        case "file" -> String.valueOf(file);
        case "username" -> self.username();
        case "password" -> PASSWORD;
        default -> fresh;
      };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  String token(boolean ofSelf) {
    return ofSelf ? self.token() : other.token();
  }
}
