package io.chatserver.fuzz;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every answer to any request must be (the contract's error rules), and what the answer to a
 * request the contract calls invalid must not be: a success. The second part judges the request as
 * sent, whatever mutations made it, so a regression seed in the corpus is judged the same way.
 */
final class RestOracle {

  /** The contract's statuses, plus the HTTP edge's own: 414/431 (decoder limits), 417, 505 (docs/decisions.md C34). */
  static final Set<Integer> STATUSES = Set.of(200, 201, 400, 401, 403, 404, 405, 409, 413, 414, 417, 429, 431, 505);
  private static final List<String> STACK_MARKERS = List.of("Exception", "at io.", "\tat ");

  /** Routes with ids in their path: the id segments must be positive ASCII integers. */
  private static final List<String> ID_ROUTES = List.of("/api/messages/{}", "/api/messages/private/{}",
      "/api/messages/private/{}/{}", "/api/files/{}", "/api/files/public/{}", "/api/files/private/{}",
      "/api/users/{}");
  private static final Pattern HISTORY = Pattern.compile("/api/messages(/private/[^/]+)?/?");

  /** Body string fields each writing route keeps; a success must not have stored a bad one. */
  private static final Map<Pattern, List<String>> STORED_FIELDS = Map.of(
      Pattern.compile("POST /api/auth/register"), List.of("username", "email", "password", "avatar_url"),
      Pattern.compile("PUT /api/users/[^/]+"), List.of("username", "email", "password", "avatar_url"),
      Pattern.compile("POST /api/messages(/private/[^/]+)?/?"), List.of("content"),
      Pattern.compile("POST /api/files/?"), List.of("filename", "file_url"));

  private RestOracle() {}

  static void check(RestRequest request, RawHttp.Response response, Exception error, Findings findings) {
    if (error != null) {
      String kind = error instanceof SocketTimeoutException ? "no answer within the timeout"
          : error instanceof RawHttp.Malformed ? "malformed HTTP answer: " + error.getMessage()
          : "connection failed before an answer: " + error.getClass().getSimpleName();
      findings.add(kind, request.signature(), request.describe(), String.valueOf(error.getMessage()));
      return;
    }
    for (String problem : problems(request, response)) {
      findings.add(problem, request.signature(), request.describe(), answer(response));
    }
  }

  static String answer(RawHttp.Response response) {
    return response.status() + ", Content-Type " + response.header("content-type") + ", body ("
        + response.body().length + " bytes) " + Fuzz.shorten(response.bodyText());
  }

  private static List<String> problems(RestRequest request, RawHttp.Response response) {
    List<String> problems = new ArrayList<>();
    int status = response.status();
    if (!STATUSES.contains(status)) {
      problems.add("status " + status + " outside the contract's set");
    }
    String body = request.isHead() ? null : response.bodyText();
    if (body != null && STACK_MARKERS.stream().anyMatch(body::contains)) {
      problems.add("stack trace marker in a body");
    }
    String type = response.header("content-type");
    boolean json = type != null && type.toLowerCase().startsWith("application/json");
    if (status == 200 && webClientFile(request.path())) {
      return problems; // a mutated path that lands on the web client's page or files (decision 44)
    }
    if (!json || body != null && !wellFormed(status, body)) {
      problems.add(status >= 400 ? "status " + status + " without the JSON error body {\"message\": string}"
          : "status " + status + " without a JSON body");
    }
    if (status < 300 || status == 403 || status == 409) {
      problems.addAll(acceptedInvalid(request, status));
    }
    return problems;
  }

  /** The browser client's page and files, served outside /api as HTML, scripts and styles. */
  private static boolean webClientFile(String rawPath) {
    String path = routedPath(rawPath);
    return path.equals("/") || path.startsWith("/assets/");
  }

  private static boolean wellFormed(int status, String body) {
    Object json;
    try {
      json = io.vertx.core.json.Json.decodeValue(body);
    } catch (RuntimeException e) {
      return false;
    }
    return status < 400 || json instanceof JsonObject o && o.getValue("message") instanceof String m && !m.isBlank();
  }

  // ---- invalid requests answered as valid ----

  private static List<String> acceptedInvalid(RestRequest request, int status) {
    List<String> problems = new ArrayList<>();
    String oddId = oddPathId(request.path()); // (the input shows which)
    if (oddId != null) {
      problems.add("odd path id answered " + status + " (must be 400)");
    }
    String oddQuery = oddQuery(request);
    if (oddQuery != null && status < 300) {
      problems.add("odd query value answered " + status + " (must be 400)");
    }
    if (status < 300) {
      problems.addAll(storedInvalid(request));
    }
    return problems;
  }

  /** The first id segment of a route with ids that is not a positive ASCII integer, or null. */
  static String oddPathId(String rawPath) {
    String[] segments = routedPath(rawPath).split("/", -1);
    for (String route : ID_ROUTES) {
      String[] parts = route.split("/", -1);
      if (parts.length != segments.length) {
        continue;
      }
      boolean matches = true;
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < parts.length && matches; i++) {
        if (parts[i].equals("{}")) {
          ids.add(segments[i]);
        } else {
          matches = parts[i].equals(segments[i]);
        }
      }
      if (!matches) {
        continue;
      }
      for (String id : ids) {
        String decoded = decode(id, false);
        if (decoded == null || !isPositiveLong(decoded)) {
          return id;
        }
      }
    }
    return null;
  }

  /**
   * The path the router matches (vertx-web normalises it as RFC 3986 section 6.2.2 allows, see
   * docs/decisions.md C35): percent-encoded unreserved characters decoded, repeated slashes merged, dot
   * segments removed, and a trailing slash dropped (the same route). An invalid escape is left as it is
   * (the server refuses it).
   */
  static String routedPath(String rawPath) {
    StringBuilder decoded = new StringBuilder();
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%' && i + 2 < rawPath.length()) {
        int value = hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2));
        if (value >= 0 && (Character.isLetterOrDigit(value) && value < 128 || "-._~".indexOf(value) >= 0)) {
          decoded.append((char) value);
          i += 2;
          continue;
        }
      }
      decoded.append(c);
    }
    java.util.Deque<String> kept = new java.util.ArrayDeque<>();
    for (String segment : decoded.toString().split("/")) {
      if (segment.equals("..")) {
        kept.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        kept.addLast(segment);
      }
    }
    return "/" + String.join("/", kept);
  }

  private static int hex(char c) {
    int digit = Character.digit(c, 16);
    return digit < 0 || c > 'f' ? -1000 : digit;
  }

  private static String oddQuery(RestRequest request) {
    if (!request.method().equals("GET") || request.query() == null
        || !HISTORY.matcher(routedPath(request.path())).matches()) {
      return null;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String pair : request.query().split("[&;]")) { // Netty splits on both
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      if (!"limit".equals(name) && !"before".equals(name) || !seen.add(name)) {
        continue; // only the first value of a parameter counts
      }
      String value = decode(eq < 0 ? "" : pair.substring(eq + 1), true);
      if (value == null) {
        return null;
      }
      String trimmed = value.strip();
      if (!isPositiveLong(trimmed) || name.equals("limit") && new BigInteger(trimmed).compareTo(BigInteger.valueOf(1000)) > 0) {
        return pair;
      }
    }
    return null;
  }

  private static boolean isPositiveLong(String s) {
    return s.matches("[0-9]{1,25}") && new BigInteger(s).signum() > 0
        && new BigInteger(s).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0;
  }

  /** Percent-decoding as UTF-8 ('+' is a space in a query), or null when it is not valid. */
  private static String decode(String raw, boolean query) {
    try {
      String text = query ? raw : raw.replace("+", "%2B");
      byte[] latin = text.getBytes(StandardCharsets.ISO_8859_1);
      if (!new String(latin, StandardCharsets.ISO_8859_1).equals(text)) {
        return null; // raw non-Latin-1 characters in the request line
      }
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The strings a writing route took from a body it should have refused (the server parses the same way). */
  private static List<String> storedInvalid(RestRequest request) {
    List<String> problems = new ArrayList<>();
    if (request.serverBody() == null) {
      return problems;
    }
    String route = request.method() + " " + routedPath(request.path());
    List<String> fields = STORED_FIELDS.entrySet().stream().filter(e -> e.getKey().matcher(route).matches())
        .map(Map.Entry::getValue).findFirst().orElse(List.of());
    if (fields.isEmpty()) {
      return problems;
    }
    JsonObject body;
    try {
      body = new JsonObject(Buffer.buffer(request.serverBody()));
      body.size(); // "null" decodes to an object without a map
    } catch (RuntimeException e) {
      problems.add("unparseable body accepted");
      return problems;
    }
    for (String field : fields) {
      if (body.getValue(field) instanceof String value) {
        String bad = Validity.refusal(field, value);
        if (bad != null) {
          problems.add("accepted " + bad + " in " + field);
        }
      }
    }
    return problems;
  }
}
