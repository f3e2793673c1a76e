import { AiopsError } from '@aiops/errors';

/** TransitionRefused: the lifecycle table does not allow this state change (HTTP 409). */
export const TransitionRefused = (from: string, to: string, action: string) =>
  new AiopsError('AIOPS_ERR_INCIDENT_TRANSITION_REFUSED', `cannot ${action}: transition ${from} -> ${to} is not allowed`, { retryable: false, statusCode: 409 });

/** CommandInvalid: a command misses a parameter or names something that does not exist (HTTP 400). */
export const CommandInvalid = (message: string, field?: string) =>
  new AiopsError('AIOPS_ERR_INCIDENT_COMMAND_INVALID', message, { retryable: false, statusCode: 400, ...(field === undefined ? {} : { field: `params.${field}` }) });

/** CommandConflict: the command is well-formed but the incident's state forbids it (HTTP 409). */
export const CommandConflict = (message: string) =>
  new AiopsError('AIOPS_ERR_INCIDENT_COMMAND_CONFLICT', message, { retryable: false, statusCode: 409 });

/** IncidentUnknown: a command for an incident that does not exist (HTTP 404). */
export const IncidentUnknown = (id: string) =>
  new AiopsError('AIOPS_ERR_INCIDENT_UNKNOWN', `incident ${id} does not exist`, { retryable: false, statusCode: 404 });
