#!/usr/bin/env bash
# Development server with its background workers: the task worker (outbox,
# overdue escalation) and the scheduler that enqueues periodic tasks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${1:-127.0.0.1:8000}"
$PY manage.py db_worker --no-startup-delay --interval 2 &
worker=$!
$PY manage.py run_scheduler &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM
echo "mustafid on http://$HOST/  (Ctrl-C stops it and its workers)"
$PY manage.py runserver "$HOST"
