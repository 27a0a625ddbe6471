#!/bin/sh
# A scripted supervisor whose daemon is killed while its question waits for the owner. Retried on another daemon
# from its checkpoint (asked.txt comes back with it), it reports the restoration notice the hub leaves in its inbox.
set -eu
cat > /dev/null
if [ -f asked.txt ]; then
  echo "restored; reading the inbox"
  tail_pid=$(mktemp)
  # tail follows the inbox in the background, so the pipeline ends with grep's first match; then tail is stopped.
  ( tail -n +1 -f "$MESHHUB_INBOX" & echo $! > "$tail_pid" ) | grep -m 1 "Restoration count"
  kill "$(cat "$tail_pid")"
  exit 0
fi
echo "about to ask" > asked.txt
meshhub checkpoint "before asking"
meshhub ask "Deploy now?" --choices yes,no --phaseguard --non-blocking
echo "asked the owner"
exec sleep 600
