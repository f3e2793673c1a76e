-- Events, alert state changes and refused input.
-- Runs on ClickHouse 18.16 (no TTL, no LowCardinality: the {{…}} markers render to plain types there)
-- and on current engines. ReplacingMergeTree keyed by the record's deterministic id (or id + version)
-- makes replays harmless: reports count with uniqExact(id) / argMax(…, version) / FINAL.

CREATE TABLE IF NOT EXISTS {{db}}.events (
  id String,
  source {{lc String}},
  fingerprint String,
  status {{lc String}},
  severity {{lc String}},
  title String,
  description String,
  host String,
  service String,
  namespace String,
  labels String,
  occurred_at DateTime,
  received_at DateTime,
  occurred_ms UInt64,
  received_ms UInt64,
  payload String
) ENGINE = ReplacingMergeTree(received_ms)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (source, fingerprint, occurred_at, id)
{{ttl occurred_at + INTERVAL 90 DAY}}
SETTINGS index_granularity = 8192 {{ttl_settings}};

CREATE TABLE IF NOT EXISTS {{db}}.alerts (
  alert_id String,
  fingerprint String,
  version UInt32,
  change {{lc String}},
  status {{lc String}},
  severity {{lc String}},
  source {{lc String}},
  title String,
  template String,
  ci_id String,
  ci_method {{lc String}},
  service String,
  domain String,
  count UInt32,
  episode UInt32,
  flapping UInt8,
  suppressed_by {{lc String}},
  first_seen DateTime,
  last_seen DateTime,
  at DateTime,
  at_ms UInt64,
  payload String
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(at)
ORDER BY (fingerprint, alert_id, version)
{{ttl at + INTERVAL 180 DAY}}
SETTINGS index_granularity = 8192 {{ttl_settings}};

CREATE TABLE IF NOT EXISTS {{db}}.dlq (
  id String,
  stage {{lc String}},
  source {{lc String}},
  error_code {{lc String}},
  reason String,
  field String,
  at DateTime,
  at_ms UInt64,
  encoding {{lc String}},
  payload String,
  origin_topic String,
  origin_partition Int32,
  origin_offset String
) ENGINE = ReplacingMergeTree(at_ms)
PARTITION BY toYYYYMM(at)
ORDER BY (stage, id)
{{ttl at + INTERVAL 30 DAY}}
SETTINGS index_granularity = 8192 {{ttl_settings}};
