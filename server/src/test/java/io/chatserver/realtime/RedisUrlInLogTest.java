package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cluster start-up line names the Redis it uses, never the password in REDIS_URL. */
class RedisUrlInLogTest {

  @Test
  void credentialsAreLeftOut() {
    assertThat(RealtimeGateway.withoutCredentials("redis://:s3cret@10.0.0.5:6379/0")).isEqualTo("redis://10.0.0.5:6379/0");
    assertThat(RealtimeGateway.withoutCredentials("rediss://chat:p@ss@redis.internal:6380"))
        .isEqualTo("rediss://redis.internal:6380");
    assertThat(RealtimeGateway.withoutCredentials("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
  }
}
