#!/bin/sh
# Entry point of the job image: `autoloss ARGS...`; or, when the first argument is `flink` or `sh`, that command
# as given (Flink's command line for savepoints; a shell for commands that need $REDIS_URL expanded).
#
# REDIS_URL: when it is not set and the Redis password secret is mounted, it is made here from the secret and
# REDIS_ADDRESS (default redis:6379), so the commands (train, score, status, query, predict all read REDIS_URL) reach the
# password-protected Redis with no password on a command line. The password must be URL-safe (openssl rand -hex).
set -eu

secret=/run/secrets/redis_password
if [ -z "${REDIS_URL:-}" ] && [ -r "$secret" ]; then
  REDIS_URL="redis://:$(cat "$secret")@${REDIS_ADDRESS:-redis:6379}"
  export REDIS_URL
fi

case "${1:-}" in
  flink|sh) exec "$@" ;;
esac
exec autoloss "$@"
