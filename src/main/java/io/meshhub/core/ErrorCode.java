package io.meshhub.core;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every failure the hub reports, with its HTTP status and the numeric code it carries across the event bus
 * ({@code message.fail(code, text)}). The wire name ({@code ApiError.code}) is the constant's name unless given.
 */
public enum ErrorCode {
  VALIDATION_ERROR(4000, 400),
  UNAUTHORIZED(4010, 401),
  FORBIDDEN(4030, 403),
  /** A question or an order from a task that is not attached to a directive (or, for questions, a contract). */
  NOT_DIRECTIVE_TASK(4031, 403),
  /** An orchestration endpoint called by a task that is neither a supervisor nor a directive task. */
  NOT_SUPERVISOR(4032, 403),
  /** A supervisor endpoint used on a contract (or a task of a contract) other than the caller's. */
  CONTRACT_MISMATCH(4033, 403),
  /** A spawned task has no repository: none in the request, none on the contract. */
  MISSING_REPO_URL(4001, 400),
  /** A task may file only spikes and chores. */
  INVALID_ORDER_TYPE(4002, 400),
  /** A submitted chain plan is not a valid DAG of steps; the message names the step. */
  INVALID_PLAN(4003, 400),
  /** A supervisor resume names no mode of the three; the message names them. */
  INVALID_RESUME_MODE(4004, 400),
  NOT_FOUND(4040, 404),
  /** A contract that has no supervisor state (it has no supervisor). */
  NO_SUPERVISOR_STATE(4041, 404),
  METHOD_NOT_ALLOWED(4050, 405),
  CONFLICT(4090, 409),
  INVALID_STATE(4091, 409),
  /** The task is not on a daemon, so nothing can be forwarded to it. */
  NO_DAEMON(4092, 409),
  /** A daemon reported on a task that is not (or no longer) assigned to it. */
  NOT_ASSIGNED(4093, 409),
  /** A supervisor asked to resume still runs on a connected daemon. */
  ALREADY_RUNNING(4094, 409),
  INTERNAL_ERROR(5000, 500),
  UNAVAILABLE(5030, 503),
  /** The daemon holding the task's worktree is not connected. */
  DAEMON_UNAVAILABLE(5031, 503, "NO_DAEMON"),
  /** The daemon holding the task did not answer a command in time. */
  DAEMON_TIMEOUT(5040, 504);

  private static final Map<Integer, ErrorCode> BY_NUMBER = Arrays.stream(values())
    .collect(Collectors.toMap(ErrorCode::number, Function.identity()));

  private final int number;
  private final int httpStatus;
  private final String wire;

  ErrorCode(int number, int httpStatus) {
    this.number = number;
    this.httpStatus = httpStatus;
    this.wire = name();
  }

  ErrorCode(int number, int httpStatus, String wire) {
    this.number = number;
    this.httpStatus = httpStatus;
    this.wire = wire;
  }

  /** The code callers see in {@code ApiError.code}. */
  public String wire() {
    return wire;
  }

  /** The code carried by event-bus failures. */
  public int number() {
    return number;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The error code an event-bus failure carries; an unknown number is an internal error. */
  public static ErrorCode fromNumber(int number) {
    return BY_NUMBER.getOrDefault(number, INTERNAL_ERROR);
  }
}
