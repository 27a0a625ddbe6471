package io.meshhub.cli;

import picocli.CommandLine;

import java.util.List;

/** The client commands of {@code cli.md}: what agents run with their tool key, and what owners run with theirs. */
public final class CommandLineClient {

  private CommandLineClient() {
  }

  /** Adds every client command to the {@code meshhub} command line. */
  public static void register(CommandLine meshhub) {
    List.of(
      new QuestionCommands.Ask(), new QuestionCommands.Questions(), new QuestionCommands.Answer(),
      new ContractCommands.SubmitPlan(), new ContractCommands.Complete(), new ContractCommands.Files(),
      new ContractCommands.ShowFile(), new ContractCommands.CreateFile(), new ContractCommands.CreateOrder(),
      new ContractCommands.RedTeamNotify(),
      new SupervisorCommands.Spawn(), new SupervisorCommands.Wait(), new SupervisorCommands.Tree(),
      new SupervisorCommands.ReadFile(), new SupervisorCommands.Diff(), new SupervisorCommands.Merge(),
      new SupervisorCommands.Rewind(), new SupervisorCommands.Checkpoint(), new OwnerCommands.Tasks(),
      new OwnerCommands.Daemons(), new OwnerCommands.Directives(), new ContractsCommand(),
      new OwnerCommands.Keys(), new OwnerCommands.Owners()).forEach(meshhub::addSubcommand);
  }
}
