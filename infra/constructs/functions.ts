// One Lambda function as Latchkey runs them: Node.js 24 on arm64, code from a pre-built bundle folder,
// its own role and its own log group with a fixed retention.

import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

export interface LatchkeyFunctionProps {
  description: string;
  /** A folder holding index.mjs (see infra/bundle.ts). */
  bundleDir: string;
  environment: Record<string, string>;
  timeout: Duration;
  memorySize?: number;
  reservedConcurrentExecutions?: number;
}

export class LatchkeyFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LatchkeyFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: LOG_RETENTION });
    // A role of its own, without the AWS managed basic-execution policy: it may write to its log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Latchkey ${id}: ${props.description}`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.fn = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(props.bundleDir),
      role: this.role,
      logGroup: this.logGroup,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 512,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    });
  }
}
