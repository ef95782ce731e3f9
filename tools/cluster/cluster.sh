#!/usr/bin/env bash
# A cluster on one machine (README, "A cluster on one machine"): two web nodes, a task
# worker and the scheduler, PostgreSQL and Redis (the machine's own), the search engine
# (osmem-server) and HAProxy in front. `make cluster` = start + check; `stop` ends it.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
STATE=$ROOT/.cache/cluster
BIN=$ROOT/.venv/bin
export LB_PORT=${LB_PORT:-8300} WEB1_PORT=${WEB1_PORT:-8301} WEB2_PORT=${WEB2_PORT:-8302}
export ENGINE_PORT=${ENGINE_PORT:-8309}
export DJANGO_SETTINGS_MODULE=portal.settings.dev
export DEBUG=false
export DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/varoshaza_cluster}
export REDIS_URL=${CLUSTER_REDIS_URL:-redis://127.0.0.1:6379/5}
export SEARCH_BACKEND=opensearch OPENSEARCH_URL=http://127.0.0.1:$ENGINE_PORT
export SEARCH_INDEX_PREFIX=cluster_
export TASKS_BACKEND=django_tasks_db.DatabaseBackend
# Shared storage: one folder for both nodes here; S3 (S3_*) in production.
export MEDIA_ROOT=$STATE/media PRIVATE_MEDIA_ROOT=$STATE/private_media
export SITE_PORT=$LB_PORT WAGTAILADMIN_BASE_URL=http://localhost:$LB_PORT
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-2}

start_one() {  # name, command...
    local name=$1; shift
    nohup "$@" >"$STATE/$name.log" 2>&1 &
    echo $! >"$STATE/$name.pid"
}

start() {
    mkdir -p "$STATE"
    command -v haproxy >/dev/null || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
    }
    psql "${DATABASE_URL%/*}/postgres" -qtc "SELECT 1" >/dev/null
    createdb "${DATABASE_URL##*/}" -h 127.0.0.1 -U postgres 2>/dev/null || true
    start_one engine "$BIN/python" -c "from osmem_server import resolve_binary; import os; \
os.execv(resolve_binary(), [resolve_binary(), '-addr', '127.0.0.1:$ENGINE_PORT', '-no-ja', '-no-stdin-watch'])"
    "$BIN/python" manage.py migrate --noinput -v0
    "$BIN/python" manage.py load_demo >"$STATE/load_demo.log"
    "$BIN/python" manage.py update_index >"$STATE/update_index.log" 2>&1
    for node in 1 2; do
        port_var=WEB${node}_PORT
        PROMETHEUS_MULTIPROC_DIR=$STATE/prometheus-$node GUNICORN_BIND=127.0.0.1:${!port_var} \
            start_one "web$node" "$BIN/gunicorn" portal.wsgi:application --config deploy/gunicorn.conf.py
    done
    start_one worker "$BIN/python" manage.py db_worker
    start_one scheduler "$BIN/python" manage.py run_scheduler
    sed -e "s/@LB_PORT@/$LB_PORT/" -e "s/@WEB1_PORT@/$WEB1_PORT/" -e "s/@WEB2_PORT@/$WEB2_PORT/" \
        tools/cluster/haproxy.cfg.in >"$STATE/haproxy.cfg"
    start_one balancer haproxy -f "$STATE/haproxy.cfg" -db
    for port in $WEB1_PORT $WEB2_PORT $LB_PORT; do
        for _ in $(seq 60); do
            curl -sf -H "Host: localhost" "http://127.0.0.1:$port/readyz/" >/dev/null && break
            sleep 1
        done
    done
    echo "Cluster up: balancer http://localhost:$LB_PORT (nodes :$WEB1_PORT, :$WEB2_PORT)"
}

stop() {
    for pidfile in "$STATE"/*.pid; do
        [ -e "$pidfile" ] || continue
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    check) "$BIN/python" tools/cluster/check.py ;;
    *) echo "usage: $0 start|check|stop" >&2; exit 2 ;;
esac
