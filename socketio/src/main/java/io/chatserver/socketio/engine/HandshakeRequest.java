package io.chatserver.socketio.engine;

import io.vertx.core.MultiMap;

/** What we keep of the request that opened an Engine.IO session. */
public record HandshakeRequest(
    String url, MultiMap query, MultiMap headers, String remoteAddress, boolean secure, long issuedAt) {}
