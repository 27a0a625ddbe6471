package io.meshhub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets that authenticate callers: 256 random bits, shown once, stored only as their SHA-256. Owner keys start
 * with {@code mh_}, tool keys with {@code mht_}, so a leaked key says what it is.
 */
public final class ApiKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private ApiKeys() {
  }

  public static String newOwnerKey() {
    return "mh_" + randomToken();
  }

  public static String newToolKey() {
    return "mht_" + randomToken();
  }

  /** The SHA-256 of the key, the only form in which a key is stored or looked up. */
  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }

  /** Compares two hashes in time independent of where they differ. */
  static boolean sameHash(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
