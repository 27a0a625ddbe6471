package io.meshhub.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

/** The loop's plan for one run, without a hub: who takes which task. */
class DispatchPlanTest {

  private final UUID owner = UUID.randomUUID();
  private final UUID big = UUID.randomUUID();
  private final UUID small = UUID.randomUUID();

  @Test
  void tasksGoInOrderToTheOwnersDaemonWithTheMostSlotsLeftUntilNoneIsLeft() {
    List<DispatchPlan.Start> starts = DispatchPlan.plan(
      List.of(new DispatchRepository.FreeDaemon(big, owner, 2), new DispatchRepository.FreeDaemon(small, owner, 1)),
      List.of(waiting(owner), waiting(owner), waiting(owner), waiting(owner)));
    assertThat(starts).extracting(DispatchPlan.Start::daemonId).containsExactly(big, big, small);
  }

  @Test
  void aTaskNeverGoesToAnotherOwnersDaemon() {
    List<DispatchPlan.Start> starts = DispatchPlan.plan(List.of(new DispatchRepository.FreeDaemon(big, owner, 5)),
      List.of(waiting(UUID.randomUUID())));
    assertThat(starts).isEmpty();
  }

  @Test
  void aDaemonThatLostTheTaskTakesItOnlyWhenNoOtherCanAndItsCooldownHasPassed() {
    DispatchRepository.WaitingTask lostOnBig = new DispatchRepository.WaitingTask(UUID.randomUUID(), owner, 3,
      List.of(big), false);
    assertThat(DispatchPlan.plan(List.of(new DispatchRepository.FreeDaemon(big, owner, 3),
        new DispatchRepository.FreeDaemon(small, owner, 1)), List.of(lostOnBig)))
      .extracting(DispatchPlan.Start::daemonId).as("another daemon is preferred").containsExactly(small);
    assertThat(DispatchPlan.plan(List.of(new DispatchRepository.FreeDaemon(big, owner, 3)), List.of(lostOnBig)))
      .as("not before its cooldown").isEmpty();
    DispatchRepository.WaitingTask cooled = new DispatchRepository.WaitingTask(lostOnBig.id(), owner, 3,
      List.of(big), true);
    assertThat(DispatchPlan.plan(List.of(new DispatchRepository.FreeDaemon(big, owner, 3)), List.of(cooled)))
      .extracting(DispatchPlan.Start::daemonId).as("after its cooldown").containsExactly(big);
  }

  private static DispatchRepository.WaitingTask waiting(UUID ownerId) {
    return new DispatchRepository.WaitingTask(UUID.randomUUID(), ownerId, 1, List.of(), false);
  }
}
