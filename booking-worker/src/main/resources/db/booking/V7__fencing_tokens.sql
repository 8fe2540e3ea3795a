-- Zombie fencing with tokens that only the database issues. A consumer claims each partition it is assigned with a
-- new token from the sequence; every transaction that applies a command checks, under a share lock, that its token is
-- still the partition's. Tokens only grow, whatever Kafka does: a consumer group that is deleted, expires or is
-- renamed, or a new group protocol, starts its own counting again, but never hands out a token.
DROP TABLE partition_owners;

CREATE SEQUENCE fencing_tokens;

CREATE TABLE partition_owners (
    topic      text        NOT NULL,
    partition  integer     NOT NULL,
    token      bigint      NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);
