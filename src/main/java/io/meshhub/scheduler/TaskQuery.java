package io.meshhub.scheduler;

import java.util.UUID;

/** Filters and page of a task list; null filters match everything. */
record TaskQuery(TaskStatus status, UUID contractId, UUID directiveId, UUID daemonId, int limit, long offset) {
}
