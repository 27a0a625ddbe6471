package io.meshhub.scheduler;

import static io.meshhub.core.JsonFields.text;
import static io.meshhub.core.JsonFields.uuid;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A request to create a task, as it travels to the scheduler. {@code priority} and {@code maxRetries} are null
 * when the caller left them to the defaults. Owners create worker tasks; supervisor tasks are created with their
 * contract; a task a supervisor spawns names it ({@code spawnedBy}) and may share its worktree.
 */
public record NewTask(UUID ownerId, String name, String plan, Integer priority, String repositoryUrl,
                      String baseBranch, String targetBranch, UUID contractId, UUID parentTaskId,
                      Integer maxRetries, boolean isSupervisor, UUID supervisorWorktreeTaskId,
                      String checkpointSha, UUID spawnedBy, UUID directiveId, UUID directiveStepId) {

  /** A task of no directive step. */
  public NewTask(UUID ownerId, String name, String plan, Integer priority, String repositoryUrl, String baseBranch,
                 String targetBranch, UUID contractId, UUID parentTaskId, Integer maxRetries, boolean isSupervisor,
                 UUID supervisorWorktreeTaskId, String checkpointSha, UUID spawnedBy, UUID directiveId) {
    this(ownerId, name, plan, priority, repositoryUrl, baseBranch, targetBranch, contractId, parentTaskId, maxRetries,
      isSupervisor, supervisorWorktreeTaskId, checkpointSha, spawnedBy, directiveId, null);
  }

  /** The same task, doing (or judging) the work of this directive step. */
  public NewTask ofStep(UUID stepId) {
    return new NewTask(ownerId, name, plan, priority, repositoryUrl, baseBranch, targetBranch, contractId,
      parentTaskId, maxRetries, isSupervisor, supervisorWorktreeTaskId, checkpointSha, spawnedBy, directiveId, stepId);
  }

  /** A worker task as an owner creates it: no supervisor's worktree to share, no commit to start from. */
  public NewTask(UUID ownerId, String name, String plan, Integer priority, String repositoryUrl, String baseBranch,
                 String targetBranch, UUID contractId, UUID parentTaskId, Integer maxRetries, boolean isSupervisor) {
    this(ownerId, name, plan, priority, repositoryUrl, baseBranch, targetBranch, contractId, parentTaskId, maxRetries,
      isSupervisor, null, null, null, null);
  }

  /** From the body of {@code POST /api/v1/mesh/tasks}, already validated against the OpenAPI document. */
  static NewTask fromRequest(UUID ownerId, JsonObject body) {
    return fromJson(body.copy().put("ownerId", ownerId.toString()));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("ownerId", ownerId.toString())
      .put("name", name)
      .put("plan", plan)
      .put("priority", priority)
      .put("repositoryUrl", repositoryUrl)
      .put("baseBranch", baseBranch)
      .put("targetBranch", targetBranch)
      .put("contractId", text(contractId))
      .put("parentTaskId", text(parentTaskId))
      .put("maxRetries", maxRetries)
      .put("isSupervisor", isSupervisor)
      .put("supervisorWorktreeTaskId", text(supervisorWorktreeTaskId))
      .put("checkpointSha", checkpointSha)
      .put("spawnedBy", text(spawnedBy))
      .put("directiveId", text(directiveId))
      .put("directiveStepId", text(directiveStepId));
  }

  public static NewTask fromJson(JsonObject json) {
    return new NewTask(uuid(json, "ownerId"), json.getString("name"), json.getString("plan"),
      json.getInteger("priority"), json.getString("repositoryUrl"), json.getString("baseBranch"),
      json.getString("targetBranch"), uuid(json, "contractId"), uuid(json, "parentTaskId"),
      json.getInteger("maxRetries"), json.getBoolean("isSupervisor", false), uuid(json, "supervisorWorktreeTaskId"),
      json.getString("checkpointSha"), uuid(json, "spawnedBy"), uuid(json, "directiveId"),
      uuid(json, "directiveStepId"));
  }
}
