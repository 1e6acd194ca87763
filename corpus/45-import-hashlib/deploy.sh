#!/bin/sh
# Release 1.4.2 of the deploy script.
exec ./server --port="$1"
