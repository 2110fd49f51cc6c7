// Where failed asynchronous work ends up, and who hears about it: one dead-letter queue for the worker's
// jobs and the sweeper's runs, an alarm on its depth, an alarm on sweeps that keep failing (a revocation
// that keeps failing makes the sweep exit with an error, so access would outlive its grant), and an alarm on
// the Slack handler's errors (Slack then shows the person an error, or retries an event).

import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export function deadLetterQueue(scope: Construct, id = 'FailedWork'): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter destination of the worker and the sweeper; nothing consumes it.',
  });
  return queue;
}

/**
 * The dead-letter queue as an asynchronous invocation's on-failure destination. Lambda sends the failed
 * event with the function's own role, and needs `sqs:SendMessage` on the queue for it (AWS Lambda Developer
 * Guide, "Capturing records of Lambda asynchronous invocations"); CDK's `SqsDestination` grants
 * `grantSendMessages`, which adds GetQueueAttributes and GetQueueUrl that nothing calls.
 */
export class DeadLetterDestination implements lambda.IDestination {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetterFailedWork',
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
      }),
    );
    return { destination: this.queue.queueArn };
  }
}

export interface FailureAlarmsProps {
  handler: lambda.IFunction;
  sweeper: lambda.IFunction;
  deadLetters: sqs.IQueue;
  /** An SNS topic to notify; without one the alarms show in the CloudWatch console only. */
  alarmTopicArn?: string;
}

export function failureAlarms(scope: Construct, props: FailureAlarmsProps): cloudwatch.Alarm[] {
  const sweepFailing = new cloudwatch.Alarm(scope, 'SweepFailing', {
    alarmDescription:
      'Latchkey sweeps keep failing: expired access may not be revoked. Read the sweeper log group.',
    metric: props.sweeper.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const deadLettered = new cloudwatch.Alarm(scope, 'WorkDeadLettered', {
    alarmDescription:
      'Latchkey work failed after its retries and was dead-lettered: a grant may be stuck. Read the queue.',
    metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const handlerFailing = new cloudwatch.Alarm(scope, 'SlackHandlerFailing', {
    alarmDescription:
      'The Latchkey Slack handler failed or timed out: Slack requests went unanswered or unqueued. Read its log group.',
    metric: props.handler.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const alarms = [sweepFailing, deadLettered, handlerFailing];
  if (props.alarmTopicArn) {
    const topic = sns.Topic.fromTopicArn(scope, 'AlarmTopic', props.alarmTopicArn);
    for (const alarm of alarms) alarm.addAlarmAction(new actions.SnsAction(topic));
  }
  return alarms;
}
