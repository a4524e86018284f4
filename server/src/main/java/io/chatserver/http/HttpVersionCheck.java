package io.chatserver.http;

import io.chatserver.socketio.engine.VertxInternals;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;

/**
 * Marks a request head of any version but HTTP/1.0 and HTTP/1.1 ({@code HTTP/1.2}, {@code HTTP/2.0},
 * a lower-case {@code http/1.1}) as refused by the decoder, so that it reaches the server's
 * invalid-request handler ({@link ErrorHandler#invalidRequest}: 505 with a JSON body, then close).
 * Left alone, Vert.x answers such a request 501 without a body, before any handler of ours runs.
 * It sits in the connection's Netty pipeline, right after the HTTP decoder.
 */
@Sharable
public final class HttpVersionCheck extends ChannelInboundHandlerAdapter {

  private static final HttpVersionCheck INSTANCE = new HttpVersionCheck();

  /** Why a head was refused; no stack trace (the client's error, not ours). */
  public static final class UnsupportedVersion extends RuntimeException {
    UnsupportedVersion(String version) {
      super("Unsupported HTTP version " + version, null, false, false);
    }
  }

  private HttpVersionCheck() {}

  /** To call from the server's connection handler, before the first request is read. */
  public static void install(HttpConnection conn) {
    // HTTP/1.x is all we serve (h2c is off). Without Vert.x's internal API (VertxInternals: logged once),
    // Vert.x's own 501 answers such heads.
    ChannelHandlerContext vertx = VertxInternals.channelContext(conn);
    if (vertx != null) {
      vertx.pipeline().addBefore(vertx.name(), "chat-http-version-check", INSTANCE);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest head && head.decoderResult().isSuccess()) {
      HttpVersion version = head.protocolVersion();
      // The decoder hands out these two constants for exactly "HTTP/1.0" and "HTTP/1.1"; Vert.x knows no other.
      if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
        head.setProtocolVersion(HttpVersion.HTTP_1_1); // the answer's status line: one the client can read
        head.setDecoderResult(DecoderResult.failure(new UnsupportedVersion(version.text())));
      }
    }
    ctx.fireChannelRead(msg);
  }
}
