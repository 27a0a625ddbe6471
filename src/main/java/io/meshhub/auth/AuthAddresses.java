package io.meshhub.auth;

/** Facts about keys that other features act on. */
public final class AuthAddresses {

  /**
   * Published fact: {@code {keyId, ownerId}}, an owner's API key was revoked. Sockets that authenticated with it
   * (daemon sessions, dashboards) close on every node.
   */
  public static final String KEY_REVOKED = "auth.keyRevoked";

  private AuthAddresses() {
  }
}
