package io.meshhub.directives;

import io.meshhub.core.ApiException;
import io.meshhub.core.ErrorCode;
import io.meshhub.scheduler.NewTask;
import io.meshhub.scheduler.SchedulerAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Contract state changes: creation (with its supervisor task, scheduled at once, when a supervisor plan is given),
 * edits at a version, completion (published as {@code contract.completed}), repositories and files.
 */
final class ContractLifecycle {

  private static final int SUPERVISOR_PRIORITY = 5;

  private final ContractRepository contracts;
  private final FileRepository files;
  private final SupervisorStates supervisorStates;
  private final EventBus bus;

  ContractLifecycle(ContractRepository contracts, FileRepository files, SupervisorStates supervisorStates,
                    EventBus bus) {
    this.supervisorStates = supervisorStates;
    this.contracts = contracts;
    this.files = files;
    this.bus = bus;
  }

  Future<Contract> create(NewContract request) {
    return contracts.insert(request).compose(contract -> request.supervisorPlan() == null
      ? Future.succeededFuture(contract)
      : createSupervisor(contract, request.supervisorPlan()));
  }

  /** The supervisor task works in the contract's repository and is scheduled like any task. */
  private Future<Contract> createSupervisor(Contract contract, String plan) {
    return contracts.repositories(contract.ownerId(), contract.id()).compose(repositories -> {
      NewTask supervisor = new NewTask(contract.ownerId(), contract.name() + " - Supervisor", plan,
        SUPERVISOR_PRIORITY, SourceRepository.locationOf(repositories).orElse(null), null, null, contract.id(), null,
        null, true);
      return bus.<JsonObject>request(SchedulerAddresses.CREATE, supervisor.toJson()).map(Message::body);
    }).compose(task -> contracts.setSupervisorTask(contract.id(), UUID.fromString(task.getString("id"))));
  }

  /** Edits at the version the caller saw; {@code status: completed} completes the contract. */
  Future<Contract> update(UUID ownerId, UUID contractId, int version, JsonObject changes) {
    ContractStatus status = changes.getString("status") == null ? null
      : ContractStatus.fromWire(changes.getString("status"));
    ContractStatus plain = status == ContractStatus.COMPLETED ? null : status;
    return contracts.patch(ownerId, contractId, version, changes, plain)
      .compose(patched -> patched.map(Future::succeededFuture).orElseGet(() -> explainRefusedPatch(ownerId,
        contractId, version)))
      .compose(patched -> changes.containsKey("phase")
        ? supervisorStates.phase(contractId, patched.phase()).map(patched) : Future.succeededFuture(patched))
      .compose(patched -> status == ContractStatus.COMPLETED
        ? complete(ownerId, contractId, null)
        : Future.succeededFuture(patched));
  }

  /** Completes an active contract, by its owner or (with {@code taskId}) its supervisor task. */
  Future<Contract> complete(UUID ownerId, UUID contractId, UUID taskId) {
    return contracts.find(ownerId, contractId)
      .map(found -> found.orElseThrow(() -> ApiException.notFound("contract")))
      .compose(contract -> taskId == null ? Future.succeededFuture() : checkSupervisor(contract, taskId))
      .compose(allowed -> contracts.complete(ownerId, contractId, taskId == null ? "user" : "task",
        taskId == null ? ownerId : taskId))
      .map(completed -> {
        Contract contract = completed.orElseThrow(() -> new ApiException(ErrorCode.INVALID_STATE,
          "only an active contract can be completed"));
        bus.publish(DirectivesAddresses.CONTRACT_COMPLETED, contract.toJson());
        return contract;
      });
  }

  /**
   * Only the contract's supervisor task completes it. A supervisor created for the contract whose link was never
   * written (the hub stopped between the two) is recognised by its own row, and linked now.
   */
  private Future<Void> checkSupervisor(Contract contract, UUID taskId) {
    if (taskId.equals(contract.supervisorTaskId())) {
      return Future.succeededFuture();
    }
    Future<Boolean> unlinkedSupervisor = contract.supervisorTaskId() != null ? Future.succeededFuture(false)
      : contracts.isSupervisorTaskOf(contract.ownerId(), taskId, contract.id());
    return unlinkedSupervisor.compose(linkable -> linkable
      ? contracts.setSupervisorTask(contract.id(), taskId).<Void>mapEmpty()
      : Future.failedFuture(new ApiException(ErrorCode.NOT_SUPERVISOR,
        "only the contract's supervisor task may complete it")));
  }

  Future<SourceRepository> addRepository(UUID ownerId, UUID contractId, SourceRepository repository) {
    return contracts.addRepository(ownerId, contractId, repository)
      .map(added -> added.orElseThrow(() -> ApiException.notFound("contract")));
  }

  Future<ContractFile> createFile(UUID ownerId, UUID contractId, String name, JsonArray body) {
    return files.insert(ownerId, contractId, name, body)
      .map(created -> created.orElseThrow(() -> ApiException.notFound("contract")));
  }

  private Future<Contract> explainRefusedPatch(UUID ownerId, UUID contractId, int version) {
    return contracts.find(ownerId, contractId).map(found -> {
      Contract contract = found.orElseThrow(() -> ApiException.notFound("contract"));
      throw new ApiException(ErrorCode.CONFLICT, "contract is at version " + contract.version() + ", not " + version);
    });
  }
}
