package io.chatserver.socketio.adapter;

import io.vertx.core.Vertx;

/** The namespace an adapter serves, as the adapter sees it. */
public interface NamespaceRef {
  String name();

  Vertx vertx();

  /** A socket of this namespace connected to this node, or null. */
  LocalSocket localSocket(String id);
}
