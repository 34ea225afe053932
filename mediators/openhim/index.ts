/**
 * The OpenHIM plumbing every mediator shares (OpenHIM core 8.5's mediator API): the registration
 * document and its validation, the API client, registration with heartbeats (or standalone), and
 * the `application/json+openhim` response.
 */
export { OpenHimClient, OpenHimError, type OpenHimClientOptions, type OpenHimFailure } from './core-client.js';
export type { TlsTrust } from './http-request.js';
export {
  MEDIATOR_CONFIG_SCHEMA,
  MediatorConfigError,
  validateMediatorConfig,
  type ChannelDef,
  type ConfigDef,
  type ConfigValues,
  type MediatorConfig,
  type RouteDef,
} from './mediator-config.js';
export {
  OPENHIM_CONTENT_TYPE,
  mediatorResponse,
  recordedBody,
  recordedHeaders,
  sendMediatorResponse,
  transactionStatus,
  type MediatorResponse,
  type Orchestration,
  type OrchestrationRequest,
  type ResponseDetail,
  type TransactionStatus,
} from './mediator-response.js';
export { createRegistrar, type MediatorRegistrar } from './registrar.js';
export { connectMediator, type MediatorLink, type MediatorRegistration, type MediatorStatus, type RegistrationTiming } from './registration.js';
