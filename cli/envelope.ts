import type { Envelope } from '../domain/allocate';
import { oneOf } from './io';

export const ENVELOPE_OPTIONS = {
  budget: { type: 'string' },
  'envelope-policy': { type: 'string' },
} as const;

export const ENVELOPE_HELP = `  --budget AMOUNT          budget envelope in yuan (a whole number of fen, or yuan when the rules round to yuan)
  --envelope-policy P      none | cap | exact (default: cap when a budget is given, else none)`;

/** A budget alone means "never exceed it": the safe reading for a finance office. */
export function envelopeFrom(options: { budget?: string; 'envelope-policy'?: string }): Envelope {
  const policy = oneOf(options['envelope-policy'], ['none', 'cap', 'exact'] as const, '--envelope-policy', options.budget ? 'cap' : 'none');
  return { policy, ...(options.budget !== undefined ? { budget: options.budget.replace(/,/g, '') } : {}) };
}
