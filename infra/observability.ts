import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAMES } from '../functions/commons/metric-names.js';

export interface ObservabilityProps {
  alarmEmail?: string;
  silentAfterIntervals: number;
  dispatch: lambda.IFunction;
  ingest: lambda.IFunction;
  publish: lambda.IFunction;
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  api: apigwv2.IHttpApi;
}

/** Publish answers slower than this (p95, ms) for 15 minutes page someone. */
export const PUBLISH_P95_LATENCY_MS = 1_000;
/** Server errors from the API in 5 minutes that page someone. */
export const PUBLISH_5XX_PER_5_MIN = 5;

/** A metric the functions emit in EMF through Powertools (namespace Wirefeed, dimension service). */
function emf(service: keyof typeof SERVICE_NAMES, metricName: string, statistic = 'Sum', period = Duration.minutes(5)) {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAMES[service] },
    statistic,
    period,
  });
}

/** Creates one alarm that notifies the topic on alarm and on recovery. */
type AlarmFactory = (name: string, metric: cloudwatch.IMetric, options: Omit<cloudwatch.CreateAlarmOptions, 'metric'>) => cloudwatch.Alarm;

/** The alarmed metrics the dashboard graphs as well. */
type AlarmedMetrics = Record<'dlqDepth' | 'ingestErrors' | 'dispatchErrors' | 'backlogAge' | 'silence' | 'api5xx' | 'apiLatency', cloudwatch.IMetric>;

/**
 * The alarms (DLQ depth, ingest and dispatch errors, queue backlog, a silent partner, publish 5xx and latency), all
 * sent to one SNS topic with an optional email subscription, and a dashboard of the same numbers.
 */
export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = this.createTopic(props.alarmEmail);
    const notify = new actions.SnsAction(this.topic);
    const alarm: AlarmFactory = (name, metric, options) => {
      const created = new cloudwatch.Alarm(this, name, { ...options, metric, actionsEnabled: true });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };
    const metrics = { ...this.alarmOnIngestion(props, alarm), ...this.alarmOnPublishing(props, alarm) };
    this.dashboard = this.createDashboard(props, metrics);
  }

  /** The alarm topic, encrypted with a key CloudWatch may use, with the optional email subscription. */
  private createTopic(alarmEmail: string | undefined): sns.Topic {
    // CloudWatch cannot publish to a topic encrypted with the AWS managed aws/sns key: it needs a key whose policy
    // lets the CloudWatch service use it.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'wirefeed alarm topic encryption',
      enableKeyRotation: true,
      // Deleting the stack schedules the key's deletion (after 7 days) instead of leaving it billed forever.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'Alarms', { displayName: 'wirefeed alarms', masterKey: key, enforceSSL: true });
    if (alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(alarmEmail));
    return topic;
  }

  /** The alarms on the dispatcher, the queue and the ingest workers; returns their metrics for the dashboard. */
  private alarmOnIngestion(props: ObservabilityProps, alarm: AlarmFactory) {
    const dlqDepth = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' });
    alarm('DeadLetters', dlqDepth, {
      alarmDescription: 'Ingest messages failed three times and were dead-lettered: a partner run crashed repeatedly.',
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const ingestErrors = props.ingest.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
    alarm('IngestErrors', ingestErrors, {
      alarmDescription: 'The ingest function crashed or timed out (a failed batch item is retried, then dead-lettered: see DeadLetters).',
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const dispatchErrors = props.dispatch.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
    alarm('DispatchErrors', dispatchErrors, {
      alarmDescription: 'The dispatcher failed: no partner is being polled.',
      threshold: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const backlogAge = props.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' });
    alarm('IngestBacklog', backlogAge, {
      alarmDescription: 'Due partners wait more than 10 minutes in the queue: ingest concurrency is too low or workers are stuck.',
      threshold: 600,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const silence = emf('dispatch', METRIC.maxSilentIntervals, 'Maximum');
    alarm('PartnerSilent', silence, {
      alarmDescription: `A partner has had no successful fetch for more than ${props.silentAfterIntervals} of its polling intervals (the dispatcher log names it: mostSilentPartnerId).`,
      threshold: props.silentAfterIntervals,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // The dispatcher reports every minute; no data means nobody is watching the partners.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    return { dlqDepth, ingestErrors, dispatchErrors, backlogAge, silence };
  }

  /** The alarms on the publishing API; returns their metrics for the dashboard. */
  private alarmOnPublishing(props: ObservabilityProps, alarm: AlarmFactory) {
    const api5xx = props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    alarm('Publish5xx', api5xx, {
      alarmDescription: 'The publishing API answers with server errors.',
      threshold: PUBLISH_5XX_PER_5_MIN,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const apiLatency = props.api.metricLatency({ period: Duration.minutes(5), statistic: 'p95' });
    alarm('PublishLatency', apiLatency, {
      alarmDescription: `The publishing API's p95 latency is above ${PUBLISH_P95_LATENCY_MS} ms.`,
      threshold: PUBLISH_P95_LATENCY_MS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return { api5xx, apiLatency };
  }

  /** One dashboard: the alarms' states, then dispatch, ingest and API graphs. */
  private createDashboard(props: ObservabilityProps, metrics: AlarmedMetrics): cloudwatch.Dashboard {
    const { dlqDepth, ingestErrors, dispatchErrors, backlogAge, silence, api5xx, apiLatency } = metrics;
    const graph = (title: string, left: cloudwatch.IMetric[], width = 8) => new cloudwatch.GraphWidget({ title, left, width, height: 6 });
    return new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: Stack.of(this).stackName,
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 }),
        ],
        [
          graph('Dispatch: due / enqueued / refused', [
            emf('dispatch', METRIC.partnersDue),
            emf('dispatch', METRIC.partnersEnqueued),
            emf('dispatch', METRIC.enqueueFailures),
          ]),
          graph('Longest partner silence (intervals)', [silence]),
          graph('Queue: oldest message (s), dead letters', [backlogAge, dlqDepth]),
        ],
        [
          graph('Ingest: fetches, 304s, failures', [
            emf('ingest', METRIC.fetches),
            emf('ingest', METRIC.notModified),
            emf('ingest', METRIC.ingestFailures),
            emf('ingest', METRIC.parseFailures),
            emf('ingest', METRIC.truncatedFetches),
          ]),
          graph('Articles: new / updated / unchanged / items skipped', [
            emf('ingest', METRIC.articlesNew),
            emf('ingest', METRIC.articlesUpdated),
            emf('ingest', METRIC.articlesUnchanged),
            emf('ingest', METRIC.itemsSkipped),
          ]),
          graph('Ingest duration per partner (ms, p50 / p95)', [
            emf('ingest', METRIC.ingestDuration, 'p50'),
            emf('ingest', METRIC.ingestDuration, 'p95'),
          ]),
        ],
        [
          graph('API requests, 4xx, 5xx', [
            props.api.metricCount({ period: Duration.minutes(5), statistic: 'Sum' }),
            props.api.metricClientError({ period: Duration.minutes(5), statistic: 'Sum' }),
            api5xx,
          ]),
          graph('API latency (ms, p50 / p95)', [props.api.metricLatency({ period: Duration.minutes(5), statistic: 'p50' }), apiLatency]),
          graph('Function errors and throttles', [
            ingestErrors,
            dispatchErrors,
            props.publish.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
            props.ingest.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
          ]),
        ],
      ],
    });
  }
}
