package io.chatserver.socketio.redis;

import io.chatserver.socketio.adapter.Adapter;
import io.chatserver.socketio.adapter.NamespaceRef;
import java.util.UUID;
import java.util.function.Function;

/**
 * Plugs the Redis adapter into {@code SocketIoOptions.setAdapterFactory}: one adapter per namespace,
 * all sharing this node's {@link RedisPubSub} and node id.
 */
public final class RedisAdapterFactory implements Function<NamespaceRef, Adapter> {

  private final RedisPubSub redis;
  private final RedisAdapterOptions options;
  private final String uid = UUID.randomUUID().toString();

  public RedisAdapterFactory(RedisPubSub redis, RedisAdapterOptions options) {
    this.redis = redis;
    this.options = options;
  }

  /** This node's id on the pub/sub channels. */
  public String uid() {
    return uid;
  }

  @Override
  public Adapter apply(NamespaceRef nsp) {
    return new RedisAdapter(nsp, redis, uid, options);
  }
}
