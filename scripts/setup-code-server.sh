#!/usr/bin/env bash
# Placeholder: the e2e harness (issue 5) installs code-server 4.100.3 here into .cache/code-server.
exit 0
