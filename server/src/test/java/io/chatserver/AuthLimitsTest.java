package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.chatserver.core.InvalidConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is limited per (account, client address) and per account, over login and over the
 * current_password check alike; registration and spraying many accounts per client address; the
 * client address comes from X-Forwarded-For only when a trusted proxy sent it; and the hashing queue
 * is bounded, so a flood of guesses is refused quickly instead of delaying everyone's login.
 */
class AuthLimitsTest {

  /**
   * Behind no proxy: 3 failed checks per (account, address). Every limit refills at one per minute, so
   * no refill happens while a test runs; the limits a test is not about have a large burst.
   */
  static TestServer direct;
  /** Behind trusted proxies (127.0.0.1 and 10.9.0.0/16); also 5 failed checks per account. */
  static TestServer proxied;
  /** Behind a trusted proxy; 3 register/login requests per client address. */
  static TestServer sprayed;

  @BeforeAll
  static void start() throws Exception {
    direct = TestServer.start(Files.createTempDirectory("chat-limits"), limits(3, 500, 500, ""));
    proxied = TestServer.start(Files.createTempDirectory("chat-limits"),
        limits(3, 5, 500, "10.9.0.0/16, 127.0.0.1"));
    sprayed = TestServer.start(Files.createTempDirectory("chat-limits"), limits(500, 500, 3, "127.0.0.1"));
  }

  private static Map<String, String> limits(int perAccountAndAddress, int perAccount, int perAddress,
      String trustedProxies) {
    return Map.of(
        "AUTH_RATE_LIMIT_PER_MINUTE", "1", "AUTH_RATE_LIMIT_BURST", String.valueOf(perAccountAndAddress),
        "AUTH_ACCOUNT_RATE_LIMIT_PER_MINUTE", "1", "AUTH_ACCOUNT_RATE_LIMIT_BURST", String.valueOf(perAccount),
        "AUTH_ADDRESS_RATE_LIMIT_PER_MINUTE", "1", "AUTH_ADDRESS_RATE_LIMIT_BURST", String.valueOf(perAddress),
        "TRUSTED_PROXIES", trustedProxies);
  }

  @AfterAll
  static void stop() throws Exception {
    direct.close();
    proxied.close();
    sprayed.close();
  }

  private static Res changePassword(TestServer server, Account who, String current) {
    return server.put("/api/users/" + who.id(), who.token(), new JsonObject()
        .put("password", "a-new-password").put("current_password", current));
  }

