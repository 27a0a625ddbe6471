#!/bin/sh
# A scripted supervisor that checkpoints its first piece of work, then commits a second piece on top and waits: a
# rewind of its code must take the worktree back to the checkpoint.
set -eu
echo "first" > notes.txt
meshhub checkpoint "first piece"
echo "second" >> notes.txt
git add -A
git -c user.name=agent -c user.email=agent@example.org commit -q -m "second piece"
echo "moved on"
exec sleep 600
