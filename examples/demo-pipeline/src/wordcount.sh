#!/bin/sh
# Counts the words of a file, most frequent first.
tr -cs '[:alnum:]' '\n' < "$1" | tr '[:upper:]' '[:lower:]' | grep . | sort | uniq -c | sort -rn | head -5
