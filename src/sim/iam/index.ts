// IAM for the simulators: identity-based policies evaluated per request as AWS does, so a call the
// deployed role would be refused is refused here too.
//
// Hooking a JSON-protocol simulator (Organizations, CloudTrail, …) in:
//   1. Write `services/<service>.ts` exporting a `ServiceAuthorization`: the IAM `prefix` and, for every
//      operation the simulator answers, a function from the request's JSON input (and whatever context the
//      simulator passes, e.g. who owns a resource) to the resource ARNs the Service Authorization
//      Reference lists for that action — `["*"]` where it lists no resource type. `actions` renames an
//      operation whose IAM action differs from its name.
//   2. In the simulator's request handler, when it was given an `Iam`, call
//        authorizeOperation(iam, service, { operation, input, accessKeyId: accessKeyOf(req.headers.authorization), context })
//      before running the operation, and answer a denial with `jsonDenial` (or `restJsonDenial`,
//      `queryDenial` for other protocols).
//   A double that cannot be changed (dynalite) goes behind `startJsonProxy` instead.
// Tests bind access keys to principals with `iam.bind(key, { arn, policies })`; the STS simulator binds
// the credentials AssumeRole hands out to the role's policies.

export {
  type AuthRequest,
  type AuthResult,
  accessKeyOf,
  type Denial,
  type Denied,
  Iam,
  type Principal,
} from './iam.js';
export { type RunningProxy, startJsonProxy } from './json-proxy.js';
export {
  actionMatches,
  type Decision,
  evaluate,
  type PolicyDocument,
  parsePolicy,
  resourceMatches,
} from './policy.js';
export { type DenialResponse, jsonDenial, queryDenial, restJsonDenial } from './responses.js';
export {
  authorizeOperation,
  type Input,
  type ServiceAuthorization,
  UnmappedOperationError,
} from './service.js';
export { type CloudTrailContext, cloudTrailAuthorization } from './services/cloudtrail.js';
export { type DynamoContext, dynamoDbAuthorization } from './services/dynamodb.js';
export { type IdentityStoreContext, identityStoreAuthorization } from './services/identitystore.js';
export { type LambdaContext, lambdaAuthorization } from './services/lambda.js';
export { type OrganizationsContext, organizationsAuthorization } from './services/organizations.js';
export { type SecretsContext, secretsManagerAuthorization } from './services/secrets-manager.js';
export { ssoAdminAuthorization } from './services/sso-admin.js';
export { stsAuthorization } from './services/sts.js';
