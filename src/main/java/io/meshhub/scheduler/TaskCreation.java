package io.meshhub.scheduler;

import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;

/** A task to create, with the id chosen for it and its settings resolved: one row of a batched insert. */
record TaskCreation(UUID id, NewTask task, int priority, int depth, int maxRetries) {

  /** The batch as the insert's parameters: one array per column, in the order of the creations. */
  static Tuple params(List<TaskCreation> creations) {
    List<NewTask> tasks = creations.stream().map(TaskCreation::task).toList();
    return Tuple.tuple()
      .addArrayOfUUID(creations.stream().map(TaskCreation::id).toArray(UUID[]::new))
      .addArrayOfUUID(tasks.stream().map(NewTask::ownerId).toArray(UUID[]::new))
      .addArrayOfString(tasks.stream().map(NewTask::name).toArray(String[]::new))
      .addArrayOfString(tasks.stream().map(NewTask::plan).toArray(String[]::new))
      .addArrayOfInteger(creations.stream().map(TaskCreation::priority).toArray(Integer[]::new))
      .addArrayOfString(tasks.stream().map(NewTask::repositoryUrl).toArray(String[]::new))
      .addArrayOfString(tasks.stream().map(NewTask::baseBranch).toArray(String[]::new))
      .addArrayOfString(tasks.stream().map(NewTask::targetBranch).toArray(String[]::new))
      .addArrayOfUUID(tasks.stream().map(NewTask::contractId).toArray(UUID[]::new))
      .addArrayOfUUID(tasks.stream().map(NewTask::parentTaskId).toArray(UUID[]::new))
      .addArrayOfInteger(creations.stream().map(TaskCreation::depth).toArray(Integer[]::new))
      .addArrayOfInteger(creations.stream().map(TaskCreation::maxRetries).toArray(Integer[]::new))
      .addArrayOfBoolean(tasks.stream().map(NewTask::isSupervisor).toArray(Boolean[]::new))
      .addArrayOfUUID(tasks.stream().map(NewTask::supervisorWorktreeTaskId).toArray(UUID[]::new))
      .addArrayOfString(tasks.stream().map(NewTask::checkpointSha).toArray(String[]::new))
      .addArrayOfUUID(tasks.stream().map(NewTask::spawnedBy).toArray(UUID[]::new))
      .addArrayOfUUID(tasks.stream().map(NewTask::directiveId).toArray(UUID[]::new))
      .addArrayOfUUID(tasks.stream().map(NewTask::directiveStepId).toArray(UUID[]::new));
  }
}
