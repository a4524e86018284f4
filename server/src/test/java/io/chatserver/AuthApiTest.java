package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestServerExtension.class)
class AuthApiTest {

  static TestServer server; // started and closed by TestServerExtension
  static Account alice;

  @BeforeAll
  static void start() throws Exception {
    alice = server.account("alice");
  }

  private static JsonObject registration(String username) {
    return new JsonObject().put("username", username).put("email", username + "@example.com")
        .put("password", "password123");
  }

  @Test
  void registerReturns201WithUserAndNoPassword() {
    String name = TestServer.uniqueName("reg");
    Res res = server.post("/api/auth/register", null,
        registration(name).put("avatar_url", "https://example.com/a.png").put("id", 999).put("is_admin", true));
    assertThat(res.status()).isEqualTo(201);
    assertThat(res.raw().headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject body = res.json();
    assertThat(body.getString("message")).isEqualTo("User registered successfully");
    JsonObject user = body.getJsonObject("user");
    assertThat(user.getLong("id")).isPositive().isNotEqualTo(999);
    assertThat(user.getString("username")).isEqualTo(name);
    assertThat(user.getString("email")).isEqualTo(name + "@example.com");
    assertThat(user.getString("avatar_url")).isEqualTo("https://example.com/a.png");
    assertThat(user.fieldNames()).doesNotContain("password", "password_hash", "is_admin");
  }

  @Test
  void usernameLengthEdges() {
    assertThat(server.post("/api/auth/register", null, registration("ab")).status()).isEqualTo(400);
    assertThat(server.post("/api/auth/register", null, registration("abc")).status()).isEqualTo(201);
    assertThat(server.post("/api/auth/register", null, registration("u".repeat(32))).status()).isEqualTo(201);
    assertThat(server.post("/api/auth/register", null, registration("v".repeat(33))).status()).isEqualTo(400);
    assertThat(server.post("/api/auth/register", null, registration("bad name")).status()).isEqualTo(400);
  }

  @Test
  void passwordLengthEdges() {
    String[] names = {TestServer.uniqueName("p"), TestServer.uniqueName("p"), TestServer.uniqueName("p"),
        TestServer.uniqueName("p")};
    assertThat(server.post("/api/auth/register", null, registration(names[0]).put("password", "x".repeat(7)))
        .status()).isEqualTo(400);
    assertThat(server.post("/api/auth/register", null, registration(names[1]).put("password", "x".repeat(8)))
        .status()).isEqualTo(201);
    assertThat(server.post("/api/auth/register", null, registration(names[2]).put("password", "x".repeat(128)))
        .status()).isEqualTo(201);
    Res tooLong = server.post("/api/auth/register", null, registration(names[3]).put("password", "x".repeat(129)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.message()).contains("password");
    // The whole 128-character password counts: no silent truncation.
    assertThat(server.post("/api/auth/login", null, new JsonObject().put("username", names[2])
        .put("password", "x".repeat(127) + "y")).status()).isEqualTo(401);
    assertThat(server.login(names[2], "x".repeat(128))).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"email\":\"e@example.com\",\"password\":\"password123\"}",
      "{\"username\":\"someone1\",\"password\":\"password123\"}",
      "{\"username\":\"someone2\",\"email\":\"e2@example.com\"}",
      "{\"username\":123,\"email\":\"e3@example.com\",\"password\":\"password123\"}",
      "{\"username\":\"someone4\",\"email\":\"not-an-email\",\"password\":\"password123\"}",
      "{\"username\":\"someone5\",\"email\":\"e5@example.com\",\"password\":\"password123\",\"avatar_url\":\"ftp://x\"}",
      "{\"username\":\"someone6\",\"email\":\"e6@example.com\",\"password\":true}",
      "{\"username\":",
      "[1,2]",
      "null",
      ""})
  void invalidRegistrationIs400WithMessage(String body) {
    Res res = server.post("/api/auth/register", null, body);
    assertThat(res.status()).isEqualTo(400);
    assertThat(res.message()).isNotBlank();
  }

  @Test
  void duplicatesAreCaseInsensitive() {
    Res sameName = server.post("/api/auth/register", null, new JsonObject().put("username", alice.username().toUpperCase())
        .put("email", "other-" + alice.username() + "@example.com").put("password", "password123"));
    assertThat(sameName.status()).isEqualTo(400);
    Res sameEmail = server.post("/api/auth/register", null, new JsonObject().put("username", alice.username() + "x")
        .put("email", (alice.username() + "@EXAMPLE.com").toUpperCase()).put("password", "password123"));
    assertThat(sameEmail.status()).isEqualTo(400);
  }

  @Test
  void racingRegistrationsOfOneNameCreateOneUser() {
    String name = TestServer.uniqueName("race");
    List<Res> results = server.concurrently(IntStream.range(0, 4).<Supplier<Res>>mapToObj(i -> () ->
        server.post("/api/auth/register", null, new JsonObject().put("username", i % 2 == 0 ? name : name.toUpperCase())
            .put("email", name + i + "@example.com").put("password", "password123"))).toList());
    assertThat(results).extracting(Res::status).containsOnly(201, 400);
    assertThat(results).filteredOn(r -> r.status() == 201).hasSize(1);
  }

  @Test
  void loginReturnsTokenAndUser() {
    Res res = server.post("/api/auth/login", null,
        new JsonObject().put("username", alice.username()).put("password", "password123"));
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.json().getString("message")).isEqualTo("Login successful");
    assertThat(res.json().getString("access_token")).isNotBlank();
    assertThat(res.json().getJsonObject("user").getLong("id")).isEqualTo(alice.id());
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSame401() {
    Res wrong = server.post("/api/auth/login", null,
        new JsonObject().put("username", alice.username()).put("password", "wrong-password"));
    Res unknown = server.post("/api/auth/login", null,
        new JsonObject().put("username", "nobody-here").put("password", "wrong-password"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.message()).isEqualTo(unknown.message());
  }

  @Test
  void loginMissingFieldIs400() {
    assertThat(server.post("/api/auth/login", null, new JsonObject().put("username", "x")).status()).isEqualTo(400);
    assertThat(server.post("/api/auth/login", null, new JsonObject().put("password", "x")).status()).isEqualTo(400);
  }

  @Test
  void logoutRevokesOnlyThatToken() {
    Account bob = server.account("bob");
    String second = server.login(bob.username(), "password123");
    assertThat(server.post("/api/auth/logout", bob.token(), null).json().getString("message"))
        .isEqualTo("Logout successful");
    Res after = server.get("/api/messages", bob.token());
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.message()).isNotBlank();
    assertThat(server.post("/api/auth/logout", bob.token(), null).status()).isEqualTo(401);
    assertThat(server.get("/api/messages", second).status()).isEqualTo(200);
  }

  @Test
  void logoutWithoutTokenIs401() {
    assertThat(server.post("/api/auth/logout", null, null).status()).isEqualTo(401);
  }

  @Test
  void badTokensAre401() throws Exception {
    byte[] secret = TestServer.SECRET.getBytes(StandardCharsets.UTF_8);
    long now = System.currentTimeMillis();
    String expired = sign(secret, claims(alice.id(), now - 1000));
    String forged = sign("another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8),
        claims(alice.id(), now + 600_000));
    String algNone = new PlainJWT(claims(alice.id(), now + 600_000)).serialize();
    String noJti = sign(secret, new JWTClaimsSet.Builder().subject(Long.toString(alice.id()))
        .expirationTime(new Date(now + 600_000)).build());
    String noExp = sign(secret, new JWTClaimsSet.Builder().subject(Long.toString(alice.id()))
        .jwtID(UUID.randomUUID().toString()).build());
    String unknownUser = sign(secret, claims(999_999, now + 600_000));
    String good = sign(secret, claims(alice.id(), now + 600_000));
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "x." + parts[2];
    for (String token : new String[] {expired, forged, algNone, noJti, noExp, unknownUser, tampered, "garbage",
        "a.b.c"}) {
      Res res = server.get("/api/messages", token);
      assertThat(res.status()).as(token).isEqualTo(401);
      assertThat(res.message()).isNotBlank();
    }
    assertThat(server.get("/api/messages", "Basic abc").status()).isEqualTo(401);
    assertThat(server.get("/api/messages", good).status()).isEqualTo(200);
  }

  @Test
  void rateLimitAnswers429WithRetryAfter() throws Exception {
    try (TestServer limited = TestServer.start(java.nio.file.Files.createTempDirectory("chat-rl"),
        Map.of("AUTH_RATE_LIMIT_PER_MINUTE", "1", "AUTH_RATE_LIMIT_BURST", "2"))) {
      JsonObject login = new JsonObject().put("username", "nobody").put("password", "password123");
      assertThat(limited.post("/api/auth/login", null, login).status()).isEqualTo(401);
      assertThat(limited.post("/api/auth/login", null, login).status()).isEqualTo(401);
      Res refused = limited.post("/api/auth/login", null, login);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.message()).isNotBlank();
      assertThat(Long.parseLong(refused.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
      // Other routes are not limited.
      assertThat(limited.get("/api/users", null).status()).isEqualTo(200);
    }
  }

  static JWTClaimsSet claims(long userId, long expiresAt) {
    return new JWTClaimsSet.Builder().subject(Long.toString(userId)).jwtID(UUID.randomUUID().toString())
        .expirationTime(new Date(expiresAt)).build();
  }

  static String sign(byte[] secret, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }
}
