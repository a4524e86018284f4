package io.chatserver.realtime;

import io.chatserver.core.ApiException;
import io.chatserver.core.NumberRules;
import io.chatserver.edge.JsonBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads a client event's data: the first argument, which must be an object once a required field is
 * read. Events without data (join_public, leave_public) read nothing, and get_online_users only
 * optional fields, so whatever a client sends with them (nothing, {}, null) is accepted.
 */
final class EventInput {

  private final Object first;

  private EventInput(Object first) {
    this.first = first;
  }

  static EventInput of(JsonArray args) {
    return new EventInput(args.isEmpty() ? null : args.getValue(0));
  }

  private JsonObject data() {
    if (first instanceof JsonObject object) {
      return object;
    }
    throw ApiException.badRequest("Event data must be a JSON object");
  }

  /** A required positive integer id, e.g. {@code other_user_id}. */
  long id(String field) {
    Object value = data().getValue(field);
    if (value == null) {
      throw ApiException.badRequest(field + " is required");
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw ApiException.badRequest(field + " must be a positive integer");
    }
    return NumberRules.id(field, ((Number) value).longValue());
  }

  /** Fields that may be left out: read from the data if it is an object, else all absent. */
  private JsonBody optionalData() {
    return JsonBody.of(first instanceof JsonObject object ? object : null);
  }

  /** An optional positive integer id, null when absent. */
  Long optionalId(String field) {
    return NumberRules.optionalId(field, optionalData().optionalLong(field));
  }

  /** An optional integer from {@code min} to {@code max}, {@code fallback} when absent. */
  int optionalInt(String field, int fallback, int min, int max) {
    Long value = optionalData().optionalLong(field);
    if (value == null) {
      return fallback;
    }
    return (int) NumberRules.fromTo(field, value, min, max);
  }

  /** An optional boolean, {@code fallback} when absent or null; anything but true or false is refused. */
  boolean optionalBoolean(String field, boolean fallback) {
    Object value = first instanceof JsonObject object ? object.getMap().get(field) : null;
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw ApiException.badRequest(field + " must be true or false");
    }
    return b;
  }

  /** Decision 39's required read position, read as over REST. */
  long seq() {
    return NumberRules.seq(JsonBody.of(data()).requiredLong("seq"));
  }

  /** An optional string of the event's data, null when absent or null. */
  String optionalString(String field) {
    return optionalData().string(field);
  }

  /** A required string, read with the same rules as a REST body; blank and length are the service's. */
  String string(String field) {
    return JsonBody.of(data()).requiredString(field);
  }
}
