package io.meshhub.daemons;

import java.util.function.Consumer;

/** What every daemon session of a node shares: timings, the node's id, and who to tell when a session ends. */
record SessionSettings(long heartbeatMs, long timeoutMs, long commandTimeoutMs, String nodeId,
                       Consumer<DaemonSession> onClosed) {
}
