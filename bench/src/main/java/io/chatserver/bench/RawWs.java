package io.chatserver.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately small WebSocket client straight on Netty (on Vert.x's own event loop, so that it shares the
 * thread with the scenarios' timers), so that the load generator spends as little CPU per received frame as
 * possible: each read is copied once into a reusable array and the frames in it are
 * handed to the listener as (array, offset, length) with no per-frame objects. Client frames are masked with
 * an all-zero key (valid per RFC 6455, and the payload needs no transformation). Only what a benchmark needs:
 * unfragmented text frames, ping/pong, close.
 */
public final class RawWs {
  /** Receives the payload of each text (or binary) frame; the array is reused after the call returns. */
  public interface FrameHandler {
    void onFrame(byte[] buf, int off, int len);
  }

  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  /** Creates connections on the event loop of a Vert.x instance (meant for one event loop). */
  public static final class Connector {
    private final Bootstrap bootstrap;

    public Connector(Vertx vertx) {
      VertxInternal vi = (VertxInternal) vertx;
      bootstrap = new Bootstrap().group(vi.eventLoopGroup()).channelFactory(vi.transport().channelFactory(false))
          .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              // the RawWs handler is added once the connection exists
            }
          });
    }
  }

  private Channel socket;
  private FrameHandler handler;
  private Runnable closeHandler;
  private byte[] acc = new byte[1024];
  private int accLen;
  private boolean upgraded;
  private Promise<RawWs> opened;
  public boolean closed;

  private RawWs() {}

  public static Future<RawWs> connect(Connector client, String host, int port, String uri, FrameHandler handler,
      Runnable closeHandler) {
    RawWs ws = new RawWs();
    ws.handler = handler;
    ws.closeHandler = closeHandler;
    ws.opened = Promise.promise();
    client.bootstrap.connect(host, port).addListener(cf -> {
      if (!cf.isSuccess()) {
        ws.opened.tryFail(cf.cause());
        return;
      }
      Channel ch = ((io.netty.channel.ChannelFuture) cf).channel();
      ws.socket = ch;
      ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          ByteBuf b = (ByteBuf) msg;
          try {
            ws.onData(b);
          } finally {
            b.release();
          }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
          ws.onClosed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
          ws.opened.tryFail(cause);
          ctx.close();
        }
      });
      String req = "GET " + uri + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
      ch.writeAndFlush(Unpooled.wrappedBuffer(req.getBytes(StandardCharsets.US_ASCII)));
    });
    return ws.opened.future();
  }

  private void onClosed() {
    closed = true;
    opened.tryFail(new IllegalStateException("connection closed"));
    if (closeHandler != null) {
      closeHandler.run();
    }
  }

  private void onData(ByteBuf b) {
    int n = b.readableBytes();
    if (accLen + n > acc.length) {
      byte[] bigger = new byte[Math.max(acc.length * 2, accLen + n)];
      System.arraycopy(acc, 0, bigger, 0, accLen);
      acc = bigger;
    }
    b.getBytes(b.readerIndex(), acc, accLen, n);
    accLen += n;
    int pos = 0;
    if (!upgraded) {
      int end = indexOf(acc, 0, accLen, HEADER_END);
      if (end < 0) {
        return;
      }
      String status = new String(acc, 0, Math.min(end, 64), StandardCharsets.US_ASCII);
      if (!status.startsWith("HTTP/1.1 101")) {
        opened.tryFail(new IllegalStateException("upgrade refused: " + new String(acc, 0, end, StandardCharsets.US_ASCII)));
        socket.close();
        return;
      }
      upgraded = true;
      pos = end + 4;
      opened.tryComplete(this);
    }
    pos = frames(pos);
    if (pos > 0) {
      System.arraycopy(acc, pos, acc, 0, accLen - pos);
      accLen -= pos;
    }
  }

  /** Hands every complete frame from {@code pos} to the handler; returns where the first incomplete one starts. */
  private int frames(int pos) {
    while (accLen - pos >= 2) {
      int b0 = acc[pos] & 0xff;
      int b1 = acc[pos + 1] & 0xff;
      int hdr = 2;
      long len = b1 & 0x7f;
      if (len == 126) {
        if (accLen - pos < 4) {
          break;
        }
        len = ((acc[pos + 2] & 0xff) << 8) | (acc[pos + 3] & 0xff);
        hdr = 4;
      } else if (len == 127) {
        if (accLen - pos < 10) {
          break;
        }
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | (acc[pos + 2 + i] & 0xff);
        }
        hdr = 10;
      }
      if ((b1 & 0x80) != 0) {
        hdr += 4; // a masked server frame would be a protocol error; skip the key and do not unmask
      }
      if (accLen - pos < hdr + len) {
        break;
      }
      int op = b0 & 0x0f;
      int start = pos + hdr;
      if (op == 0x1 || op == 0x2 || op == 0x0) {
        handler.onFrame(acc, start, (int) len);
      } else if (op == 0x9) {
        writeFrame(0xA, acc, start, (int) len);
      } else if (op == 0x8) {
        if (!closed) {
          writeFrame(0x8, acc, start, Math.min(2, (int) len));
          socket.close();
          closed = true;
        }
      }
      pos = start + (int) len;
    }
    return pos;
  }

  static int indexOf(byte[] a, int from, int to, byte[] pat) {
    outer:
    for (int i = from; i + pat.length <= to; i++) {
      for (int j = 0; j < pat.length; j++) {
        if (a[i + j] != pat[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Sends one final text frame. */
  public void sendText(String text) {
    byte[] p = text.getBytes(StandardCharsets.UTF_8);
    writeFrame(0x1, p, 0, p.length);
  }

  private void writeFrame(int op, byte[] p, int off, int len) {
    if (closed) {
      return;
    }
    ByteBuf f = socket.alloc().buffer(len + 14);
    f.writeByte(0x80 | op);
    if (len < 126) {
      f.writeByte(0x80 | len);
    } else if (len < 65536) {
      f.writeByte(0x80 | 126).writeShort(len);
    } else {
      f.writeByte(0x80 | 127).writeLong(len);
    }
    f.writeInt(0); // mask key 0: the payload goes out unchanged
    f.writeBytes(p, off, len);
    socket.writeAndFlush(f, socket.voidPromise());
  }

  /** Stops reading from the socket: the server sees a client that does not read (TCP back-pressure). */
  public void pauseReading() {
    socket.config().setAutoRead(false);
  }

  /** Closes the TCP connection without a WebSocket close frame: to the server, a lost network. */
  public void drop() {
    if (closed || socket == null) {
      return;
    }
    closed = true;
    socket.close();
  }

  public Future<Void> close() {
    if (closed || socket == null) {
      return Future.succeededFuture();
    }
    writeFrame(0x8, new byte[] {0x03, (byte) 0xe8}, 0, 2);
    closed = true;
    Promise<Void> p = Promise.promise();
    socket.close().addListener(f -> p.tryComplete());
    return p.future();
  }
}
