package io.meshhub.daemons;

import java.util.function.Consumer;

/**
 * What every daemon session of a node shares: timings, the node's id, who to tell when a session ends, and the
 * meters of what sessions receive.
 */
record SessionSettings(long heartbeatMs, long timeoutMs, long commandTimeoutMs, String nodeId,
                       Consumer<DaemonSession> onClosed, FrameMeters frames) {
}
