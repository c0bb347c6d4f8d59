#!/usr/bin/env bash
# Starts the local PostgreSQL, Redis and RabbitMQ that Zagel's tests and `npm start` use,
# unless they already answer, waits until each is ready, and creates the zagel database.
# Safe to run again and again. Needs the Debian packages postgresql, redis-server and
# rabbitmq-server; run it as root (as CI does) or as a user allowed to start them.
set -euo pipefail

readonly WAIT_SECONDS="${ZAGEL_SERVICE_WAIT_SECONDS:-60}"

say() { printf 'ensure-services: %s\n' "$*"; }
fail() { printf 'ensure-services: %s\n' "$*" >&2; exit 1; }

# wait_until NAME HINT COMMAND...: retries COMMAND once a second until it succeeds or time runs out.
wait_until() {
  local name=$1 hint=$2
  shift 2
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "$name is not ready after ${WAIT_SECONDS}s ($hint)"
    sleep 1
  done
  say "$name is ready"
}

postgres_ready() { pg_isready -h 127.0.0.1 -q; }
redis_ready() { redis-cli ping | grep -q PONG; }
rabbitmq_ready() { rabbitmq-diagnostics -q ping; }

if ! postgres_ready >/dev/null 2>&1; then
  say "starting PostgreSQL"
  # shellcheck disable=SC2046 # one installed version: its directory name is the cluster version
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
fi
wait_until PostgreSQL "see /var/log/postgresql/" postgres_ready

if ! redis_ready >/dev/null 2>&1; then
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_until Redis "see /var/log/redis/ci.log" redis_ready

if ! rabbitmq_ready >/dev/null 2>&1; then
  say "starting RabbitMQ"
  rabbitmq-server -detached
fi
wait_until RabbitMQ "see /var/log/rabbitmq/" rabbitmq_ready

if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'zagel'")" != "1" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE DATABASE zagel' || fail "could not create the zagel database"
  say "created database zagel"
fi
