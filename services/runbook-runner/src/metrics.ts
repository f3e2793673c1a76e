import { counter, gauge, type Counter, type Gauge, type Registry } from '@aiops/telemetry';

/** RunnerMetrics: label values are bounded (outcomes, guard reason codes, action kinds, runbook ids from the catalog). */
export interface RunnerMetrics {
  readonly results: Counter<'outcome' | 'reason'>;
  readonly attempts: Counter<'kind' | 'outcome'>;
  readonly duplicates: Counter<never>;
  readonly rejectedInput: Counter<'topic' | 'reason'>;
  readonly running: Gauge<never>;
  readonly breakerOpen: Gauge<'rule'>;
}

export function createRunnerMetrics(registry: Registry): RunnerMetrics {
  return {
    results: counter(registry, 'aiops_runbook_runner_results_total', 'runbook results published, by outcome and guard reason', ['outcome', 'reason']),
    attempts: counter(registry, 'aiops_runbook_runner_action_attempts_total', 'action attempts by kind and outcome', ['kind', 'outcome']),
    duplicates: counter(registry, 'aiops_runbook_runner_duplicate_requests_total', 'requests ignored because their id was already handled'),
    rejectedInput: counter(registry, 'aiops_runbook_runner_rejected_records_total', 'input records sent to the DLQ', ['topic', 'reason']),
    running: gauge(registry, 'aiops_runbook_runner_running', 'runs in progress'),
    breakerOpen: gauge(registry, 'aiops_runbook_runner_breaker_open', '1 when the runbook circuit breaker is open', ['rule']),
  };
}
