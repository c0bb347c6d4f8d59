#!/bin/sh
# Starts the Zagel service named by APP. Any arguments replace the service
# (e.g. `docker run --rm -it zagel sh` for a shell in the image).
set -eu

APPS="api-gateway device-gateway auth billing ingestion otp pool-dispatcher provider-sender"

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

for known in $APPS; do
  if [ "${APP:-}" = "$known" ]; then
    exec node "dist/apps/$APP/src/main.js"
  fi
done

echo "zagel: APP='${APP:-}' is not a Zagel service; set APP to one of: $APPS" >&2
exit 64
