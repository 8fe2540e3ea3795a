-- The W3C trace context of the command whose transaction wrote the row: the relay sends it along as the traceparent
-- header, so that the result and the events continue the trace of the request that sent the command.
ALTER TABLE outbox ADD COLUMN traceparent text;
