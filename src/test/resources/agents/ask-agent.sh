#!/bin/sh
# A scripted agent that needs its owner's go-ahead: a phaseguard question blocks it until the owner answers.
set -eu
echo "asking for the go-ahead"
answer=$(meshhub ask --phaseguard --choices yes,no "Proceed?")
echo "owner said: $answer"
