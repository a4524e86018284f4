package io.chatserver.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PacketCodecTest {

  @Test
  void encodesEventsAcksAndNamespaces() {
    assertThat(PacketEncoder.encode(Packet.event("/", "hi", new Object[] {1, "a", null})).engineText())
        .isEqualTo("42[\"hi\",1,\"a\",null]");
    assertThat(PacketEncoder.encode(new Packet(Packet.ACK, "/chat", 12, new JsonArray().add(true))).engineText())
        .isEqualTo("43/chat,12[true]");
    assertThat(PacketEncoder.encode(new Packet(Packet.DISCONNECT, "/chat", -1, null)).engineText()).isEqualTo("41/chat,");
    assertThat(PacketEncoder.encode(new Packet(Packet.CONNECT, "/", -1, new JsonObject().put("sid", "x"))).engineText())
        .isEqualTo("40{\"sid\":\"x\"}");
  }

  @Test
  void binaryRoundTrip() throws Exception {
    Buffer a = Buffer.buffer(new byte[] {1, 2});
    EncodedPacket e = PacketEncoder.encode(Packet.event("/x", "bin",
        new Object[] {new JsonObject().put("file", a).put("n", 1), new byte[] {3}}));
    assertThat(e.engineText())
        .isEqualTo("452-/x,[\"bin\",{\"file\":{\"_placeholder\":true,\"num\":0},\"n\":1},{\"_placeholder\":true,\"num\":1}]");
    assertThat(e.attachments()).hasSize(2);

    PacketDecoder d = new PacketDecoder();
    assertThat(d.decodeText(e.engineText().substring(1))).isNull();
    assertThat(d.decodeBinary(e.attachments()[0])).isNull();
    Packet p = d.decodeBinary(e.attachments()[1]);
    assertThat(p.type()).isEqualTo(Packet.EVENT);
    assertThat(p.nsp()).isEqualTo("/x");
    JsonArray data = (JsonArray) p.data();
    assertThat(data.getJsonObject(1).getBuffer("file").getBytes()).containsExactly(1, 2);
    assertThat(data.getBuffer(2).getBytes()).containsExactly(3);
  }

  @Test
  void decodesIdsAndNamespaces() throws Exception {
    Packet p = new PacketDecoder().decodeText("2/admin,456[\"ev\",{\"a\":1}]");
    assertThat(p.type()).isEqualTo(Packet.EVENT);
    assertThat(p.nsp()).isEqualTo("/admin");
    assertThat(p.id()).isEqualTo(456);
    Packet c = new PacketDecoder().decodeText("0/admin");
    assertThat(c.type()).isEqualTo(Packet.CONNECT);
    assertThat(c.nsp()).isEqualTo("/admin");
    assertThat(c.data()).isNull();
  }

  @Test
  void rejectsInvalidPackets() {
    for (String bad : new String[] {"", "9", "abc", "2{}", "2[]", "2[1", "2[{}]", "2[\"disconnect\"]", "0[]", "1{}",
        "3[1]", "5[\"a\"]", "51[\"a\"]", "2abc[\"a\"]", "2[\"a\"]garbage",
        "2\u0663[\"a\"]", "5\u0661-[\"a\"]", "2\uff11[\"a\"]"}) { // ack ids and counts in other scripts' digits
      assertThatThrownBy(() -> new PacketDecoder().decodeText(bad)).as(bad).isInstanceOf(ParseException.class);
    }
    assertThatThrownBy(() -> new PacketDecoder().decodeBinary(Buffer.buffer("x"))).isInstanceOf(ParseException.class);
  }
}
