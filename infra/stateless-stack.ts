import { ArnFormat, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SERVICE_NAMES } from '../functions/commons/metric-names.js';
import { PARTNERS_PARTITION, TABLE } from '../shared/adapters/dynamo/table.js';
import { Observability } from './observability.js';
import type { DeploySettings } from './settings.js';
import { secretsStoreDefine } from './lambda-build.js';
import { WirefeedFunction } from './wirefeed-function.js';

export interface StatelessStackProps extends StackProps {
  settings: DeploySettings;
  table: dynamodb.ITable;
  rawBucket: s3.IBucket;
  /** Fn::ImportValue of the raw bucket's ARN (StatefulStack.rawBucketArnImport). */
  rawBucketArnImport: string;
  logBucket: s3.IBucket;
}

/** Receives before a message is dead-lettered. */
const MAX_RECEIVES = 3;

/** Fetching a partner is capped at FETCH_TIMEOUT_MS (15 s); a batch of them runs one after another. */
const INGEST_SECONDS_PER_MESSAGE = 20;

/**
 * Everything that can be replaced at will: the functions, the queue, the schedule, the API and the alarms.
 *
 *   EventBridge rule (every minute) → dispatch λ → SQS FIFO (group = partner, DLQ) → ingest λ → DynamoDB + S3
 *   client → [CloudFront] → API Gateway HTTP API → publish λ → DynamoDB
 *
 * HTTP API rather than REST API: the feeds are public and read-only, so the REST API's usage plans and API keys
 * buy nothing here, while the HTTP API costs $1.00 instead of $3.50 per million requests, adds less latency, and
 * still gives stage throttling and access logs. A private partner feed needing API keys would be a REST API.
 */
