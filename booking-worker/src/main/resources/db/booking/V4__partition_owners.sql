-- Which consumer generation owns each command partition, per Kafka cluster. A consumer that lost a partition (a
-- rebalance, a pause past max.poll.interval.ms) finds a newer generation here and may no longer write for it.
-- Keyed by the cluster's ID, because a broker that starts afresh (the local stack's) starts generations anew.
CREATE TABLE partition_owners (
    cluster_id text    NOT NULL,
    topic      text    NOT NULL,
    partition  integer NOT NULL,
    generation integer NOT NULL,
    PRIMARY KEY (cluster_id, topic, partition)
);
