#!/bin/sh
# A scripted supervisor and its worker. The supervisor spawns the worker into its own worktree, waits for it, looks
# at its work through the hub (read-file, diff), merges it and completes the contract; the worker writes and commits.
set -eu
prompt=$(cat)
case "$prompt" in
  *"lead the work"*)
    worker=$(meshhub spawn writer --plan "write worker.txt")
    echo "spawned $worker"
    meshhub wait "$worker" --timeout 120
    echo "read: $(meshhub read-file "$worker" worker.txt)"
    meshhub diff "$worker" | grep -q '+written by the worker' && echo "diff shows the work"
    echo "merged as $(meshhub merge "$worker" --target main)"
    meshhub tree
    meshhub complete
    ;;
  *)
    echo "written by the worker" > worker.txt
    git add worker.txt
    git commit -q -m "Worker's file"
    ;;
esac
