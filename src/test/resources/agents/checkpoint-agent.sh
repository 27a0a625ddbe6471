#!/bin/sh
# A scripted agent that checkpoints half its work and then is stopped for good (its daemon dies). A retry finds the
# checkpoint's file in its new worktree and finishes.
set -eu
if [ -f progress.txt ]; then
  echo "resumed with: $(cat progress.txt)"
  exit 0
fi
echo "first half of the work" > progress.txt
meshhub checkpoint "first half"
echo "checkpointed"
exec sleep 600
