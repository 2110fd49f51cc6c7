// The CloudTrail Lake simulator: StartQuery, DescribeQuery and GetQueryResults over its real wire protocol,
// running the SQL it is sent over its events.

export {
  knownField,
  lakeTimestamp,
  type SessionEvent,
  type SimEventInput,
  ssoSessionEvent,
} from './events.js';
export { type RunningCloudTrailSim, startCloudTrailSim } from './server.js';
export {
  type AuthorizeHook,
  type AuthorizeRequest,
  CloudTrailError,
  CloudTrailSim,
  type CloudTrailSimOptions,
  DEFAULT_EVENT_DATA_STORE,
  type QueryRecord,
} from './simulator.js';
export { compileQuery, SqlError } from './sql.js';
