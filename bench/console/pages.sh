#!/usr/bin/env bash
# Console page render times with 10,000 runs in the workspace.
# Starts the packaged jar (billing off, so the free plan's cap does not refuse the seed runs) with the bench user as the
# platform operator (LEVQOR_ADMIN_EMAIL: Levqor creates the account and mails a reset link, which the script follows
# through the development mailbox), creates a webhook workflow, fires 10,000 webhook calls, waits until every run has finished, logs into the console with a
# session cookie, then requests each page 5 times to warm up and N times measured (default 60). Prints, per page, the
# median and p95 time to first byte over loopback (an upper bound of the server's render time), and the core count.
# Usage: bench/console/pages.sh [requests per page]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-60}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=$(ls target/levqor-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then ./mvnw -B -q -DskipTests package; jar=$(ls target/levqor-*.jar | grep -v original | head -1); fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
work=$(mktemp -d); base="http://localhost:$port"
email="bench-$RANDOM@example.com"; password="bench password 123"
LEVQOR_ADMIN_EMAIL=$email LEVQOR_DATA_DIR=$work/data SERVER_PORT=$port LEVQOR_BILLING_ENABLED=false "$JAVA" -Xmx1g -jar "$jar" > "$work/levqor.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -fs "$base/health" 2>/dev/null | grep -q '"UP"'; do
  kill -0 "$pid" 2>/dev/null || { echo "Levqor died:"; tail -50 "$work/levqor.log"; exit 1; }
  sleep 0.2
done

json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
reset=""
until [ -n "$reset" ]; do
  reset=$(curl -fs "$base/api/v1/dev/mailbox?to=$email" | python3 -c "import sys, json, re
for m in json.load(sys.stdin)['items']:
    t = re.search(r'Reset token: (\\S+)', m['text'])
    if t: print(t.group(1)); break" || true)
  [ -n "$reset" ] || sleep 0.2
done
curl -fs -o /dev/null -X POST "$base/api/v1/auth/password-reset/confirm" -H 'Content-Type: application/json' \
  -d "{\"token\": \"$reset\", \"password\": \"$password\"}"
token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\": \"$email\", \"password\": \"$password\"}" | json "['accessToken']")
workflow=$(curl -fs -X POST "$base/api/v1/workflows" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{
  "name": "Bench greeter",
  "definition": {"trigger": {"type": "webhook"},
                 "steps": [{"id": "greet", "type": "transform", "output": {"message": "{{ \"Hello \" & trigger.body.name }}"}}]}}')
wid=$(echo "$workflow" | json "['id']"); hook=$(echo "$workflow" | json "['webhookUrl']" | sed 's|^https\?://[^/]*||')

echo "seeding 10,000 runs through $hook ..."
t0=$(date +%s)
curl -s --no-progress-meter -Z --parallel-max 32 -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"name": "Ada"}' \
  "$base$hook?i=[1-10000]"
until [ "$(curl -fs "$base/api/v1/runs?status=queued&limit=1" -H "Authorization: Bearer $token" | json "['items'].__len__()")" = 0 ] \
   && [ "$(curl -fs "$base/api/v1/runs?status=running&limit=1" -H "Authorization: Bearer $token" | json "['items'].__len__()")" = 0 ]; do
  sleep 1
done
count=$(curl -fs "$base/api/v1/runs?limit=200" -H "Authorization: Bearer $token" | json "['items'].__len__()")
echo "seeded in $(( $(date +%s) - t0 )) s (first page holds $count runs)"
run=$(curl -fs "$base/api/v1/runs?limit=1" -H "Authorization: Bearer $token" | json "['items'][0]['id']")

cookies=$work/cookies
csrf=$(curl -fs -c "$cookies" -b "$cookies" "$base/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -o /dev/null -c "$cookies" -b "$cookies" -X POST "$base/login" \
  --data-urlencode "_csrf=$csrf" --data-urlencode "email=$email" --data-urlencode "password=$password"

pages=(/console/workflows /console/workflows/$wid /console/workflows/$wid/versions /console/runs
       "/console/runs?status=succeeded" "/console/runs?workflowId=$wid&period=24h" /console/runs/$run
       /console/credentials /console/api-keys /console/members /console/audit /console/billing /console/operator)
printf '%-48s %10s %10s\n' page "median ms" "p95 ms"
for page in "${pages[@]}"; do
  for i in 1 2 3 4 5; do curl -fs -o /dev/null -b "$cookies" "$base$page"; done
  for i in $(seq "$n"); do
    code_time=$(curl -s -o /dev/null -b "$cookies" -w '%{http_code} %{time_starttransfer}' "$base$page")
    [ "${code_time%% *}" = 200 ] || { echo "$page answered ${code_time%% *}"; exit 1; }
    echo "${code_time#* }"
  done | sort -n | awk -v page="$page" '{a[NR]=$1*1000} END {printf "%-48s %10.1f %10.1f\n", page, a[int((NR+1)/2)], a[int(NR*0.95)]}'
done
echo "runs in the workspace: 10000; requests per page: $n; cores: $(nproc); java: $("$JAVA" -version 2>&1 | head -1)"
