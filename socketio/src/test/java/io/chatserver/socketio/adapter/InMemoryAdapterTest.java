package io.chatserver.socketio.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.socketio.SocketInfo;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.parser.Packet;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryAdapterTest {
  final Map<String, List<EncodedPacket>> received = new HashMap<>();
  final Map<String, List<EncodedPacket>> volatileReceived = new HashMap<>();
  String broken;

  final InMemoryAdapter adapter = new InMemoryAdapter(new NamespaceRef() {
    @Override
    public String name() {
      return "/";
    }

    @Override
    public Vertx vertx() {
      return null;
    }

    @Override
    public LocalSocket localSocket(String id) {
      return new LocalSocket() {
        @Override
        public String id() {
          return id;
        }

        @Override
        public void sendEncoded(EncodedPacket packet) {
          if (id.equals(broken)) {
            throw new IllegalStateException("WebSocket is closed");
          }
          received.computeIfAbsent(id, k -> new ArrayList<>()).add(packet);
        }

        @Override
        public void sendEncodedUnlessBehind(EncodedPacket packet) {
          volatileReceived.computeIfAbsent(id, k -> new ArrayList<>()).add(packet);
        }

        @Override
        public SocketInfo info() {
          return new SocketInfo(id, "/", Set.of(), null);
        }

        @Override
        public void disconnect(boolean close) {}
      };
    }
  });

  @Test
  void aVolatileBroadcastAsksEachSocketToDropItWhenBehind() {
    adapter.addAll("a", Set.of("a", "r1"));
    adapter.addAll("b", Set.of("b", "r1"));
    adapter.broadcast(Packet.event("/", "x", new Object[0]), new BroadcastOptions(Set.of("r1"), Set.of("b"), false, true));
    assertThat(volatileReceived.keySet()).containsExactly("a");
    assertThat(received).isEmpty();
  }

  @Test
  void roomsExceptAndEncodeOnce() {
    adapter.addAll("a", Set.of("a", "r1"));
    adapter.addAll("b", Set.of("b", "r1", "r2"));
    adapter.addAll("c", Set.of("c", "r2"));
    adapter.broadcast(Packet.event("/", "x", new Object[0]), new BroadcastOptions(Set.of("r1", "r2"), Set.of("c"), false));
    assertThat(received.keySet()).containsExactlyInAnyOrder("a", "b");
    // one encoding shared by every receiver
    assertThat(received.get("a").get(0)).isSameAs(received.get("b").get(0));

    assertThat(adapter.sockets(Set.of("r2")).result()).containsExactlyInAnyOrder("b", "c");
    assertThat(adapter.fetchSockets(BroadcastOptions.ALL).result()).extracting(SocketInfo::id)
        .containsExactlyInAnyOrder("a", "b", "c");
    adapter.del("b", "r1");
    assertThat(adapter.socketRooms("b")).containsExactlyInAnyOrder("b", "r2");
    adapter.delAll("b");
    assertThat(adapter.socketRooms("b")).isEmpty();
    assertThat(adapter.rooms()).containsExactlyInAnyOrder("a", "c", "r1", "r2");
    adapter.addSockets(new BroadcastOptions(Set.of("r2"), Set.of(), false), Set.of("r3"));
    assertThat(adapter.sockets(Set.of("r3")).result()).containsExactly("c");
  }

  @Test
  void oneBrokenConnectionDoesNotStopTheBroadcast() {
    adapter.addAll("a", Set.of("a", "room"));
    adapter.addAll("b", Set.of("b", "room"));
    adapter.addAll("c", Set.of("c", "room"));
    broken = "b";
    adapter.broadcast(Packet.event("/", "x", new Object[0]), new BroadcastOptions(Set.of("room"), Set.of(), false));
    assertThat(received.keySet()).containsExactlyInAnyOrder("a", "c");
  }
}
