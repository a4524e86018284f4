package io.chatserver.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatserver.core.ApiException;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks HS256 JWTs. The algorithm is pinned: a token whose header names anything else
 * (including "none") is refused before its signature is even looked at. Pure CPU, safe on an event loop.
 */
public final class TokenService {

  /**
   * Claims of a token whose signature and expiry checked out. {@code generation} is the user's token
   * generation when it was issued (0 if absent); a password change moves the user's on, revoking it.
   */
  public record Claims(long userId, String jti, long expiresAt, long generation) {}

  public record Issued(String token, String jti, long expiresAt) {}

  private static final String INVALID = "Invalid or expired token";
  static final String GENERATION = "gen";
  private static final int MAX_REMEMBERED = 10_000;

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final long ttlSeconds;
  private final Clock clock;
  private final Map<String, Claims> verified = new ConcurrentHashMap<>();

  public TokenService(byte[] secret, long ttlSeconds, Clock clock) {
    try {
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("JWT secret must be at least 32 bytes", e);
    }
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  /** A token of generation 0, the generation of a user who never changed their password. */
  public Issued issue(long userId) {
    return issue(userId, 0);
  }

  public Issued issue(long userId, long generation) {
    long now = clock.millis();
    long expiresAt = now + ttlSeconds * 1000;
    String jti = UUID.randomUUID().toString();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(Long.toString(userId))
        .jwtID(jti)
        .issueTime(new Date(now))
        .expirationTime(new Date(expiresAt))
        .claim(GENERATION, generation)
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign token", e);
    }
    return new Issued(jwt.serialize(), jti, expiresAt);
  }

  /**
   * Throws UNAUTHORIZED for anything but a well-formed, correctly signed, unexpired token. A token
   * that verified once is remembered (bounded), so a client's every request and every tab does not
   * parse and HMAC it again; expiry is still checked each time. Revocation (logout, password change,
   * deleted user) is not decided here: the caller checks it in the database on every use, so a remembered
   * token cannot outlive its revocation.
   */
  public Claims verify(String token) {
    Claims known = verified.get(token);
    if (known != null) {
      if (known.expiresAt() > clock.millis()) {
        return known;
      }
      verified.remove(token);
      throw ApiException.unauthorized(INVALID);
    }
    Claims claims = parseAndCheck(token);
    if (verified.size() >= MAX_REMEMBERED) {
      verified.clear(); // crude but bounded: the next requests simply verify again
    }
    verified.put(token, claims);
    return claims;
  }

  private Claims parseAndCheck(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        throw ApiException.unauthorized(INVALID);
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      String jti = claims.getJWTID();
      String sub = claims.getSubject();
      if (exp == null || jti == null || jti.isBlank() || sub == null || exp.getTime() <= clock.millis()) {
        throw ApiException.unauthorized(INVALID);
      }
      long userId = Long.parseLong(sub);
      Long generation = claims.getLongClaim(GENERATION);
      if (userId <= 0 || generation != null && generation < 0) {
        throw ApiException.unauthorized(INVALID);
      }
      return new Claims(userId, jti, exp.getTime(), generation == null ? 0 : generation);
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) { // ParseException (also a non-numeric gen), JOSEException, NumberFormatException
      throw ApiException.unauthorized(INVALID);
    }
  }
}
