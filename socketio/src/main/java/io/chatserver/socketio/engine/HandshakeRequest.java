package io.chatserver.socketio.engine;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;

/**
 * What we keep of the request that opened an Engine.IO session. The query is parsed from the URL
 * on demand rather than kept as a map for every idle connection.
 */
public final class HandshakeRequest {
  private final String url;
  private final MultiMap headers;
  private final String remoteAddress;
  private final boolean secure;
  private final long issuedAt;

  public HandshakeRequest(String url, MultiMap headers, String remoteAddress, boolean secure, long issuedAt) {
    this.url = url;
    this.headers = headers;
    this.remoteAddress = remoteAddress;
    this.secure = secure;
    this.issuedAt = issuedAt;
  }

  /** Request URI (path and query). */
  public String url() {
    return url;
  }

  /** Query parameters of {@link #url()} (a new map on each call). */
  public MultiMap query() {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    if (url == null) return m;
    for (Map.Entry<String, List<String>> e : new QueryStringDecoder(url).parameters().entrySet()) {
      m.add(e.getKey(), e.getValue());
    }
    return m;
  }

  public MultiMap headers() {
    return headers;
  }

  public String remoteAddress() {
    return remoteAddress;
  }

  public boolean secure() {
    return secure;
  }

  /** Epoch milliseconds. */
  public long issuedAt() {
    return issuedAt;
  }
}
