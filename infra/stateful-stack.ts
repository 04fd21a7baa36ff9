import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE } from '../shared/adapters/dynamo/table.js';

export interface StatefulStackProps extends StackProps {
  /** Raw payloads expire after this many days (0 keeps them forever). */
  rawExpiryDays: number;
}

/**
 * What must outlive any deployment: the articles table and the raw payload bucket. Both are retained when the
 * stack is deleted, so a tear-down never loses data by accident (deleting them is a separate, deliberate step).
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly rawBucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  /**
   * The raw bucket's ARN as an import with a fixed export name: the ingest policy's "bucket/*" resource then reads
   * the same at construction and synthesis, so its cdk-nag acknowledgment can name it exactly.
   */
  readonly rawBucketArnImport: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    // Keys, indexes and TTL come from the one definition shared with the adapters and the local stack.
    const attr = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Articles', {
      partitionKey: attr(TABLE.partitionKey),
      sortKey: attr(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The AWS managed key (aws/dynamodb): no key to manage, and its use shows in CloudTrail.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of Object.values(TABLE.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attr(index.partitionKey),
        sortKey: attr(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket itself; logging it into itself would loop and into another only moves the finding.',
    });

    const expiry = props.rawExpiryDays > 0 ? { expiration: Duration.days(props.rawExpiryDays) } : {};
    this.rawBucket = new s3.Bucket(this, 'RawPayloads', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'raw-payloads/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'raw-to-infrequent-access',
          // Raw copies are read again only to replay a partner after a parser fix: rarely, after the first weeks.
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          ...expiry,
          // Versioning keeps overwritten copies; they follow the same path and are gone a week after replacement.
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // `wirefeed partners …` finds the table (and `refresh` the bucket) from these outputs, with the user's credentials.
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The articles table (partners live in it too)' });
    new CfnOutput(this, 'RawBucketName', { value: this.rawBucket.bucketName, description: 'The raw payload bucket' });
    this.rawBucketArnImport = this.exportValue(this.rawBucket.bucketArn, { name: `${this.stackName}-RawBucketArn` });
  }
}
