package io.chatserver.users;

import io.chatserver.core.ApiException;
import io.chatserver.core.TextRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** The contract's validation rules for user fields (decision 6), shared by register and update. */
public final class UserRules {

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
  /**
   * Plain ASCII, so that no address can look like another one (Cyrillic look-alikes, zero-width or
   * right-to-left characters, markup): the local part is RFC 5322 dot-atom text (letters, digits and
   * !#$%&'*+/=?^_`{|}~- between single dots, no quotes), the domain two or more letter-digit-hyphen labels
   * (an internationalised domain is given in its punycode form, xn--...). Deliverability is not our business.
   */
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
          + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  public static final int MAX_EMAIL = 254; // the column's size
  private static final int MAX_LOCAL_PART = 64;
  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 128;

  private UserRules() {}

  public static String username(String value) {
    if (!USERNAME.matcher(value).matches()) {
      throw ApiException.badRequest("username must be 3-32 characters of letters, digits, '_', '.' or '-'");
    }
    return value;
  }

  public static String email(String value) {
    String email = TextRules.singleLine("email", value).trim();
    // The length is checked on the stored, lower-cased key as well: lower-casing can lengthen a string.
    if (email.length() > MAX_EMAIL || UserStore.key(email).length() > MAX_EMAIL
        || email.indexOf('@') > MAX_LOCAL_PART || !EMAIL.matcher(email).matches()) {
      throw ApiException.badRequest("email must be a valid email address");
    }
    return email;
  }

  /** Counts characters (code points), never bytes, and never truncates. */
  public static String password(String value, String field) {
    int length = value.codePointCount(0, value.length());
    if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
      throw ApiException.badRequest(field + " must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters");
    }
    return value;
  }

  /** Null stays null (no avatar). */
  public static String avatarUrl(String value) {
    if (value == null) {
      return null;
    }
    if (!isHttpUrl(TextRules.singleLine("avatar_url", value))) {
      throw ApiException.badRequest("avatar_url must be an http(s) URL");
    }
    return value;
  }

  public static boolean isHttpUrl(String value) {
    if (value.length() > 2048) {
      return false;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      return scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
