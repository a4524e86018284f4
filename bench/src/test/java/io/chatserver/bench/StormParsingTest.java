package io.chatserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The storm client's reading of recovery answers and offsets, and its delivery bookkeeping (no network). */
class StormParsingTest {
  private static String offsetOf(String frame) {
    byte[] b = ("xx" + frame).getBytes(StandardCharsets.UTF_8);
    return StormConn.lastStringArg(b, 2, b.length - 2);
  }

  @Test
  void offsetIsTheLastStringArgumentOfAnEvent() {
    assertEquals("1712", offsetOf("42[\"new_public_message\",{\"id\":7,\"content\":\"a \\\"quoted\\\" ]\"},\"1712\"]"));
    assertEquals("1700000000000-3", offsetOf("42[\"user_joined\",{\"user_id\":1},\"1700000000000-3\"]"));
    assertEquals("", offsetOf("42[\"x\",{},\"\"]"));
  }

  @Test
  void eventsWithoutOffsetLeaveItAlone() {
    assertNull(offsetOf("42[\"connected\",{\"user\":{\"id\":1}}]"));
    assertNull(offsetOf("42[\"online_users\",[\"a\",\"b\"]]"));
    assertNull(offsetOf("42[\"ping_only\"]")); // the event name is not an offset
    assertNull(offsetOf("42[\"x\",\"has \\\" quote\"]"));
    assertNull(offsetOf("42[]"));
  }

  @Test
  void connectAnswerCarriesSidAndPid() {
    JsonObject a = StormConn.connectAnswer("40{\"sid\":\"abc\",\"pid\":\"p-1\"}");
    assertEquals("abc", a.getString("sid"));
    assertEquals("p-1", a.getString("pid"));
    assertTrue(StormConn.connectAnswer("40").isEmpty());
  }

  @Test
  void reconnectAuthAddsPidAndOffsetOnlyWhenBothAreKnown() {
    assertEquals(new JsonObject().put("token", "t").put("pid", "p").put("offset", "9"),
        new JsonObject(StormConn.authJson("t", "p", "9")));
    assertEquals(new JsonObject().put("token", "t"), new JsonObject(StormConn.authJson("t", "p", null)));
    assertEquals(new JsonObject().put("token", "t"), new JsonObject(StormConn.authJson("t", null, null)));
  }

  @Test
  void deliveryBookkeepingCountsDuplicatesGapsAndReordering() {
    StormConn c = new StormConn(0, "t");
    c.expect(3);
    c.message(0);
    c.message(1);
    assertEquals(0, c.caughtUpNanos);
    c.message(2);
    assertTrue(c.caughtUpNanos > 0);
    c.message(2);
    assertEquals(1, c.duplicates);
    c.expect(6);
    c.message(4); // 3 is missing so far
    assertEquals(1, c.outOfOrder);
    assertEquals(3, c.contiguous());
    assertEquals(0, c.caughtUpNanos);
    assertEquals(2, c.missing(6));
    c.message(3);
    c.message(5);
    assertEquals(6, c.contiguous());
    assertEquals(0, c.missing(6));
    assertTrue(c.caughtUpNanos > 0);
  }
}
