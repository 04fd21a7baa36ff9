import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../config.js';
import type { Partner } from '../model/partner.js';
import type { PartnerDirectory } from '../ports.js';
import { ConfigError } from '../errors.js';
import { loadPartnersFile, parsePartnersText } from '../partners.js';

/** How long a partner list read from SSM is reused before it is read again (edits show up within this time). */
const PARAMETER_CACHE_MS = 5 * 60_000;

/** Partners from the file named by PARTNERS_FILE, read once. */
export class FilePartnerDirectory implements PartnerDirectory {
  private partners?: Promise<Partner[]>;
  constructor(private readonly path: string) {}
  list(): Promise<Partner[]> {
    this.partners ??= loadPartnersFile(this.path).catch((error) => {
      this.partners = undefined;
      throw error;
    });
    return this.partners;
  }
}

/** Partners from an SSM parameter holding the same JSON as the file, re-read every few minutes. */
export class SsmPartnerDirectory implements PartnerDirectory {
  private cached?: { at: number; partners: Partner[] };
  constructor(
    private readonly ssm: SSMClient,
    private readonly parameterName: string,
    private readonly nowMs: () => number = Date.now,
  ) {}
  async list(): Promise<Partner[]> {
    if (this.cached && this.nowMs() - this.cached.at < PARAMETER_CACHE_MS) return this.cached.partners;
    const { Parameter } = await this.ssm.send(new GetParameterCommand({ Name: this.parameterName, WithDecryption: true }));
    if (!Parameter?.Value) throw new ConfigError(`SSM parameter ${this.parameterName} is empty`);
    const partners = parsePartnersText(Parameter.Value, `SSM parameter ${this.parameterName}`);
    this.cached = { at: this.nowMs(), partners };
    return partners;
  }
}

/** Whether the configuration names a partner source at all (publish and replay can run without one). */
export function partnersConfigured(config: Pick<Config, 'PARTNERS_FILE' | 'PARTNERS_PARAMETER'>): boolean {
  return Boolean(config.PARTNERS_FILE || config.PARTNERS_PARAMETER);
}

/** The partner directory the configuration names (a file, or an SSM parameter). */
export function createPartnerDirectory(config: Config, ssm: () => SSMClient = () => new SSMClient({})): PartnerDirectory {
  // A static import on purpose: esbuild tree-shakes named imports to the one command used, whereas a dynamic
  // import() keeps the whole SSM client (measured: 226 KB of every Lambda bundle).
  if (config.PARTNERS_PARAMETER) return new SsmPartnerDirectory(ssm(), config.PARTNERS_PARAMETER);
  if (config.PARTNERS_FILE) return new FilePartnerDirectory(config.PARTNERS_FILE);
  throw new ConfigError('no partners configured: set PARTNERS_FILE (a JSON file) or PARTNERS_PARAMETER (an SSM parameter)');
}
