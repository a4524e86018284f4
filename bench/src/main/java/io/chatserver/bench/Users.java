package io.chatserver.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Registers and logs in a pool of benchmark users (each costs the server a password hash). */
public final class Users {
  public static final String PASSWORD = "bench-password-1";

  /** A logged-in user. */
  public record User(int index, long id, String username, String token) {}

  private Users() {}

  public static String runId() {
    return Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);
  }

  /** One JSON request; completes with status and body. */
  public static Future<Http> call(HttpClient http, String host, int port, HttpMethod m, String uri, String token, String body) {
    return http.request(m, port, host, uri).compose(req -> {
      if (token != null) {
        req.putHeader("Authorization", "Bearer " + token);
      }
      if (body != null) {
        req.putHeader("Content-Type", "application/json");
        return req.send(body);
      }
      return req.send();
    }).compose(resp -> resp.body().map(b -> new Http(resp.statusCode(), b)));
  }

  public record Http(int status, Buffer body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  public static Future<User> register(HttpClient http, String host, int port, String run, int i) {
    String name = "b" + run + "_" + i;
    JsonObject reg = new JsonObject().put("username", name).put("email", name + "@bench.example.com").put("password", PASSWORD);
    return call(http, host, port, HttpMethod.POST, "/api/auth/register", null, reg.encode()).compose(r -> {
      if (r.status() != 201 && r.status() != 200) {
        return Future.failedFuture("register " + name + ": HTTP " + r.status() + " " + r.body());
      }
      return login(http, host, port, name).map(u -> new User(i, u.id(), u.username(), u.token()));
    });
  }

  public static Future<User> login(HttpClient http, String host, int port, String name) {
    JsonObject login = new JsonObject().put("username", name).put("password", PASSWORD);
    return call(http, host, port, HttpMethod.POST, "/api/auth/login", null, login.encode()).compose(r -> {
      if (r.status() != 200) {
        return Future.failedFuture("login " + name + ": HTTP " + r.status() + " " + r.body());
      }
      JsonObject j = r.json();
      return Future.succeededFuture(new User(-1, j.getJsonObject("user").getLong("id"), name, j.getString("access_token")));
    });
  }

  /** Registers and logs in {@code n} users with at most {@code concurrency} requests in flight. */
  public static Future<List<User>> create(HttpClient http, String host, int port, String run, int n, int concurrency) {
    return create(http, host, port, run, 0, n, concurrency);
  }

  /** Registers and logs in users with indices [from, to). */
  public static Future<List<User>> create(HttpClient http, String host, int port, String run, int from, int to, int concurrency) {
    int n = to - from;
    User[] out = new User[n];
    Promise<List<User>> done = Promise.promise();
    int[] next = {0};
    int[] finished = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (next[0] < n && next[0] - finished[0] < concurrency) {
        int i = next[0]++;
        register(http, host, port, run, from + i).onComplete(ar -> {
          if (ar.failed()) {
            done.tryFail(ar.cause());
            return;
          }
          out[i] = ar.result();
          finished[0]++;
          if (finished[0] == n) {
            done.tryComplete(new ArrayList<>(List.of(out)));
          } else {
            pump[0].run();
          }
        });
      }
    };
    if (n == 0) {
      return Future.succeededFuture(new ArrayList<>());
    }
    pump[0].run();
    return done.future();
  }
}
