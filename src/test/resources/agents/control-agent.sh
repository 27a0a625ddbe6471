#!/bin/sh
# A scripted agent with a grandchild, for pause, resume and interrupt. While it lives it holds $AGENT_FIFO open
# (descriptor 3) and its grandchild holds $CHILD_FIFO: a reader of each FIFO sees its end when the process is gone.
exec 3> "$AGENT_FIFO"
( exec 3>&- sleep 600 ) > "$CHILD_FIFO" &
echo "pid $$"
wait
