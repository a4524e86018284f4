package io.chatserver.socketio.redis;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's link to Redis: one subscriber connection that survives outages (reconnect with backoff,
 * resubscribe) and a pooled client for publishing and commands. An outage is logged once, not per
 * message; while Redis is away, publishes fail fast and local delivery goes on.
 */
public final class RedisPubSub {

  private static final Logger log = LoggerFactory.getLogger(RedisPubSub.class);
  private static final long FIRST_RETRY_MS = 100;

  private final Vertx vertx;
  private final Redis commands;
  private final Redis subscriber;
  private final long maxReconnectDelayMs;
  private final Map<String, Handler<String>> channels = new ConcurrentHashMap<>();
  private final List<Handler<Boolean>> linkListeners = new CopyOnWriteArrayList<>();
  private volatile RedisConnection subscription;
  private volatile boolean closed;
  private volatile boolean outageLogged;
  private long retryDelayMs = FIRST_RETRY_MS;

  public RedisPubSub(Vertx vertx, RedisAdapterOptions options) {
    this.vertx = vertx;
    RedisOptions redisOptions = new RedisOptions().setConnectionString(options.redisUrl())
        .setMaxPoolSize(8).setMaxPoolWaiting(1024).setMaxWaitingHandlers(4096);
    redisOptions.getNetClientOptions().setConnectTimeout(2000);
    this.commands = Redis.createClient(vertx, redisOptions);
    this.subscriber = Redis.createClient(vertx, new RedisOptions(redisOptions).setMaxPoolSize(1));
    this.maxReconnectDelayMs = options.maxReconnectDelay().toMillis();
  }

  /** Connects the subscriber; succeeds once connected, and keeps retrying in the background if not. */
  public Future<Void> start() {
    return connect().recover(e -> Future.succeededFuture());
  }

  /** True while the subscriber connection is up. */
  public boolean connected() {
    return subscription != null;
  }

  /** For health checks: fails unless the subscriber connection is up and Redis answers a PING. */
  public Future<Void> ping() {
    if (subscription == null) {
      return Future.failedFuture("the Redis subscriber connection is down");
    }
    return commands.send(Request.cmd(Command.PING)).mapEmpty();
  }

  /** The pooled client, for commands of the application (keys, heartbeats). */
  public Redis client() {
    return commands;
  }

  /** Told {@code true} each time the subscriber connection is (re)established, {@code false} when it is lost. */
  public void onLink(Handler<Boolean> listener) {
    linkListeners.add(listener);
    if (subscription != null) listener.handle(true);
  }

  private void tellLink(boolean up) {
    for (Handler<Boolean> l : linkListeners) {
      try {
        l.handle(up);
      } catch (RuntimeException e) {
        log.error("Redis link listener failed", e);
      }
    }
  }

  public void subscribe(String channel, Handler<String> listener) {
    channels.put(channel, listener);
    RedisConnection conn = subscription;
    if (conn != null) {
      conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
          .onFailure(e -> log.debug("SUBSCRIBE {} failed; retried on reconnect", channel, e));
    }
  }

  public Future<Void> publish(String channel, String message) {
    return commands.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).mapEmpty();
  }

  /** How many nodes listen on {@code channel} (each node holds one subscriber connection). */
  public Future<Integer> subscribers(String channel) {
    return commands.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(channel))
        .map(r -> r.isMap() ? r.get(channel).toInteger() : r.get(1).toInteger()); // RESP3 map, RESP2 array
  }

  public Future<Void> close() {
    closed = true;
    RedisConnection conn = subscription;
    subscription = null;
    if (conn != null) {
      conn.close();
    }
    subscriber.close();
    commands.close();
    return Future.succeededFuture();
  }

  private Future<Void> connect() {
    return subscriber.connect().compose(conn -> {
      conn.handler(this::onPush);
      conn.exceptionHandler(e -> connectionLost(conn, e));
      conn.endHandler(v -> connectionLost(conn, null));
      if (channels.isEmpty()) {
        return Future.succeededFuture(conn);
      }
      Request subscribe = Request.cmd(Command.SUBSCRIBE);
      channels.keySet().forEach(subscribe::arg);
      return conn.send(subscribe).map(r -> conn).onFailure(e -> conn.close());
    }).<Void>map(conn -> {
      subscription = conn;
      retryDelayMs = FIRST_RETRY_MS;
      if (outageLogged) {
        outageLogged = false;
        log.info("Redis is back: cross-node delivery resumed");
      }
      tellLink(true);
      return null;
    }).onFailure(this::retryLater);
  }

  private void connectionLost(RedisConnection conn, Throwable error) {
    if (conn != subscription) {
      return; // a failed attempt's connection, or a loss already handled
    }
    subscription = null;
    tellLink(false);
    retryLater(error);
  }

  private void retryLater(Throwable error) {
    if (closed) {
      return;
    }
    if (!outageLogged) {
      outageLogged = true;
      log.warn("Redis unreachable ({}): serving this node's clients only, reconnecting",
          error == null ? "connection closed" : error.getMessage());
    }
    long delay = retryDelayMs;
    retryDelayMs = Math.min(maxReconnectDelayMs, retryDelayMs * 2);
    vertx.setTimer(delay, t -> {
      if (!closed && subscription == null) {
        connect();
      }
    });
  }

  /** Pub/sub pushes: {@code ["message", channel, payload]} (RESP2 array or RESP3 push). */
  private void onPush(Response push) {
    if (push.size() < 3 || !"message".equalsIgnoreCase(push.get(0).toString())) {
      return;
    }
    Handler<String> listener = channels.get(push.get(1).toString());
    if (listener != null) {
      try {
        listener.handle(push.get(2).toString());
      } catch (RuntimeException e) {
        log.error("Handling a message of {} failed", push.get(1), e);
      }
    }
  }
}
