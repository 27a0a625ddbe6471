package io.meshhub.daemons;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What daemon sessions receive: frames by type, and frames refused as {@code BAD_FRAME}. */
final class FrameMeters {

  private final MeterRegistry registry;
  /** One counter per frame type seen, so that a frame costs a map lookup, not a meter's identity. */
  private final Map<String, Counter> framesByType = new ConcurrentHashMap<>();
  private final Counter badFrames;

  FrameMeters(MeterRegistry registry) {
    this.registry = registry;
    badFrames = Counter.builder("meshhub.daemon.frames.bad").description("daemon frames answered BAD_FRAME")
      .register(registry);
  }

  /** A frame of a known type was received (a frame whose type is unknown counts as bad only). */
  void received(String type) {
    framesByType.computeIfAbsent(type, known -> Counter.builder("meshhub.daemon.frames")
      .description("daemon frames received, by type").tag("type", known).register(registry)).increment();
  }

  void bad() {
    badFrames.increment();
  }
}
