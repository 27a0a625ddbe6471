#!/bin/sh
# The smallest useful agent: it reads its plan on stdin, asks its owner before it acts, commits a file in its
# worktree and ends. The daemon runs it with `--agent command --agent-command "sh examples/agents/echo-agent.sh"`;
# `meshhub` on its PATH is the daemon's own command line, already signed in as this task.
set -eu
plan=$(cat)
echo "My plan: $plan"
answer=$(meshhub ask --choices yes,no "May I write hello.txt?")
if [ "$answer" != "yes" ]; then
  echo "The owner said $answer: nothing to do."
  exit 0
fi
echo "Hello from task $MESHHUB_TASK_ID" > hello.txt
git add hello.txt
git commit -q -m "Say hello"
echo "Committed hello.txt on $(git rev-parse --abbrev-ref HEAD)"
