package io.meshhub.directives;

/** Event-bus addresses of the directive engine, owner of contracts (and, later, directives), and its facts. */
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

  /** Published fact: a contract completed; the body is the {@link Contract}. */
  public static final String CONTRACT_COMPLETED = "contract.completed";

  private DirectivesAddresses() {
  }
}