export class StatelessStack extends Stack {
  readonly dispatch: WirefeedFunction;
  readonly ingest: WirefeedFunction;
  readonly publish: WirefeedFunction;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly api: apigwv2.HttpApi;
  readonly distribution?: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const logRetention = settings.logRetentionDays as logs.RetentionDays;
    const ingestTimeout = Duration.seconds(INGEST_SECONDS_PER_MESSAGE * settings.ingestBatchSize + 30);
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = this.createIngestQueues(ingestTimeout));
    ({ dispatch: this.dispatch, ingest: this.ingest, publish: this.publish } = this.createFunctions(props, ingestTimeout, logRetention));
    this.grantLeastPrivilege(props);
    this.scheduleDispatcher();
    const { api, stage, customDomain } = this.createApi(settings, logRetention);
    this.api = api;

    // ---- Optional CloudFront --------------------------------------------------------------------------------
    let publicUrl: string | undefined = settings.domainName ? `https://${settings.domainName}` : undefined;
    if (settings.cloudFront) {
      this.distribution = this.createDistribution(settings, props.logBucket);
      publicUrl ??= `https://${this.distribution.distributionDomainName}`;
    }
    // Self links in feeds must name the address readers use, not the execute-api host behind CloudFront.
    // A deployed publish function never builds links from the Host header: without a domain or CloudFront, the
    // API's own execute-api address is the base (the Host check in publish.ts is for the local stack).
    this.publish.fn.addEnvironment('PUBLIC_BASE_URL', publicUrl ?? api.apiEndpoint);

    // ---- Alarms and dashboard -------------------------------------------------------------------------------
    new Observability(this, 'Observability', {
      alarmEmail: settings.alarmEmail,
      silentAfterIntervals: settings.silentAfterIntervals,
      dispatch: this.dispatch.fn,
      ingest: this.ingest.fn,
      publish: this.publish.fn,
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      api: this.api,
    });

    this.addOutputs(settings, stage, customDomain, publicUrl);
  }

  /** The FIFO ingest queue and its dead-letter queue, timed from the ingest function's timeout. */
  private createIngestQueues(ingestTimeout: Duration): { queue: sqs.Queue; deadLetterQueue: sqs.Queue } {
    // ---- Queue ----------------------------------------------------------------------------------------------
    // AWS's advice for Lambda consumers: six times the function timeout, so retries of a throttled batch never
    // see a message reappear while a worker still holds it.
    const visibilityTimeout = Duration.seconds(ingestTimeout.toSeconds() * 6);
    const deadLetterQueue = new sqs.Queue(this, 'IngestDeadLetters', {
      fifo: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the ingest queue; its depth is alarmed on.',
    });
    const queue = new sqs.Queue(this, 'IngestQueue', {
      // FIFO with one message group per partner: a partner is never ingested twice at once, and the dispatcher's
      // deduplication id (partner + due time) drops the repeat a slow queue would otherwise get every minute.
      fifo: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      // Long enough for every attempt to happen and the last failure to reach the dead-letter queue; a shorter
      // retention would silently drop a failing message before its DLQ alarm could fire.
      retentionPeriod: Duration.seconds(visibilityTimeout.toSeconds() * (MAX_RECEIVES + 1)),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });
    return { queue, deadLetterQueue };
  }

  /** The three functions, the ingest worker fed by the queue (needs this.queue). */
  private createFunctions(
    props: StatelessStackProps,
    ingestTimeout: Duration,
    logRetention: logs.RetentionDays,
  ): { dispatch: WirefeedFunction; ingest: WirefeedFunction; publish: WirefeedFunction } {
    const { settings, table, rawBucket } = props;
    // ---- Functions ------------------------------------------------------------------------------------------
    const dispatch = new WirefeedFunction(this, 'Dispatch', {
      name: 'dispatch',
      serviceName: SERVICE_NAMES.dispatch,
      description: 'wirefeed: every minute, enqueues the partners that are due',
      memorySize: 256,
      timeout: Duration.seconds(50),
      logRetention,
      environment: { TABLE_NAME: table.tableName, INGEST_QUEUE_URL: this.queue.queueUrl },
      // One tick at a time: two overlapping ticks would only race to enqueue the same partners.
      reservedConcurrentExecutions: 1,
      retryAttempts: 0,
    });

    const ingest = new WirefeedFunction(this, 'Ingest', {
      name: 'ingest',
      serviceName: SERVICE_NAMES.ingest,
      description: 'wirefeed: fetches, archives, normalizes and stores one partner feed per message',
      memorySize: 1024,
      timeout: ingestTimeout,
      logRetention,
      environment: {
        TABLE_NAME: table.tableName,
        RAW_BUCKET_NAME: rawBucket.bucketName,
        SECRETS_SOURCE: settings.secretsSource,
        ARTICLE_RETENTION_DAYS: String(settings.articleRetentionDays),
        ...(settings.contactUrl ? { CONTACT_URL: settings.contactUrl } : {}),
      },
      // The bundle carries the client of this store only; SECRETS_SOURCE above is the same setting.
      define: secretsStoreDefine(settings.secretsSource),
      // Caps how many partner feeds wirefeed fetches at once, whatever the backlog: polite to partners, and it
      // keeps a flood of work from taking the account's whole Lambda concurrency.
      reservedConcurrentExecutions: settings.ingestConcurrency,
    });
    ingest.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.ingestBatchSize,
        // One broken partner fails its own message, never the batch.
        reportBatchItemFailures: true,
        maxConcurrency: settings.ingestConcurrency,
      }),
    );

    const publish = new WirefeedFunction(this, 'Publish', {
      name: 'publish',
      serviceName: SERVICE_NAMES.publish,
      description: 'wirefeed: serves RSS, Atom, JSON Feed and the article API',
      memorySize: 512,
      timeout: Duration.seconds(10),
      logRetention,
      environment: { TABLE_NAME: table.tableName },
    });
    return { dispatch, ingest, publish };
  }

  /** Each function's role gets only the actions it sends, on only the resources it touches. */
  private grantLeastPrivilege(props: StatelessStackProps): void {
    const { settings, table } = props;
    // ---- Least privilege, per function ----------------------------------------------------------------------
    const indexArns = Object.values(TABLE.indexes).map((index) => `${table.tableArn}/index/${index.name}`);
    this.dispatch.role.addToPolicy(
      new iam.PolicyStatement({ sid: 'ReadPartnerStates', actions: ['dynamodb:GetItem'], resources: [table.tableArn] }),
    );
    // Partners live in one partition of the table (shared/adapters/dynamo/table.ts): the dispatcher may list that one only.
    this.dispatch.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListPartners',
        actions: ['dynamodb:Query'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [PARTNERS_PARTITION] } },
      }),
    );
    this.dispatch.role.addToPolicy(
      new iam.PolicyStatement({ sid: 'EnqueueDuePartners', actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    this.ingest.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWriteArticlesAndState',
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query'],
        resources: [table.tableArn],
      }),
    );
    this.ingest.role.addToPolicy(
      new iam.PolicyStatement({ sid: 'QueryIndexes', actions: ['dynamodb:Query'], resources: indexArns }),
    );
    const rawObjects = `${props.rawBucketArnImport}/*`;
    this.ingest.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ArchiveRawPayloads',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [rawObjects],
      }),
    );
    // Without ListBucket a missing object reads as 403 instead of 404, and the archive could not tell "absent".
    this.ingest.role.addToPolicy(
      new iam.PolicyStatement({ sid: 'ListRawPayloads', actions: ['s3:ListBucket'], resources: [props.rawBucketArnImport] }),
    );
    Validations.of(this.ingest.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(this, rawObjects)}]`,
      reason: 'Raw payload keys are content hashes, unknown in advance: object ARNs need the bucket/* wildcard.',
    });
    this.publish.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadArticles',
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [table.tableArn],
      }),
    );
    this.publish.role.addToPolicy(new iam.PolicyStatement({ sid: 'QueryIndexes', actions: ['dynamodb:Query'], resources: indexArns }));
    // The ingest role's SQS receive/delete grants are added by the event source, on this queue only.

    // The publish function reads partners (their settings and fetch states) with the read-only grants above: it
    // can show them, never change them. Partners are written only by `wirefeed partners` with the user's own IAM
    // credentials, so there is no write endpoint to protect.
    this.grantPartnerSecrets(settings);
  }

  /** The every-minute rule that runs the dispatcher. */
  private scheduleDispatcher(): void {
    // ---- Schedule -------------------------------------------------------------------------------------------
    new events.Rule(this, 'EveryMinute', {
      description: 'wirefeed: run the dispatcher',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.dispatch.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
  }

  /** The HTTP API in front of the publish function: GET/HEAD routes, a throttled stage with access logs, a domain. */
  private createApi(
    settings: DeploySettings,
    logRetention: logs.RetentionDays,
  ): { api: apigwv2.HttpApi; stage: apigwv2.HttpStage; customDomain?: apigwv2.DomainName } {
    // ---- Publishing API -------------------------------------------------------------------------------------
    const api = new apigwv2.HttpApi(this, 'Api', {
      description: 'wirefeed public feeds and article API',
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('Publish', this.publish.fn, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    const methods = [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.HEAD];
    const routes = [
      ...api.addRoutes({ path: '/', methods, integration }),
      ...api.addRoutes({ path: '/{proxy+}', methods, integration }),
    ];
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'Public syndication feeds, read-only (GET/HEAD), meant for any feed reader; stage throttling bounds abuse.',
      });
    }
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const customDomain =
      settings.domainName && !settings.cloudFront
        ? new apigwv2.DomainName(this, 'ApiDomain', {
            domainName: settings.domainName,
            certificate: acm.Certificate.fromCertificateArn(this, 'ApiCertificate', settings.certificateArn!),
            securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
          })
        : undefined;
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
      ...(customDomain ? { domainMapping: { domainName: customDomain } } : {}),
    });
    return { api, stage, customDomain };
  }

  /** The stack outputs: the execute-api address, the public one, and where to point a custom domain. */
  private addOutputs(
    settings: DeploySettings,
    stage: apigwv2.HttpStage,
    customDomain: apigwv2.DomainName | undefined,
    publicUrl: string | undefined,
  ): void {
    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'The publishing API (execute-api address)' });
    if (publicUrl) new CfnOutput(this, 'PublicUrl', { value: publicUrl, description: 'The address readers use' });
    if (customDomain) {
      new CfnOutput(this, 'DomainTarget', {
        value: customDomain.regionalDomainName,
        description: `Point a CNAME (or alias) for ${settings.domainName} here`,
      });
    }
    if (this.distribution && settings.domainName) {
      new CfnOutput(this, 'DomainTarget', {
        value: this.distribution.distributionDomainName,
        description: `Point a CNAME (or alias) for ${settings.domainName} here`,
      });
    }
  }

  /** Read access to partner secrets under the configured prefix: partners change in the table, without a deploy. */
  private grantPartnerSecrets(settings: DeploySettings): void {
    const name = `${settings.secretsPrefix}*`;
    const resource =
      settings.secretsSource === 'secretsmanager'
        ? this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME })
        : this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, '') });
    const action = settings.secretsSource === 'secretsmanager' ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameter';
    this.ingest.role.addToPolicy(new iam.PolicyStatement({ sid: 'ReadPartnerSecrets', actions: [action], resources: [resource] }));
    Validations.of(this.ingest.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(this, resource)}]`,
      reason: 'Partners are managed in the table at run time, so their secret names are unknown at deploy time: access is limited to the configured prefix.',
    });
  }

  private createDistribution(settings: DeploySettings, accessLogBucket: s3.IBucket): cloudfront.Distribution {
    // CloudFront standard logs are written with ACLs, which the other buckets disable; this one allows them.
    const cdnLogs = new s3.Bucket(this, 'CdnLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'cdn-logs/',
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const certificate = settings.domainName
      ? acm.Certificate.fromCertificateArn(this, 'CdnCertificate', settings.certificateArn!)
      : undefined;
    const distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'wirefeed feeds',
      defaultBehavior: {
        origin: new origins.HttpOrigin(Fn.select(2, Fn.split('/', this.api.apiEndpoint)), {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // The publish function sets Cache-Control (CACHE_MAX_AGE_SECONDS); CloudFront follows it.
        cachePolicy: new cloudfront.CachePolicy(this, 'FeedCache', {
          comment: 'wirefeed: honour the origin Cache-Control, key on the query string',
          minTtl: Duration.seconds(0),
          defaultTtl: Duration.seconds(0),
          maxTtl: Duration.days(1),
          queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
          // The publisher chooses the representation by these (and says so in Vary), but CloudFront ignores Vary:
          // without them in the key, a browser's HTML page of /feeds/all.rss would be served to feed readers.
          headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Accept', 'Sec-Fetch-Dest'),
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        }),
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: cdnLogs,
      logFilePrefix: 'cloudfront/',
      ...(certificate ? { domainNames: [settings.domainName!], certificate } : {}),
    });
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Syndicated feeds are read worldwide; there is no country to block.',
    });
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason: 'Read-only public feeds behind API Gateway stage throttling; a web ACL (from $5/month plus rules) is left to the deployer.',
    });
    if (!certificate) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: 'Without a custom domain the default *.cloudfront.net certificate is used, whose TLS floor cannot be set; with one, TLS 1.2 (2021) is enforced.',
      });
    }
    return distribution;
  }
}

/** How cdk-nag spells a resource ARN in a finding id: the resolved string, with each token written as cdk-nag does. */
function nagArn(stack: Stack, arn: string): string {
  const resolved = stack.resolve(arn) as unknown;
  if (typeof resolved === 'string') return resolved;
  const parts = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const token = part as { Ref?: string; 'Fn::ImportValue'?: string; 'Fn::GetAtt'?: [string, string] };
      if (token.Ref) return `<${token.Ref}>`;
      if (token['Fn::ImportValue']) return token['Fn::ImportValue'];
      if (token['Fn::GetAtt']) return `<${token['Fn::GetAtt'].join('.')}>`;
      return JSON.stringify(part);
    })
    .join('');
}
