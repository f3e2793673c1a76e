-- Incidents, their timeline, runbook runs, CMDB snapshot, changes, problems, and hourly rollups.
--
-- Replay safety: every table is a ReplacingMergeTree keyed by the record's deterministic id (and version
-- where the record has one); report queries read with FINAL or argMax/uniqExact, so a record replayed
-- from Kafka is counted once even before the background merge removed the duplicate.
--
-- Why these keys:
--  * incidents: the sorting key must stay the same for every version of one incident, or FINAL cannot
--    collapse them; so it is (detected day, id) — detected_at never changes, and every KPI/trend query
--    filters on a detected_at range first. Service, category, priority, team change over an incident's
--    life and are filtered as plain columns (100k incidents/year is small for ClickHouse).
--    PARTITION BY month of detection (lifecycle: retention drops whole months).
--  * incident_events: (incident_id, version) — the timeline of one incident is read together.
--  * runbook_results: (runbook_id, id) — reports group by runbook.
--  * changes: (ci_id, id) — change correlation looks changes up by CI.
--  * cmdb: id, latest ingest wins (ver = ingest time); tombstones are rows with deleted = 1.
--  * problems: id, latest version wins.
--  * rollups: per hour and the dimensions of the trend reports; uniqState(id) keeps replayed events out
--    (exact up to 65,536 distinct ids per bucket, ~1% error beyond). Incidents get no rollup: their
--    category/priority/service change between versions, so a rollup by insert would count one incident
--    under several values; the incidents table is small and read with FINAL instead.

CREATE TABLE IF NOT EXISTS {{db}}.incidents (
  id String,
  number String,
  version UInt32,
  origin {{lc String}},
  title String,
  template String,
  state {{lc String}},
  severity {{lc String}},
  impact {{lc String}},
  urgency {{lc String}},
  priority {{lc String}},
  major UInt8,
  category {{lc String}},
  subcategory String,
  assignment_group {{lc String}},
  assignee String,
  service String,
  services Array(String),
  ci String,
  cis Array(String),
  problem_id String,
  detected_at DateTime,
  detected_ms UInt64,
  occurred_ms UInt64,
  acknowledged_ms UInt64,
  resolved_ms UInt64,
  closed_ms UInt64,
  updated_ms UInt64,
  user_reported_ms UInt64,
  reassignments UInt32,
  reopen_count UInt32,
  resolved_by {{lc String}},
  on_hold_ms UInt64,
  sla_resolution_target_ms UInt64,
  sla_response_breached UInt8,
  sla_resolution_breached UInt8,
  model_id String,
  runbook_id String,
  alert_count UInt32,
  change_suspect UInt8,
  change_ids Array(String),
  payload String
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(detected_at)
ORDER BY (toDate(detected_at), id)
{{ttl detected_at + INTERVAL 730 DAY}}
SETTINGS index_granularity = 8192 {{ttl_settings}};

CREATE TABLE IF NOT EXISTS {{db}}.incident_events (
  id String,
  incident_id String,
  version UInt32,
  at DateTime,
  at_ms UInt64,
  actor_kind {{lc String}},
  actor_id String,
  type {{lc String}},
  reason String,
  data String
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (incident_id, version, id)
{{ttl at + INTERVAL 730 DAY}}
SETTINGS index_granularity = 8192 {{ttl_settings}};

CREATE TABLE IF NOT EXISTS {{db}}.runbook_results (
  id String,
  request_id String,
  runbook_id String,
  incident_id String,
  outcome {{lc String}},
  reason String,
  started_at DateTime,
  started_ms UInt64,
  ended_ms UInt64,
  attempts UInt32,
  output String
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(started_at)
ORDER BY (runbook_id, id)
{{ttl started_at + INTERVAL 365 DAY}}
SETTINGS index_granularity = 8192 {{ttl_settings}};

CREATE TABLE IF NOT EXISTS {{db}}.changes (
  id String,
  ci_id String,
  started_at DateTime,
  started_ms UInt64,
  ended_ms UInt64,
  description String,
  risk {{lc String}},
  status {{lc String}},
  ingested_ms UInt64
) ENGINE = ReplacingMergeTree(ingested_ms)
ORDER BY (ci_id, id);

CREATE TABLE IF NOT EXISTS {{db}}.cmdb (
  id String,
  name String,
  type {{lc String}},
  environment String,
  criticality {{lc String}},
  support_group String,
  depends_on Array(String),
  relations String,
  deleted UInt8,
  ingested_ms UInt64,
  payload String
) ENGINE = ReplacingMergeTree(ingested_ms)
ORDER BY id;

CREATE TABLE IF NOT EXISTS {{db}}.problems (
  id String,
  version UInt32,
  state {{lc String}},
  title String,
  pattern {{lc String}},
  pattern_key String,
  evidence String,
  incident_ids Array(String),
  ci_ids Array(String),
  services Array(String),
  root_cause String,
  workaround String,
  detected_ms UInt64,
  updated_ms UInt64,
  payload String
) ENGINE = ReplacingMergeTree(version)
ORDER BY id;

CREATE TABLE IF NOT EXISTS {{db}}.events_hourly (
  hour DateTime,
  source String,
  severity String,
  service String,
  events AggregateFunction(uniq, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, service, severity, source);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.events_hourly_mv TO {{db}}.events_hourly AS
SELECT toStartOfHour(occurred_at) AS hour, toString(source) AS source, toString(severity) AS severity, service, uniqState(id) AS events
FROM {{db}}.events
GROUP BY hour, source, severity, service;

CREATE TABLE IF NOT EXISTS {{db}}.alerts_hourly (
  hour DateTime,
  service String,
  ci_id String,
  severity String,
  alerts AggregateFunction(uniq, String),
  changes AggregateFunction(uniq, String)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, service, ci_id, severity);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.alerts_hourly_mv TO {{db}}.alerts_hourly AS
SELECT toStartOfHour(at) AS hour, service, ci_id, toString(severity) AS severity, uniqState(alert_id) AS alerts,
       uniqState(concat(alert_id, '/', toString(version))) AS changes
FROM {{db}}.alerts
GROUP BY hour, service, ci_id, severity;
