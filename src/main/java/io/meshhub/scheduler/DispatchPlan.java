package io.meshhub.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Which waiting task goes to which free daemon in one run of the loop: a pure function of the run's candidates. */
final class DispatchPlan {

  /** One planned start. */
  record Start(DispatchRepository.WaitingTask task, UUID daemonId) {
  }

  private DispatchPlan() {
  }

  /**
   * Pairs each waiting task, in order, with the daemon of its owner that has the most slots left in this plan and
   * has not lost the task, so that work spreads over an owner's daemons. Only when none of those is free, and the
   * task's cooldown has passed, may a daemon that lost it take it again.
   */
  static List<Start> plan(List<DispatchRepository.FreeDaemon> daemons,
                                  List<DispatchRepository.WaitingTask> waiting) {
    Map<UUID, Integer> slotsLeft = new HashMap<>();
    Map<UUID, List<UUID>> daemonsByOwner = new HashMap<>();
    for (DispatchRepository.FreeDaemon daemon : daemons) {
      slotsLeft.put(daemon.id(), daemon.freeSlots());
      daemonsByOwner.computeIfAbsent(daemon.ownerId(), owner -> new ArrayList<>()).add(daemon.id());
    }
    List<Start> starts = new ArrayList<>();
    for (DispatchRepository.WaitingTask task : waiting) {
      List<UUID> free = daemonsByOwner.getOrDefault(task.ownerId(), List.of()).stream()
        .filter(daemon -> slotsLeft.get(daemon) > 0).toList();
      free.stream().filter(daemon -> !task.failedDaemonIds().contains(daemon))
        .max(Comparator.comparing(slotsLeft::get))
        .or(() -> task.cooled() ? free.stream().max(Comparator.comparing(slotsLeft::get)) : Optional.empty())
        .ifPresent(daemon -> {
          slotsLeft.merge(daemon, -1, Integer::sum);
          starts.add(new Start(task, daemon));
        });
    }
    return starts;
  }
}
