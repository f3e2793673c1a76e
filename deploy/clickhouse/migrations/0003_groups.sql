-- Correlation groups (aiops.groups.v1): latest version per group wins. Keyed like incidents: the
-- opening time never changes for a group, so (day opened, id) collapses versions under FINAL and prunes
-- by time. Used for noise-reduction reports (alerts per group) and for explaining correlation.

CREATE TABLE IF NOT EXISTS {{db}}.groups (
  id String,
  version UInt32,
  domain String,
  status {{lc String}},
  change {{lc String}},
  opened_at DateTime,
  opened_ms UInt64,
  updated_ms UInt64,
  closed_ms UInt64,
  close_reason {{lc String}},
  members UInt32,
  alert_ids Array(String),
  root_cause_ci String,
  services Array(String),
  cis Array(String),
  max_severity {{lc String}},
  firing UInt32,
  payload String
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(opened_at)
ORDER BY (toDate(opened_at), id)
{{ttl opened_at + INTERVAL 365 DAY}}
SETTINGS index_granularity = 8192 {{ttl_settings}};
