package io.meshhub.directives;

/** Event-bus addresses of the directive engine, owner of contracts, orders and directives, and its facts. */
public final class DirectivesAddresses {

  /** Request: a {@link NewContract}; reply: the {@link Contract}. */
  static final String CREATE_CONTRACT = "directives.createContract";
  /** Request: a {@link DirectiveMessages.Edit} of a contract; reply: the {@link Contract}. */
  static final String UPDATE_CONTRACT = "directives.updateContract";
  /** Request: a {@link DirectiveMessages.Ref} (a task must be the contract's supervisor); reply: it, done. */
  static final String COMPLETE_CONTRACT = "directives.completeContract";
  /** Request: a {@link DirectiveMessages.NewRepository}; reply: the {@link SourceRepository}. */
  static final String ADD_REPOSITORY = "directives.addRepository";
  /** Request: a {@link DirectiveMessages.NewFile}; reply: the {@link ContractFile}. */
  static final String CREATE_FILE = "directives.createFile";

  /** Request: a {@link DirectiveMessages.NewOrder}; reply: the {@link Order}. */
  static final String CREATE_ORDER = "directives.createOrder";
  /** Request: a {@link DirectiveMessages.Edit} of an order; reply: the {@link Order}. */
  static final String UPDATE_ORDER = "directives.updateOrder";
  /** Request: a {@link DirectiveMessages.Ref} to an order; reply: {@code {}}. */
  static final String DELETE_ORDER = "directives.deleteOrder";

  /** Request: a {@link DirectiveMessages.NewDirective}; reply: the {@link Directive}, a draft. */
  static final String CREATE_DIRECTIVE = "directives.create";
  /** Request: a {@link DirectiveMessages.Edit} of a directive; reply: the directive. */
  static final String UPDATE_DIRECTIVE = "directives.update";
  /** Request: a {@link DirectiveMessages.Ref} to a directive; reply: {@code {}}. */
  static final String DELETE_DIRECTIVE = "directives.delete";
  /** Request: a {@link DirectiveMessages.Move} (start, pause, resume or archive); reply: the directive. */
  static final String MOVE_DIRECTIVE = "directives.move";
  /** Request: a {@link DirectiveMessages.PlanSubmission}; reply: the directive, with its chain. */
  static final String SUBMIT_PLAN = "directives.submitPlan";

  /** Request: a {@link DirectiveMessages.StepEvaluation}; reply: the step, being evaluated again. */
  static final String EVALUATE_STEP = "directives.evaluateStep";

  /**
   * Request: a {@link ConversationRewind.Request}; reply: {@code {contractId, messagesRemoved, newMessageCount,
   * codeRewound}}.
   */
  static final String REWIND_CONVERSATION = "directives.rewindConversation";
  /** Request: a {@link SupervisorRestoration.Request}; reply: the resume's answer (supervisor-state.md). */
  static final String RESUME_SUPERVISOR = "directives.resumeSupervisor";
  /** Request: a {@link RedTeam.Finding}; reply: {@code {success, forwarded}}. */
  static final String RED_TEAM_NOTIFY = "directives.redTeamNotify";
  /** Send: {@code {supervisorTaskId, taskId}}, a supervisor waits on a task (a save point of its state). */
  public static final String SUPERVISOR_WAITING = "directives.supervisorWaiting";

  /** Published fact: a contract completed; the body is the {@link Contract}. */
  public static final String CONTRACT_COMPLETED = "contract.completed";

  private DirectivesAddresses() {
  }
}
