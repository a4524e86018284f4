package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socket.client.IO;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * One SocketIoServer shared by several HttpServer instances (one per verticle instance, each on its
 * own event loop): polling requests of one session land on different loops, upgrades cross loops,
 * and room broadcasts reach sockets on every loop.
 */
class MultiEventLoopTest {

  @Test
  void sharedServerAcrossEventLoops() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<io.socket.client.Socket> clients = new ArrayList<>();
    try {
      SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions());
      Set<String> loops = ConcurrentHashMap.newKeySet();
      io.of("/").onConnection(s -> {
        loops.add(Thread.currentThread().getName());
        s.join("all");
        s.on("shout", (args, ack) -> io.of("/").to("all").emit("heard", args.getString(0)));
      });
      int port = EventLoopServers.listen(vertx, io, 3);

      List<BlockingQueue<Object[]>> heard = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        IO.Options opts = IO.Options.builder().setTransports(new String[] {Polling.NAME, WebSocket.NAME})
            .setReconnection(false).setForceNew(true).build();
        // A connection pool of its own: with the shared default one, every client's requests could ride
        // one kept-alive connection, served by one loop (the spread is per connection, round robin).
        OkHttpClient http = new OkHttpClient();
        opts.callFactory = http;
        opts.webSocketFactory = http;
        io.socket.client.Socket c = IO.socket(URI.create("http://localhost:" + port), opts);
        BlockingQueue<Object[]> q = new LinkedBlockingQueue<>();
        c.on("heard", q::add);
        heard.add(q);
        clients.add(c);
        c.connect();
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> io.of("/").localSockets().size() == 6
          && io.of("/").localSockets().stream().allMatch(s -> s.transport().equals("websocket")));
      assertThat(loops.size()).as("sessions spread over event loops").isGreaterThan(1);

      clients.get(0).emit("shout", "everyone");
      for (BlockingQueue<Object[]> q : heard) {
        Object[] got = q.poll(10, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got[0]).isEqualTo("everyone");
      }
    } finally {
      clients.forEach(io.socket.client.Socket::close);
      vertx.close().await();
    }
  }
}
