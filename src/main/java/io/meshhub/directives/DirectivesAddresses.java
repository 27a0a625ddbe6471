package io.meshhub.directives;

/** Event-bus addresses of the directive engine, owner of contracts, orders and directives, and its facts. */
public final class DirectivesAddresses {

  /** Request: a {@link NewContract}; reply: the {@link Contract}. */
  static final String CREATE_CONTRACT = "directives.createContract";
  /** Request: {@code {ownerId, contractId, version, changes}}; reply: the {@link Contract}. */
  static final String UPDATE_CONTRACT = "directives.updateContract";
  /** Request: {@code {ownerId, contractId, taskId?}} (a task must be the contract's supervisor); reply: it, done. */
  static final String COMPLETE_CONTRACT = "directives.completeContract";
  /** Request: {@code {ownerId, contractId, repository}}; reply: the {@link SourceRepository}. */
  static final String ADD_REPOSITORY = "directives.addRepository";
  /** Request: {@code {ownerId, contractId, name, body}}; reply: the {@link ContractFile}. */
  static final String CREATE_FILE = "directives.createFile";

  /**
   * Request: {@code {ownerId, order, directiveId?, fromTask}} ({@code fromTask}: filed by a task, whose directive
   * is {@code directiveId}); reply: the {@link Order}.
   */
  static final String CREATE_ORDER = "directives.createOrder";
  /** Request: {@code {ownerId, orderId, changes}}; reply: the {@link Order}. */
  static final String UPDATE_ORDER = "directives.updateOrder";
  /** Request: {@code {ownerId, orderId}}; reply: {@code {}}. */
  static final String DELETE_ORDER = "directives.deleteOrder";

  /** Request: {@code {ownerId, directive}} (the request body); reply: the {@link Directive}, a draft. */
  static final String CREATE_DIRECTIVE = "directives.create";
  /** Request: {@code {ownerId, directiveId, version, changes}}; reply: the directive. */
  static final String UPDATE_DIRECTIVE = "directives.update";
  /** Request: {@code {ownerId, directiveId}}; reply: {@code {}}. */
  static final String DELETE_DIRECTIVE = "directives.delete";
  /** Request: {@code {ownerId, directiveId, action}} with action start, pause, resume or archive; reply: it. */
  static final String MOVE_DIRECTIVE = "directives.move";
  /** Request: {@code {ownerId, directiveId, plan, taskId?}}; reply: the directive, with its chain. */
  static final String SUBMIT_PLAN = "directives.submitPlan";

  /** Request: {@code {ownerId, directiveId, stepId}}; reply: the step, being evaluated again. */
  static final String EVALUATE_STEP = "directives.evaluateStep";

  /** Published fact: a contract completed; the body is the {@link Contract}. */
  public static final String CONTRACT_COMPLETED = "contract.completed";

  private DirectivesAddresses() {
  }
}
