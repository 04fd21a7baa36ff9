/**
 * An AWS SDK v3 middleware that counts the calls a client makes, per command, with the DynamoDB capacity they
 * consumed and the items they wrote (by key prefix: ART, CAT, PARTNER, RUN…). The benchmark uses it to price an
 * ingestion; it works on any client (DynamoDB, S3) and changes nothing but, when asked, ReturnConsumedCapacity.
 */

/** Running totals; one counter may be shared by several clients. */
export interface AwsCallCounts {
  /** Calls by command name without the "Command" suffix, e.g. PutObject, BatchWriteItem. */
  byCommand: Record<string, number>;
  /** Calls that failed (they are still counted in byCommand: AWS bills most of them). */
  failed: number;
  readCapacity: number;
  writeCapacity: number;
  /** Items written (put, updated or deleted), by the prefix of their partition key before '#'. */
  itemsWritten: Record<string, number>;
}

export function emptyCounts(): AwsCallCounts {
  return { byCommand: {}, failed: 0, readCapacity: 0, writeCapacity: 0, itemsWritten: {} };
}

export const DYNAMODB_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
export const DYNAMODB_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const CAPACITY_COMMANDS = new Set([...DYNAMODB_READS, ...DYNAMODB_WRITES]);

/** What a client looks like to this middleware: only its stack is touched. */
interface ClientWithStack {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string; override?: boolean }): void;
  };
}

type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;

export interface CountingOptions {
  /** Ask DynamoDB for ConsumedCapacity (TOTAL) on calls that do not ask for it already. */
  requestConsumedCapacity?: boolean;
  /** Partition key attribute whose prefix names the kind of item written (default "pk"). */
  partitionKey?: string;
}

/** Adds the counting middleware to a client (once: adding it again replaces it). */
export function countAwsCalls(client: ClientWithStack, counts: AwsCallCounts, options: CountingOptions = {}): void {
  const pk = options.partitionKey ?? 'pk';
  const middleware =
    (next: Handler, context: { commandName?: string }) =>
    async (args: { input: Record<string, unknown> }) => {
      const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      counts.byCommand[command] = (counts.byCommand[command] ?? 0) + 1;
      let call = args;
      if (options.requestConsumedCapacity && CAPACITY_COMMANDS.has(command) && args.input.ReturnConsumedCapacity === undefined) {
        call = { ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } };
      }
      if (DYNAMODB_WRITES.has(command)) for (const key of writtenKeys(command, call.input, pk)) add(counts.itemsWritten, key, 1);
      try {
        const result = await next(call);
        addCapacity(counts, command, result.output?.ConsumedCapacity);
        return result;
      } catch (error) {
        counts.failed++;
        throw error;
      }
    };
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'wirefeedCallCounter', override: true });
}

function add(record: Record<string, number>, key: string, n: number): void {
  record[key] = (record[key] ?? 0) + n;
}

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

function addCapacity(counts: AwsCallCounts, command: string, consumed: unknown): void {
  if (consumed === undefined || consumed === null) return;
  for (const c of (Array.isArray(consumed) ? consumed : [consumed]) as Capacity[]) {
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      counts.readCapacity += c.ReadCapacityUnits ?? 0;
      counts.writeCapacity += c.WriteCapacityUnits ?? 0;
    } else if (c.CapacityUnits !== undefined) {
      // TOTAL often gives only CapacityUnits; which kind they are follows from the command.
      if (DYNAMODB_READS.has(command)) counts.readCapacity += c.CapacityUnits;
      else counts.writeCapacity += c.CapacityUnits;
    }
  }
}

/** Kind (partition key prefix) of every item a write command touches. */
export function writtenKeys(command: string, input: Record<string, any>, pk = 'pk'): string[] {
  const kindOf = (item: Record<string, any> | undefined): string => {
    const value = item?.[pk]?.S ?? item?.[pk];
    if (typeof value !== 'string') return '?';
    const hash = value.indexOf('#');
    return hash === -1 ? value : value.slice(0, hash);
  };
  switch (command) {
    case 'PutItem':
      return [kindOf(input.Item)];
    case 'UpdateItem':
    case 'DeleteItem':
      return [kindOf(input.Key)];
    case 'BatchWriteItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, Array<Record<string, any>>>).flatMap((requests) =>
        requests.map((r) => kindOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
      );
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Array<Record<string, any>>)
        .filter((t) => !t.ConditionCheck)
        .map((t) => kindOf(t.Put?.Item ?? t.Update?.Key ?? t.Delete?.Key));
    default:
      return [];
  }
}
