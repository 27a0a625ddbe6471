package io.meshhub.core;

/**
 * A failure meant for the caller: its message is shown to them as is, so it must never carry internals.
 * Anything else that fails a request is an internal error, logged and answered without its text.
 */
public final class ApiException extends RuntimeException {

  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
  }
}
