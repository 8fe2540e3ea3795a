#!/usr/bin/env bash
# The README's walk through the API, runnable: start ./run-local, then run this. Needs bash, curl, sed and GNU date.
# Each step prints what it sends and what comes back, and stops the walk if the answer is not the one expected.
#   API=http://localhost:8080/api/v1 ISSUER=http://localhost:9000 docs/walkthrough.sh
set -euo pipefail
API=${API:-http://localhost:8080/api/v1}
ISSUER=${ISSUER:-http://localhost:9000}
ANNA=11111111-0000-0000-0000-000000000001
BEN=11111111-0000-0000-0000-000000000002
ELI=11111111-0000-0000-0000-000000000005
MASSAGE=22222222-0000-0000-0000-000000000002
DANA=33333333-0000-0000-0000-000000000001
# a Wednesday ten weeks ahead, and the Thursday after it: clear of the demo spa's closures, inside the horizon
DAY=$(date -d "$(date +%F) + 70 days + $(( (3 - $(date -d "$(date +%F) + 70 days" +%u) + 7) % 7 )) days" +%F)
NEXT_DAY=$(date -d "$DAY + 1 day" +%F)
OFFSET=$(TZ=Europe/Berlin date -d "$DAY 12:00" +%:z)

# a token from the local issuer: client_credentials of the dev client, shaped by role (and customer_id)
token() {
  curl -s -u local-dev:local-dev -d grant_type=client_credentials "$@" "$ISSUER/oauth2/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# call STATUS METHOD PATH [curl options...]: prints the answer's body, stops unless its status is STATUS
BODY=""
call() {
  local expected=$1 method=$2 path=$3
  shift 3
  local out
  out=$(curl -s -w '\n%{http_code}' -X "$method" "$API$path" "$@")
  BODY=$(printf '%s' "$out" | sed '$d')
  local status
  status=$(printf '%s' "$out" | tail -n 1)
  printf '%s %s -> %s %s\n' "$method" "$path" "$status" "$BODY"
  if [ "$status" != "$expected" ]; then
    echo "expected $expected" >&2
    exit 1
  fi
}

field() { printf '%s' "$BODY" | sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }

echo "# the catalog and a day's free starts: no token needed"
call 200 GET /therapists
call 200 GET /services
call 200 GET "/availability?serviceId=$MASSAGE&date=$DAY"

echo "# Eva signs up: a customer token with a new ID as its subject, which registering makes hers"
EVA_AUTH="Authorization: Bearer $(token -d role=customer)"
call 201 POST /customers -H "$EVA_AUTH" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Eva Park\",\"email\":\"eva-$RANDOM$RANDOM@example.com\",\"phone\":\"+49 170 555 01\"}"
EVA=$(field customerId)

echo "# Eva holds a slot with Anna, waiting up to 10 s for the outcome; a retry with the same key is the same request"
HOLD="{\"customerId\":\"$EVA\",\"therapistId\":\"$ANNA\",\"serviceId\":\"$MASSAGE\",\"start\":\"${DAY}T10:00:00$OFFSET\"}"
KEY="walkthrough-$RANDOM$RANDOM"
call 201 POST /bookings -H "$EVA_AUTH" -H 'Content-Type: application/json' -H 'Prefer: wait=10' \
  -H "Idempotency-Key: $KEY" -d "$HOLD"
BOOKING=$(field bookingId)
call 201 POST /bookings -H "$EVA_AUTH" -H 'Content-Type: application/json' -H 'Prefer: wait=10' \
  -H "Idempotency-Key: $KEY" -d "$HOLD"
[ "$(field bookingId)" = "$BOOKING" ] || { echo "the retry made another booking" >&2; exit 1; }

echo "# the front desk books Dana Demo half an hour later with Anna: taken, with alternatives"
DESK_AUTH="Authorization: Bearer $(token -d role=front-desk)"
call 409 POST /bookings -H "$DESK_AUTH" -H 'Content-Type: application/json' -H 'Prefer: wait=10' \
  -d "{\"customerId\":\"$DANA\",\"therapistId\":\"$ANNA\",\"serviceId\":\"$MASSAGE\",\"start\":\"${DAY}T10:30:00$OFFSET\"}"
printf '%s' "$BODY" | grep -q '"alternatives"' || { echo "no alternatives offered" >&2; exit 1; }

echo "# another customer cannot see Eva's booking"
call 404 GET "/bookings/$BOOKING" -H "Authorization: Bearer $(token -d role=customer -d customer_id=$DANA)"

echo "# without Prefer the answer comes at once, and the outcome is read later"
call 202 POST "/bookings/$BOOKING/confirm" -H "$EVA_AUTH"
REQUEST=$(field requestId)
for _ in $(seq 1 50); do
  call 200 GET "/requests/$REQUEST" -H "$EVA_AUTH"
  [ "$(field status)" = PENDING ] || break
  sleep 0.2
done
[ "$(field status)" = SUCCEEDED ] || { echo "the confirm did not succeed" >&2; exit 1; }
call 200 GET "/bookings/$BOOKING" -H "$EVA_AUTH"
[ "$(field status)" = CONFIRMED ] || { echo "not confirmed" >&2; exit 1; }

echo "# move it to the afternoon, then cancel it"
call 200 POST "/bookings/$BOOKING/reschedule" -H "$EVA_AUTH" -H 'Content-Type: application/json' -H 'Prefer: wait=10' \
  -d "{\"start\":\"${DAY}T15:00:00$OFFSET\"}"
call 200 POST "/bookings/$BOOKING/cancel" -H "$EVA_AUTH" -H 'Prefer: wait=10'
[ "$(field status)" = CANCELLED ] || { echo "not cancelled" >&2; exit 1; }

echo "# a booking session: a massage with Anna, then a couples massage with Ben and Eli, held together, then paid"
call 201 POST /booking-sessions -H "$EVA_AUTH" -H 'Content-Type: application/json' -H 'Prefer: wait=10' \
  -d "{\"customerId\":\"$EVA\",\"items\":[
        {\"therapistId\":\"$ANNA\",\"serviceId\":\"$MASSAGE\",\"start\":\"${NEXT_DAY}T10:00:00$OFFSET\"},
        {\"therapistId\":\"$BEN\",\"serviceId\":\"$MASSAGE\",\"start\":\"${NEXT_DAY}T15:00:00$OFFSET\"},
        {\"therapistId\":\"$ELI\",\"serviceId\":\"$MASSAGE\",\"start\":\"${NEXT_DAY}T15:00:00$OFFSET\"}]}"
SESSION=$(field sessionId)
call 200 POST "/booking-sessions/$SESSION/confirm" -H "Authorization: Bearer $(token -d role=payment)" -H 'Prefer: wait=10'

echo "# Anna's day, as the front desk reads it (Eva may not)"
call 403 GET "/bookings?therapistId=$ANNA&from=${DAY}T00:00:00Z&to=${NEXT_DAY}T23:00:00Z" -H "$EVA_AUTH"
call 200 GET "/bookings?therapistId=$ANNA&from=${DAY}T00:00:00Z&to=${NEXT_DAY}T23:00:00Z&limit=50" -H "$DESK_AUTH"
case "$BODY" in *'"items":['*'"next":'*) ;; *) echo "expected a page: {items, next}" >&2; exit 1 ;; esac

echo "# Eva's own bookings, a page at a time (another customer's would be 404)"
call 200 GET "/customers/$EVA/bookings?limit=2" -H "$EVA_AUTH"
NEXT=$(field next)
call 200 GET "/customers/$EVA/bookings?limit=2&cursor=$NEXT" -H "$EVA_AUTH"

echo "# the walk is done"
