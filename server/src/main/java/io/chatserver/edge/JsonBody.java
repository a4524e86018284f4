package io.chatserver.edge;

import io.chatserver.core.ApiException;
import io.chatserver.core.TextRules;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;

/**
 * Typed access to a JSON object request body. Every getter refuses a value of the wrong JSON type with
 * 400 (a number where a string belongs, 1.5 or "12" where an integer belongs, ...). Only the fields a
 * handler asks for are read, so unknown fields are ignored and nothing is mass-assigned.
 */
public final class JsonBody {

  private final JsonObject json;

  private JsonBody(JsonObject json) {
    this.json = json;
  }

  public static JsonBody of(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw ApiException.badRequest("Request body must be a JSON object");
    }
    try {
      JsonObject json = new JsonObject(buffer);
      json.size(); // a body of "null" decodes to a JsonObject without a map: size() exposes it
      return new JsonBody(json);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw ApiException.badRequest("Request body must be a JSON object");
    }
  }

  public static JsonBody of(JsonObject json) {
    return new JsonBody(json == null ? new JsonObject() : json);
  }

  /** True when the field is in the body at all, even as JSON null. */
  public boolean present(String field) {
    return json.containsKey(field);
  }

  /** A string field that must be present. */
  public String requiredString(String field) {
    String value = string(field);
    if (value == null) {
      throw ApiException.badRequest(field + " is required");
    }
    return value;
  }

  /**
   * A string field, or null when absent or JSON null. It is well-formed text ({@link TextRules#wellFormed});
   * the field's own rules (one line, length, ...) are its service's.
   */
  public String string(String field) {
    // The raw value: getValue() would hand a binary attachment (a Socket.IO event's Buffer) over as base64.
    Object value = json.getMap().get(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw ApiException.badRequest(field + " must be a string");
    }
    return TextRules.wellFormed(field, s);
  }

  public long requiredLong(String field) {
    Long value = optionalLong(field);
    if (value == null) {
      throw ApiException.badRequest(field + " is required");
    }
    return value;
  }

  /** An integer field (JSON number without fraction that fits a long), or null when absent. */
  public Long optionalLong(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof BigInteger) {
      throw ApiException.badRequest(field + " is out of range");
    }
    throw ApiException.badRequest(field + " must be an integer");
  }
}
