package io.meshhub.core;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Finds text Postgres cannot store: the character U+0000, which JSON may carry (as {@code \u0000}) but neither a
 * {@code text} nor a {@code jsonb} value can hold. Input with it is refused where it enters — an HTTP body, a
 * daemon's frame — naming the field, instead of failing later in a statement as an internal error.
 */
public final class UnstorableText {

  private static final byte[] ESCAPE = "u0000".getBytes(StandardCharsets.US_ASCII);

  private UnstorableText() {
  }

  /**
   * Whether the JSON text may carry U+0000: it does only as the escape {@code \u0000} (a raw zero byte is not JSON),
   * that is {@code u0000} after an odd number of backslashes. A cheap scan of the bytes, so that only the rare body
   * that has one is walked.
   */
  public static boolean mayBeIn(Buffer json) {
    for (int i = 1; i + ESCAPE.length <= json.length(); i++) {
      if (json.getByte(i - 1) == '\\' && matchesEscape(json, i) && oddBackslashesBefore(json, i)) {
        return true;
      }
    }
    return false;
  }

  /** The path ({@code messages[0].content}) of the first string or key in the value that holds U+0000. */
  public static Optional<String> findIn(Object value) {
    return find(value, "");
  }

  private static Optional<String> find(Object value, String path) {
    if (value instanceof String text) {
      return text.indexOf('\u0000') >= 0 ? Optional.of(path) : Optional.empty();
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> field : object) {
        String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getKey().indexOf('\u0000') >= 0) {
          return Optional.of(fieldPath);
        }
        Optional<String> found = find(field.getValue(), fieldPath);
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        Optional<String> found = find(array.getValue(i), path + "[" + i + "]");
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean matchesEscape(Buffer json, int at) {
    for (int j = 0; j < ESCAPE.length; j++) {
      if (json.getByte(at + j) != ESCAPE[j]) {
        return false;
      }
    }
    return true;
  }

  private static boolean oddBackslashesBefore(Buffer json, int at) {
    int backslashes = 0;
    for (int i = at - 1; i >= 0 && json.getByte(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }
}
