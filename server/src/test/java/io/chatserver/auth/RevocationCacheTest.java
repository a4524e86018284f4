package io.chatserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory revocation state (C110): when it may answer, and that no stale entry can stick. */
class RevocationCacheTest {

  private static final RevocationCache.ActiveUser ALICE = new RevocationCache.ActiveUser(1, "alice", null, 0);

  @Test
  void answersOnlyAfterALoadThatNoLinkLossOvertook() {
    RevocationCache cache = new RevocationCache();
    assertThat(cache.trusted()).isFalse();
    long ticket = cache.loadTicket();
    cache.distrust(); // the link went down while the load was reading
    cache.loaded(ticket, Map.of("j1", 10L));
    assertThat(cache.trusted()).isFalse();
    cache.loaded(cache.loadTicket(), Map.of());
    assertThat(cache.trusted()).isTrue();
    assertThat(cache.isRevoked("j1")).isTrue();
  }

  @Test
  void aFillThatAnInvalidationOvertookIsNotKept() {
    RevocationCache cache = new RevocationCache();
    long before = cache.epoch();
    cache.remote("u 1"); // another node's password change, between our read and our fill
    cache.fill(before, ALICE);
    assertThat(cache.user(1)).isNull();
    cache.fill(cache.epoch(), ALICE);
    assertThat(cache.user(1)).isEqualTo(ALICE);
    cache.userChangedHere(1);
    assertThat(cache.user(1)).isNull();
  }

  @Test
  void remoteRevocationsCountAndExpire() {
    RevocationCache cache = new RevocationCache();
    assertThat(cache.remote("r 1000 jti-a")).isTrue();
    cache.revokedHere("jti-b", 3000);
    assertThat(cache.isRevoked("jti-a")).isTrue();
    assertThat(cache.dropExpired(2000)).isEqualTo(1);
    assertThat(cache.isRevoked("jti-a")).isFalse();
    assertThat(cache.isRevoked("jti-b")).isTrue();
  }

  @Test
  void anUnreadableMessageMakesItAskTheDatabase() {
    RevocationCache cache = new RevocationCache();
    cache.loaded(cache.loadTicket(), Map.of());
    assertThat(cache.remote("garbage")).isFalse();
    assertThat(cache.trusted()).isFalse();
  }
}