  private static Res login(TestServer server, String username, String password, String forwardedFor) {
    JsonObject body = new JsonObject().put("username", username).put("password", password);
    return server.send("POST", "/api/auth/login", null, body,
        forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor));
  }

  private static void assertLimited(Res res) {
    assertThat(res.status()).as(res.body()).isEqualTo(429);
    assertThat(res.message()).isNotBlank();
    assertThat(Long.parseLong(res.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
  }

  @Test
  void theFourthWrongCurrentPasswordIsRefusedWith429AndTheRightOneWaitsToo() {
    Account guessed = direct.account("guessed");
    Account neighbour = direct.account("neighbour");
    for (int i = 0; i < 3; i++) {
      assertThat(changePassword(direct, guessed, "wrong-guess-" + i).status()).isEqualTo(400);
    }
    assertLimited(changePassword(direct, guessed, "wrong-guess-3"));
    // While limited, not even the right password is checked (that would confirm a guess).
    assertLimited(changePassword(direct, guessed, "password123"));
    // The same budget covers login: guessing cannot move from one door to the other.
    assertLimited(login(direct, guessed.username(), "password123", null));
    assertThat(direct.get("/api/messages", guessed.token()).status()).isEqualTo(200);
    // Another account from the same address is not affected.
    assertThat(changePassword(direct, neighbour, "wrong-guess").status()).isEqualTo(400);
    assertThat(changePassword(direct, neighbour, "password123").status()).isEqualTo(200);
  }

  @Test
  void successfulLoginsDoNotUseTheBudget() {
    Account busy = direct.account("busy");
    for (int i = 0; i < 8; i++) {
      assertThat(login(direct, busy.username(), "password123", null).status()).isEqualTo(200);
    }
  }

  @Test
  void oneAccountsFailuresDoNotLockOutAnotherAccountBehindTheSameAddress() {
    Account victim = direct.account("officeA");
    Account colleague = direct.account("officeB");
    for (int i = 0; i < 3; i++) {
      assertThat(login(direct, victim.username(), "wrong-password", null).status()).isEqualTo(401);
    }
    assertLimited(login(direct, victim.username(), "wrong-password", null));
    assertThat(login(direct, colleague.username(), "password123", null).status()).isEqualTo(200);
    assertThat(login(direct, colleague.username(), "wrong-password", null).status()).isEqualTo(401);
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() {
    Account target = direct.account("forged");
    for (int i = 0; i < 3; i++) {
      assertThat(login(direct, target.username(), "wrong-password", "203.0.113." + i).status()).isEqualTo(401);
    }
    assertLimited(login(direct, target.username(), "wrong-password", "203.0.113.99"));
  }

  @Test
  void forwardedForFromATrustedPeerNamesTheClient() {
    Account target = proxied.account("behindproxy");
    for (int i = 0; i < 3; i++) {
      assertThat(login(proxied, target.username(), "wrong-password", "203.0.113.7").status()).isEqualTo(401);
    }
    assertLimited(login(proxied, target.username(), "wrong-password", "203.0.113.7"));
    // What the client wrote itself (left of what our proxy appended) cannot make it someone else...
    assertLimited(login(proxied, target.username(), "wrong-password", "198.51.100.1, 203.0.113.7"));
    // ...and trusted hops on the right are skipped.
    assertLimited(login(proxied, target.username(), "wrong-password", "203.0.113.7, 10.9.4.4, 127.0.0.1"));
    // Another client behind the same proxy is someone else.
    assertThat(login(proxied, target.username(), "wrong-password", "198.51.100.2").status()).isEqualTo(401);
    assertThat(login(proxied, target.username(), "password123", "203.0.113.8").status()).isEqualTo(200);
  }

  @Test
  void anIpv6ClientIsItsSlash64Network() {
    Account target = proxied.account("ipv6");
    for (int i = 1; i <= 3; i++) {
      assertThat(login(proxied, target.username(), "wrong-password", "2001:db8:1:2::" + i).status()).isEqualTo(401);
    }
    assertLimited(login(proxied, target.username(), "wrong-password", "[2001:db8:1:2:ffff::9]:5555"));
    assertThat(login(proxied, target.username(), "wrong-password", "2001:db8:1:3::1").status()).isEqualTo(401);
  }

  @Test
  void trustedProxiesMustBeAddressesOrRanges() {
    assertThat(Config.fromEnv(Map.of("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1, fd00::/8")).trustedProxies())
        .containsExactly("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8");
    for (String bad : new String[] {"nginx.local", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "1.2.3"}) {
      assertThatThrownBy(() -> Config.fromEnv(Map.of("TRUSTED_PROXIES", bad)))
          .as(bad).isInstanceOf(InvalidConfig.class).hasMessageContaining("TRUSTED_PROXIES");
    }
  }

  @Test
  void manyAddressesTogetherHitTheAccountLimit() {
    Account target = proxied.account("distributed");
    for (int i = 0; i < 5; i++) {
      assertThat(login(proxied, target.username(), "wrong-password", "192.0.2." + i).status()).isEqualTo(401);
    }
    assertLimited(login(proxied, target.username(), "wrong-password", "192.0.2.200"));
    assertLimited(login(proxied, target.username(), "password123", "192.0.2.201"));
  }

  @Test
  void sprayingManyAccountsAndRegisteringHitTheAddressLimit() {
    String sprayer = "198.18.0.1";
    for (int i = 0; i < 3; i++) {
      assertThat(login(sprayed, "sprayed" + i, "password123", sprayer).status()).isEqualTo(401);
    }
    assertLimited(login(sprayed, "sprayed-next", "password123", sprayer));
    String name = TestServer.uniqueName("spray");
    JsonObject registration = new JsonObject().put("username", name).put("email", name + "@example.com")
        .put("password", "password123");
    assertLimited(sprayed.send("POST", "/api/auth/register", null, registration, Map.of("X-Forwarded-For", sprayer)));
    assertThat(sprayed.send("POST", "/api/auth/register", null, registration,
        Map.of("X-Forwarded-For", "198.18.0.2")).status()).isEqualTo(201);
  }

  @Test
  void aFullHashingQueueRefusesNewWorkQuicklyWith503() throws Exception {
    try (TestServer small = TestServer.start(Files.createTempDirectory("chat-hashq"),
        Map.of("HASH_THREADS", "1", "HASH_QUEUE_LIMIT", "1"))) {
      Account user = small.account("queued");
      List<Res> answers = small.concurrently(IntStream.range(0, 16).<Supplier<Res>>mapToObj(i ->
          () -> login(small, user.username(), "password123", null)).toList());
      assertThat(answers).extracting(Res::status).containsOnly(200, 503);
      List<Res> refused = answers.stream().filter(r -> r.status() == 503).toList();
      assertThat(refused).isNotEmpty();
      assertThat(answers.stream().filter(r -> r.status() == 200).count()).isGreaterThanOrEqualTo(2);
      for (Res res : refused) {
        assertThat(res.message()).isNotBlank();
        assertThat(res.raw().headers().firstValue("Retry-After")).hasValue("1");
      }
      assertThat(small.login(user.username(), "password123")).isNotBlank();
    }
  }
}
