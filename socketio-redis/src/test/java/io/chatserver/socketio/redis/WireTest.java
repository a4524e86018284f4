package io.chatserver.socketio.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A broadcast's target crosses Redis whole: rooms, exceptions and the volatile flag. */
class WireTest {

  @Test
  void theVolatileFlagCrossesRedis() {
    BroadcastOptions sent = new BroadcastOptions(Set.of("public_chat"), Set.of("user:1"), false, true);
    JsonObject json = new JsonObject(Wire.target(sent).encode());
    assertThat(Wire.localTarget(json))
        .isEqualTo(new BroadcastOptions(Set.of("public_chat"), Set.of("user:1"), true, true));
  }

  @Test
  void aPlainTargetStaysPlainAndSmall() {
    JsonObject json = Wire.target(new BroadcastOptions(Set.of("r"), Set.of(), false));
    assertThat(json.containsKey("volatile")).isFalse();
    assertThat(Wire.localTarget(json).dropWhenBehind()).isFalse();
  }
}
