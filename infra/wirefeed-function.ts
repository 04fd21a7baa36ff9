import { join, resolve } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_ALIASES } from './lambda-build.js';

/** The repository root: handlers are found from here whatever the working directory. */
export const ROOT = resolve(import.meta.dirname, '..');

/** The newest Node.js runtime this aws-cdk-lib knows, which is what cdk-nag's AwsSolutions-L1 asks for. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The esbuild options every function is bundled with, exported so the bundle-size report builds exactly what is
 * deployed. ESM output, with `require` recreated for the few CommonJS dependencies (the X-Ray SDK under the tracer).
 */
export const BUNDLING: nodejs.BundlingOptions = {
  minify: true,
  sourceMap: true,
  sourceMapMode: nodejs.SourceMapMode.DEFAULT,
  sourcesContent: false,
  format: nodejs.OutputFormat.ESM,
  // Prefer the SDK's ES module builds, which esbuild can tree-shake.
  mainFields: ['module', 'main'],
  // Bundle the AWS SDK v3 clients rather than use the runtime's copy: a pinned, tested version and a smaller
  // cold start for the few commands each function sends.
  bundleAwsSDK: true,
  banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  forceDockerBundling: false,
  charset: nodejs.Charset.UTF8,
  // aws-cdk-lib's NodejsFunction accepts `charset` but passes no --charset flag to esbuild (bundling.js), so
  // without this every non-ASCII character of the bundle is escaped: 51 KB more in ingest (its charset and
  // language tables), the same module init (measured: CPU time of the import, 9 alternating runs).
  esbuildArgs: {
    '--charset': 'utf8',
    '--alias': Object.entries(LAMBDA_ALIASES).map(([name, path]) => `${name}=${path}`),
  },
};

export interface WirefeedFunctionProps {
  /** functions/<name>/handler.ts */
  name: 'dispatch' | 'ingest' | 'publish';
  serviceName: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  logRetention: logs.RetentionDays;
  /** Only the environment variables this function reads (see shared/config.ts). */
  environment: Record<string, string>;
  reservedConcurrentExecutions?: number;
  /** Build-time constants (esbuild `define`), for code the function's settings leave unused. */
  define?: Record<string, string>;
  /** Asynchronous invocation retries (the scheduled dispatcher needs none: the next tick comes a minute later). */
  retryAttempts?: number;
}

/**
 * One wirefeed Lambda: NodejsFunction bundled locally with esbuild, ARM64, its own role (no managed policies:
 * grants are added per function by the stack), its own log group with a retention, X-Ray tracing and JSON logs.
 */
export class WirefeedFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WirefeedFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      // Operational logs only, bounded by the retention: they go with the stateless stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `wirefeed ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      retryAttempts: props.retryAttempts,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: { ...BUNDLING, define: props.define },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; AWS requires "*".',
    });
  }
}
